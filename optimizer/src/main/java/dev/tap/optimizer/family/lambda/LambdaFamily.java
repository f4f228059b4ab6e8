package dev.tap.optimizer.family.lambda;

import static dev.tap.optimizer.family.ConfigValues.DAYS_PER_MONTH;
import static dev.tap.optimizer.family.ConfigValues.i;
import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.CapacityUse;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.PurchaseOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lambda functions: memory, reserved and provisioned concurrency. */
public final class LambdaFamily extends FamilyBase {
  public static final Family LAMBDA = new Family("LAMBDA", "Lambda", "AWS/Lambda");
  public static final ActionKind LAMBDA_MEMORY = new ActionKind("LAMBDA_MEMORY", LAMBDA);
  public static final ActionKind LAMBDA_CONCURRENCY = new ActionKind("LAMBDA_CONCURRENCY", LAMBDA);

  public LambdaFamily() {
    super(List.of(LAMBDA), List.of(LAMBDA_MEMORY, LAMBDA_CONCURRENCY), LambdaMetrics::specs, new LambdaRules(), Stage.COMPUTE, List.of());
  }

  @Override
  public Optional<CapacityUse> capacityUse() {
    return Optional.of(new CapacityUse(LambdaMetrics.CONCURRENT, RESERVED_CONCURRENCY, false));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    return byPurchaseOption(r, c, m, model, false).get(PurchaseOption.ON_DEMAND);
  }

  /** O5: Compute Savings Plans discount the GB-second charges (duration, provisioned concurrency), not requests. */
  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    Map<PurchaseOption, Double> options = byPurchaseOption(r, c, m, model, true);
    return options.size() > 1 ? options : Map.of(); // no Savings Plans rate in the list: nothing to compare
  }

  private Map<PurchaseOption, Double> byPurchaseOption(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model, boolean all) {
    WindowValue invocations = m.window("Invocations", "Sum").orElseThrow(() -> new CostUnavailable("needs Lambda Invocations Sum over the window"));
    WindowValue duration = m.window("Duration", "Average").orElseThrow(() -> new CostUnavailable("needs Lambda Duration Average over the window"));
    double days = Math.max(1, Duration.between(m.start(), m.end()).toHours() / 24.0);
    double perMonth = invocations.value() / days * DAYS_PER_MONTH;
    // GB-seconds at the duration predicted for the configured memory, not the observed one.
    int memoryNow = i(r.config(), MEMORY_MB);
    double predictedMs = duration.value() * LambdaDuration.of(m, memoryNow).ratio(memoryNow, i(c, MEMORY_MB));
    int provisioned = Integer.parseInt(c.getOrDefault(PROVISIONED_CONCURRENCY, "0"));
    return all ? model.lambdaMonthlyByPurchaseOption(r.region(), perMonth, predictedMs, i(c, MEMORY_MB), provisioned)
        : Map.of(PurchaseOption.ON_DEMAND, model.lambdaMonthly(r.region(), perMonth, predictedMs, i(c, MEMORY_MB), provisioned));
  }

  @Override
  public void rollback(RollbackScript s) {
    if (s.action().kind().equals(LAMBDA_MEMORY)) {
      s.command("aws lambda update-function-configuration --function-name " + s.id() + " --memory-size " + s.need(MEMORY_MB) + s.region());
      return;
    }
    if (s.before().containsKey(RESERVED_CONCURRENCY) || s.action().after().containsKey(RESERVED_CONCURRENCY)) {
      s.command("aws lambda put-function-concurrency --function-name " + s.id() + " --reserved-concurrent-executions " + s.need(RESERVED_CONCURRENCY) + s.region());
    }
    if (s.before().containsKey(PROVISIONED_CONCURRENCY) || s.action().after().containsKey(PROVISIONED_CONCURRENCY)) {
      s.command("aws lambda put-provisioned-concurrency-config --function-name " + s.id() + " --qualifier " + s.need("qualifier")
          + " --provisioned-concurrent-executions " + s.need(PROVISIONED_CONCURRENCY) + s.region());
    }
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    return in.result("AZ failure", Objective.open("0 (multi-AZ service)"), Objective.open("0 (multi-AZ service)"),
        Objective.NONE_LOST, Objective.NONE_LOST,
        "Functions are stateless and run across AZs; memory and concurrency change capacity, not recovery.");
  }

  /** Errors per invocation, throttles, duration p95 against its baseline, concurrency against the reserved limit in force. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    Map<String, String> fn = Map.of("FunctionName", r.id());
    List<HealthSignal> out = new java.util.ArrayList<>(List.of(
        HealthSignal.above(r.id(), "Lambda errors", LambdaMetrics.NAMESPACE, LambdaMetrics.ERRORS, fn, "Sum", "guard.lambda.errorRateMaxPct")
            .sharePctOf(LambdaMetrics.INVOCATIONS),
        HealthSignal.countPerMinute(r.id(), "Lambda throttles", LambdaMetrics.NAMESPACE, LambdaMetrics.THROTTLES, fn, "guard.lambda.throttlesMaxPerMinute"),
        HealthSignal.above(r.id(), "Lambda duration p95", LambdaMetrics.NAMESPACE, LambdaMetrics.DURATION, fn, "p95", "guard.lambda.durationP95RisePct")
            .asRiseOverBaseline()));
    String reserved = r.config().get(RESERVED_CONCURRENCY);
    if (reserved != null && !reserved.isBlank()) {
      out.add(HealthSignal.above(r.id(), "Lambda concurrency", LambdaMetrics.NAMESPACE, LambdaMetrics.CONCURRENT, fn, "Maximum",
          "guard.lambda.concurrencyMaxPctOfReserved").scaled(Integer.parseInt(reserved) / 100.0));
    }
    return out;
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after);
    if (kind.equals(LAMBDA_MEMORY)) return v.only(MEMORY_MB).required(MEMORY_MB).integer(MEMORY_MB, 128, 10_240).problems();
    v.only(RESERVED_CONCURRENCY, PROVISIONED_CONCURRENCY).integer(RESERVED_CONCURRENCY, 0, 100_000).integer(PROVISIONED_CONCURRENCY, 0, 100_000);
    return v.check(!after.containsKey(RESERVED_CONCURRENCY) || v.longOr(PROVISIONED_CONCURRENCY, 0) <= v.longOr(RESERVED_CONCURRENCY, 0),
        "provisioned concurrency " + after.get(PROVISIONED_CONCURRENCY) + " exceeds reserved " + after.get(RESERVED_CONCURRENCY)).problems();
  }
}
