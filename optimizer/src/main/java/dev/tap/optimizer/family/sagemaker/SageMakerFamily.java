package dev.tap.optimizer.family.sagemaker;

import static dev.tap.optimizer.family.RecoveryInputs.count;
import static dev.tap.optimizer.family.RecoveryInputs.shown;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * The ML platform (SPEC M1-M3): SageMaker real-time endpoints and training jobs. Analysed apart from
 * the account's lookback ({@link MlAccountAnalysis}); its changes carry their own rollout gates.
 */
public final class SageMakerFamily extends FamilyBase {
  public static final Family SAGEMAKER = new Family("SAGEMAKER", "ML", "AWS/SageMaker");
  public static final ActionKind SAGEMAKER_ENDPOINT = new ActionKind("SAGEMAKER_ENDPOINT", SAGEMAKER);
  public static final ActionKind SAGEMAKER_TRAINING_SPOT = new ActionKind("SAGEMAKER_TRAINING_SPOT", SAGEMAKER);
  /**
   * Right after restoring the SLO: another region, off the trading latency path, and its rollout
   * carries its own shadow, canary and A/B gates.
   */
  public static final Stage STAGE = new Stage(20, "ML platform");

  /** No rules or metric specs here: the ML analysis reads its own metrics (invocations, GPU, latency) through the metrics port. */
  public SageMakerFamily() {
    super(List.of(SAGEMAKER), List.of(SAGEMAKER_ENDPOINT, SAGEMAKER_TRAINING_SPOT), r -> List.of(), null, STAGE, List.of());
  }

  /** Configuration key of an endpoint variant's GPUUtilization at full use: 100 % per GPU, as SageMaker sums it over the GPUs. */
  public static final String GPU_UTILIZATION_CAPACITY = "gpuUtilizationCapacityPct";

  /** The heat map of an endpoint: its GPUs' mean utilisation (GPUUtilization Average against 100 % per GPU). */
  @Override
  public java.util.Optional<dev.tap.optimizer.family.CapacityUse> capacityUse() {
    return java.util.Optional.of(new dev.tap.optimizer.family.CapacityUse("GPUUtilization", GPU_UTILIZATION_CAPACITY, false, "Average"));
  }

  /**
   * The ML platform runs in its own region, off the trading service's request path: the service's
   * SLO does not measure it. The endpoint has its own latency (ModelLatency); a training job serves no requests.
   */
  @Override
  public boolean onServicePath(ActionKind kind) {
    return false;
  }

  @Override
  public void rollback(RollbackScript s) {
    if (s.action().kind().equals(SAGEMAKER_ENDPOINT)) {
      // Undo everything the forward action did: the autoscaling it registered (SageMaker refuses to
      // update a variant that scales; deregistering the target deletes its policy), the endpoint
      // config, then the autoscaling the variant had before, if any.
      String target = " --service-namespace sagemaker --resource-id endpoint/" + s.id() + "/variant/" + s.need("variant")
          + " --scalable-dimension sagemaker:variant:DesiredInstanceCount";
      if (scales(s.action().after().get("autoscaling"))) s.command("aws application-autoscaling deregister-scalable-target" + target + s.region());
      s.command("aws sagemaker update-endpoint --endpoint-name " + s.id() + " --endpoint-config-name " + s.need(ENDPOINT_CONFIG) + s.region());
      if (scales(s.value("autoscaling"))) {
        s.command("aws application-autoscaling register-scalable-target" + target + " --min-capacity " + s.need("minInstances")
            + " --max-capacity " + s.need("maxInstances") + s.region());
        s.command("aws application-autoscaling put-scaling-policy" + target + " --policy-name " + AUTOSCALING_POLICY
            + " --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{\"TargetValue\": "
            + s.need(MlActions.TARGET_PER_MINUTE) + ", \"PredefinedMetricSpecification\": {\"PredefinedMetricType\": "
            + "\"SageMakerVariantInvocationsPerInstance\"}, \"ScaleInCooldown\": " + s.need("scaleInCooldownSeconds")
            + ", \"ScaleOutCooldown\": " + s.need("scaleOutCooldownSeconds") + "}'" + s.region());
      }
    } else {
      s.note("Training runs are not changed in place: start the next job of " + s.id()
          + " without --enable-managed-spot-training (and without --stopping-condition MaxWaitTimeInSeconds).");
    }
  }

