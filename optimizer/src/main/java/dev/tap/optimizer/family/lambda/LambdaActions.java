package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.model.ConfigKeys.MEMORY_MB;
import static dev.tap.optimizer.model.ConfigKeys.PROVISIONED_CONCURRENCY;
import static dev.tap.optimizer.model.ConfigKeys.RESERVED_CONCURRENCY;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Lambda memory and concurrency (reserved, provisioned) and their inverses. */
public final class LambdaActions implements FamilyActions {

  private final LambdaApi api;

  public LambdaActions(LambdaApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(LambdaFamily.LAMBDA_MEMORY, LambdaFamily.LAMBDA_CONCURRENCY);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeFunction(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind == LambdaFamily.LAMBDA_MEMORY) {
      int mb = Integer.parseInt(target.get(MEMORY_MB));
      if (mb < 128 || mb > 10_240) return Optional.of("Lambda memory must be 128..10,240 MB, the plan asks " + mb);
    }
    if (kind == LambdaFamily.LAMBDA_CONCURRENCY && target.containsKey(RESERVED_CONCURRENCY) && target.containsKey(PROVISIONED_CONCURRENCY)
        && Integer.parseInt(target.get(PROVISIONED_CONCURRENCY)) > Integer.parseInt(target.get(RESERVED_CONCURRENCY))) {
      return Optional.of("provisioned concurrency " + target.get(PROVISIONED_CONCURRENCY) + " cannot exceed reserved "
          + target.get(RESERVED_CONCURRENCY));
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    String fn = current.id();
    String region = current.region();
    switch (kind.name()) {
      case "LAMBDA_MEMORY" -> api.setMemory(fn, region, Integer.parseInt(target.get(MEMORY_MB)));
      case "LAMBDA_CONCURRENCY" -> {
        String provisioned = target.get(PROVISIONED_CONCURRENCY);
        String reserved = target.get(RESERVED_CONCURRENCY);
        boolean shrinking = provisioned != null && Integer.parseInt(provisioned)
            < Integer.parseInt(current.config().getOrDefault(PROVISIONED_CONCURRENCY, "0"));
        // Provisioned must fit inside reserved: lower provisioned first when shrinking, raise reserved first when growing.
        if (shrinking) api.setProvisionedConcurrency(fn, region, Integer.parseInt(provisioned));
        if (reserved != null && !reserved.equals(current.config().get(RESERVED_CONCURRENCY))) {
          api.setReservedConcurrency(fn, region, Integer.parseInt(reserved));
        }
        if (!shrinking && provisioned != null && !provisioned.equals(current.config().get(PROVISIONED_CONCURRENCY))) {
          api.setProvisionedConcurrency(fn, region, Integer.parseInt(provisioned));
        }
      }
      default -> throw new IllegalArgumentException(kind + " is not a Lambda action");
    }
    return null;
  }
}
