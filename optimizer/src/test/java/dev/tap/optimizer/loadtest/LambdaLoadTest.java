package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tap loadtest invoking functions through the Lambda SDK against served Invoke responses (--endpoint-url). */
class LambdaLoadTest {

  @TempDir Path tmp;

  @BeforeAll
  static void credentials() {
    ServedAwsApi.useTestCredentials();
  }

  private Path outputs(String functions) throws Exception {
    Path f = tmp.resolve("outputs.json");
    Files.writeString(f, "{\"TapStagingdev\": {\"StackRegion\": \"us-east-1\", \"LambdaFunctionNames\": \"" + functions + "\"}}");
    return f;
  }

  @Test
  void invokesEveryFunctionAtTheRate() throws Exception {
    try (ServedAwsApi aws = new ServedAwsApi("tap-dev-staging-fn-1", "tap-dev-staging-fn-2")) {
      aws.delayMs = 3;
      Path out = tmp.resolve("out");
      CliRun run = CliRun.of("loadtest", "--outputs", outputs("tap-dev-staging-fn-1,tap-dev-staging-fn-2").toString(), "--endpoint-url", aws.endpoint(),
          "--lambda-payload", "{\"probe\":true}", "--rate", "100", "--duration", "2s", "--yes", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      LoadTestResult r = run.result(out);
      assertThat(r.targets()).extracting(TargetResult::name).containsExactly("lambda:tap-dev-staging-fn-1", "lambda:tap-dev-staging-fn-2");
      for (TargetResult t : r.targets()) {
        assertThat(t.kind()).isEqualTo("lambda");
        assertThat(t.errors()).isEmpty();
        assertThat(t.ok()).isBetween(190L, 210L);
        assertThat(t.latencyMs().p50()).isGreaterThanOrEqualTo(3.0);
      }
      // one checking invocation each, then the load
      assertThat(aws.invocations.get("tap-dev-staging-fn-1").get()).isBetween(191L, 211L);
      assertThat(aws.invocations.get("tap-dev-staging-fn-2").get()).isBetween(191L, 211L);
    }
  }

  @Test
  void functionErrorsAndALostEndpointAreCounted() throws Exception {
    ServedAwsApi aws = new ServedAwsApi("fn-ok");
    try {
      Path out = tmp.resolve("out");
      // Driven by the calls served, not by wall time, so a slow machine cannot move the counts:
      // the check call and 30 good calls, then function errors, then the endpoint goes away.
      Thread breaker = new Thread(() -> {
        awaitInvocations(aws, 31);
        aws.failing.put("fn-ok", true);
        awaitInvocations(aws, 61);
        aws.close();
      });
      breaker.start();
      CliRun run = CliRun.of("loadtest", "--lambda-function", "fn-ok", "--region", "us-east-1", "--endpoint-url", aws.endpoint(),
          "--rate", "50", "--duration", "2s", "--timeout", "2s", "--yes", "--out", out.toString());
      breaker.join();
      assertThat(run.exit()).as(run.toString()).isZero();
      TargetResult t = run.result(out).targets().get(0);
      assertThat(t.ok()).isBetween(25L, 45L);
      assertThat(t.errors()).containsKey("function-error").containsKey("connection");
      assertThat(t.ok() + t.errorCount()).isEqualTo(t.scheduled());
    } finally {
      aws.close();
    }
  }

  /** Waits until the served function has had {@code n} calls, or ten seconds, whichever comes first. */
  private static void awaitInvocations(ServedAwsApi aws, long n) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (aws.invocations.get("fn-ok").get() < n && System.nanoTime() < deadline) LocalProcesses.sleep(5);
  }

  @Test
  void anUnknownFunctionIsNamed() throws Exception {
    try (ServedAwsApi aws = new ServedAwsApi("fn-1")) {
      CliRun run = CliRun.of("loadtest", "--outputs", outputs("fn-1,fn-missing").toString(), "--endpoint-url", aws.endpoint(),
          "--rate", "10", "--duration", "1s", "--yes", "--out", tmp.resolve("out").toString());
      assertThat(run.exit()).as(run.toString()).isNotZero();
      assertThat(run.err()).contains("fn-missing", "lambda:InvokeFunction");
      assertThat(aws.invocations.get("fn-1").get()).as("no load before every target is checked").isEqualTo(1);
    }
  }
}