  /** The journal's key of the endpoint config an endpoint served before the change (the AWS adapter records it). */
  static final String ENDPOINT_CONFIG = "endpointConfig";
  /** The name of the target-tracking policy TAP puts on a variant (the AWS adapter's). */
  static final String AUTOSCALING_POLICY = "tap-invocations-per-instance";

  private static boolean scales(String autoscaling) {
    return autoscaling != null && !autoscaling.isBlank() && !autoscaling.equals("none");
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    if (a.kind().equals(SAGEMAKER_TRAINING_SPOT)) {
      return in.result("training interruption", Objective.open("0 (on-demand, no interruptions)"),
          Objective.open("until spot capacity returns, bounded by MaxWaitTimeInSeconds"), Objective.NONE_LOST,
          Objective.open("work since the last checkpoint"),
          "Managed spot can interrupt a job; it resumes from its last checkpoint, so at most one checkpoint interval is redone.");
    }
    int ib = count(in.before(), "instanceCount");
    int ia = count(in.after(), "instanceCount");
    Objective rtoB = ib > 1 ? Objective.open("0 (other instances serve)") : Objective.open("minutes (instance replaced)");
    Objective rtoA = ia > 1 ? Objective.open("0 (other instances serve)") : Objective.open("minutes (instance replaced)");
    return in.result("instance or AZ failure", rtoB, rtoA, Objective.NONE_LOST, Objective.NONE_LOST,
        "Instances " + ib + " -> " + ia + " (" + shown(in.before(), "instanceType") + " -> " + shown(in.after(), "instanceType")
            + "): inference holds no state; " + (ia > 1 ? "SageMaker spreads 2+ instances over AZs." : "one instance has no AZ redundancy."));
  }

  /** An endpoint variant's ModelLatency p95 against its baseline and its 5xx errors. Training jobs have none. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    String variant = r.config().get("variant");
    if (variant == null) return List.of();
    java.util.Map<String, String> dims = java.util.Map.of("EndpointName", r.id(), "VariantName", variant);
    return List.of(
        HealthSignal.above(r.id(), "SageMaker ModelLatency p95", EndpointMetrics.NS_INVOCATIONS, "ModelLatency", dims, "p95",
            "guard.sagemaker.modelLatencyP95RisePct").asRiseOverBaseline(),
        HealthSignal.countPerMinute(r.id(), "SageMaker 5xx", EndpointMetrics.NS_INVOCATIONS, "Invocation5XXErrors", dims,
            "guard.sagemaker.invocation5xxMaxPerMinute"));
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after).required("instanceType", "instanceCount")
        .matches("instanceType", "ml\\.[a-z0-9]+\\.[a-z0-9]+", "a SageMaker instance type such as ml.g5.xlarge").integer("instanceCount", 1, 1_000);
    if (kind.equals(SAGEMAKER_ENDPOINT)) {
      v.integer(MlActions.MIN_INSTANCES, 1, 1_000).integer(MlActions.MAX_INSTANCES, 1, 1_000).number(MlActions.TARGET_PER_MINUTE, 1, 1e9);
      if (after.containsKey(MlActions.MODEL)) {
        v.oneOf(MlActions.MODEL, java.util.Arrays.stream(ModelVariant.values()).map(m -> m.id).toArray(String[]::new));
      }
      v.check(v.longOr(MlActions.MIN_INSTANCES, 1) <= v.longOr(MlActions.MAX_INSTANCES, 1_000),
          "minInstances " + after.get(MlActions.MIN_INSTANCES) + " exceeds maxInstances " + after.get(MlActions.MAX_INSTANCES));
    } else {
      // Training configuration keys are SageMaker's own; the durations among them are whole seconds.
      after.keySet().stream().filter(k -> k.endsWith("Seconds")).forEach(k -> v.integer(k, 0, 28L * 24 * 3600));
      v.oneOf("EnableManagedSpotTraining", "true", "false");
    }
    return v.problems();
  }
}
