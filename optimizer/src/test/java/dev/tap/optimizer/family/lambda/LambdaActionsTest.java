package dev.tap.optimizer.family.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaActionsTest {
  final List<String> calls = new ArrayList<>();
  final LambdaApi api = new LambdaApi() {
    @Override public Resource describeFunction(String f, String r) { throw new UnsupportedOperationException(); }
    @Override public void setMemory(String f, String r, int mb) { calls.add("memory " + mb); }
    @Override public void setReservedConcurrency(String f, String r, Integer n) { calls.add("reserved " + n); }
    @Override public void setProvisionedConcurrency(String f, String r, int n) { calls.add("provisioned " + n); }
  };
  final LambdaActions actions = new LambdaActions(api);
  final ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, false);
  final Resource fn = new Resource("fn", LambdaFamily.LAMBDA, "us-east-1", null,
      Map.of("memoryMb", "3008", "reservedConcurrency", "100", "provisionedConcurrency", "50"), Map.of());

  @Test
  void provisionedStaysInsideReservedInBothDirections() {
    actions.converge(LambdaFamily.LAMBDA_CONCURRENCY, fn, Map.of("reservedConcurrency", "20", "provisionedConcurrency", "10"), ctx);
    Resource small = fn.withConfig(Map.of("memoryMb", "3008", "reservedConcurrency", "20", "provisionedConcurrency", "10"));
    actions.converge(LambdaFamily.LAMBDA_CONCURRENCY, small, Map.of("reservedConcurrency", "100", "provisionedConcurrency", "50"), ctx);
    assertThat(calls).containsExactly("provisioned 10", "reserved 20", "reserved 100", "provisioned 50");
  }

  @Test
  void memoryOutsideLambdasRangeIsRefused() {
    assertThat(actions.refusal(LambdaFamily.LAMBDA_MEMORY, fn, Map.of("memoryMb", "64"), ctx)).isPresent();
    assertThat(actions.refusal(LambdaFamily.LAMBDA_MEMORY, fn, Map.of("memoryMb", "1024"), ctx)).isEmpty();
    assertThat(actions.refusal(LambdaFamily.LAMBDA_CONCURRENCY, fn, Map.of("reservedConcurrency", "5", "provisionedConcurrency", "10"), ctx)).isPresent();
  }
}
