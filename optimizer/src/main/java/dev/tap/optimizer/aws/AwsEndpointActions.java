package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.sagemaker.Endpoint;
import dev.tap.optimizer.family.sagemaker.GpuInstanceType;
import dev.tap.optimizer.family.sagemaker.MlActions;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.RollbackAlarms;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.RolloutTarget;
import dev.tap.optimizer.family.sagemaker.SageMakerApi;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.EndpointState;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.TrafficShift;
import dev.tap.optimizer.family.sagemaker.SageMakerApi.VariantSpec;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.family.sagemaker.SizingPolicy;
import dev.tap.optimizer.family.sagemaker.Sleeper;
import dev.tap.optimizer.family.sagemaker.TrainingJob;
import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi;
import dev.tap.optimizer.family.sagemaker.VariantAutoscalingApi.TargetTracking;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The executor's adapter for {@link ActionKind#SAGEMAKER_ENDPOINT} and
 * {@link ActionKind#SAGEMAKER_TRAINING_SPOT} on AWS.
 *
 * <p>Endpoint, forward: the variant's autoscaling is deregistered (SageMaker refuses to update a
 * variant that scales), a new endpoint config is created (the candidate instance type and count,
 * the same SageMaker model, the other variants copied), then
 * <ol>
 *   <li><b>shadow</b> ({@link AwsRolloutTarget#shadow}): gate on p95 ModelLatency of the shadow vs
 *       the serving variant, and on the shadow having served at least {@link #MIN_SHADOW_REQUESTS}
 *       requests (no data is no evidence: it fails closed). Accuracy and agreement are not measured
 *       on AWS; the gate passes them only because the candidate runs the <i>same model</i> (a model
 *       change is refused), so predictions differ at most by the GPU's floating point.
 *   <li><b>gradual</b>: UpdateEndpoint with a blue/green CANARY policy (the gates' canary share,
 *       their bake time as the wait) and AutoRollbackConfiguration on two alarms TAP puts (p95 above
 *       the shadow's baseline + tolerance, 5xx share above the gate). SageMaker shifts and rolls back
 *       itself; TAP waits for the endpoint to settle and fails the action if it settled on the old config.
 *   <li><b>A/B</b>: not run on AWS: with the model unchanged there is no accuracy difference to test,
 *       and labelled outcomes per variant are not in CloudWatch. The record says so.
 *   <li>the target-tracking policy on SageMakerVariantInvocationsPerInstance.
 * </ol>
 * A failed gate puts the serving config back (and its autoscaling) and fails the action, so the
 * executor rolls the phase back and journals why. Rollback ({@link ActionContext#rollback()}) is an
 * UpdateEndpoint to the recorded {@value #CONFIG} without gates: it is the known-good config.
 *
 * <p>Training: SageMaker keeps no training-job definition to change — every CreateTrainingJob
 * carries its own settings — so the spot configuration is refused here with the settings to put
 * into the training pipeline; the plan's action is a recommendation (see docs/ml.md).
 */
public final class AwsEndpointActions implements FamilyActions {
  /** Resource ids of training job families in plans made on AWS: {@code training/<name filter>}. */
  /** Config keys besides those of {@link MlActions}. */
  public static final String CONFIG = "endpointConfig";
  public static final String MODEL_NAME = "modelName";
  public static final String SCALE_IN_COOLDOWN = "scaleInCooldownSeconds";
  public static final String SCALE_OUT_COOLDOWN = "scaleOutCooldownSeconds";
  /** Fewest mirrored requests whose p95 the shadow gate trusts. */
  public static final int MIN_SHADOW_REQUESTS = 1000;

  private final SageMakerApi api;
  private final VariantAutoscalingApi scaling;
  private final RollbackAlarms alarms;
  private final Function<String, MetricDataSource> metrics;
  private final RolloutGates gates;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration maxUpdate;
  private final List<Rollout.Record> records = new ArrayList<>();

  public AwsEndpointActions(SageMakerApi api, VariantAutoscalingApi scaling, RollbackAlarms alarms, Function<String, MetricDataSource> metrics,
      RolloutGates gates, Clock clock, Sleeper sleeper, Duration maxUpdate) {
    this.api = api;
    this.scaling = scaling;
    this.alarms = alarms;
    this.metrics = metrics;
    this.gates = gates;
    this.clock = clock;
    this.sleeper = sleeper;
    this.maxUpdate = maxUpdate;
  }

  public List<Rollout.Record> rollouts() {
    return List.copyOf(records);
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(SageMakerFamily.SAGEMAKER_ENDPOINT, SageMakerFamily.SAGEMAKER_TRAINING_SPOT);
  }

  @Override
  public Resource read(String resourceId, String region) {
    try {
      return readOrThrow(resourceId, region);
    } catch (UserError e) {
      throw failure(e, "");
    }
  }

  private Resource readOrThrow(String resourceId, String region) {
    if (resourceId.startsWith(MlActions.TRAINING_PREFIX)) {
      String filter = resourceId.substring(MlActions.TRAINING_PREFIX.length());
      TrainingJob j = api.latestTrainingJob(region, filter)
          .orElseThrow(() -> new ActionFailedException("no completed SageMaker training job whose name contains '" + filter + "' in " + region));
      Map<String, String> cfg = new LinkedHashMap<>();
      cfg.put("EnableManagedSpotTraining", Boolean.toString(j.managedSpot()));
      cfg.put("instanceType", j.instanceType());
      cfg.put("instanceCount", Integer.toString(j.instanceCount()));
      cfg.put("latestJob", j.name());
      return new Resource(resourceId, SageMakerFamily.SAGEMAKER, region, null, cfg, Map.of());
    }
    EndpointState state = api.endpointState(region, resourceId);
    List<VariantSpec> variants = api.endpointConfigVariants(region, state.configName());
    VariantSpec v = variants.stream().max(java.util.Comparator.comparingDouble(VariantSpec::weight))
        .orElseThrow(() -> new ActionFailedException("endpoint config " + state.configName() + " of " + resourceId + " has no production variant"));
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("variant", v.variantName());
    cfg.put("instanceType", v.instanceType());
    // the configured count, not the live one: autoscaling moves the live count, the config is what TAP changed
    cfg.put("instanceCount", Integer.toString(v.instanceCount()));
    cfg.put(MlActions.MODEL, ModelVariant.fromModelName(v.modelName()).id);
    Optional<TargetTracking> policy = scaling.describe(region, resourceId, v.variantName());
    if (policy.isPresent()) {
      TargetTracking p = policy.get();
      cfg.put("autoscaling", p.describe());
      cfg.put(MlActions.MIN_INSTANCES, Integer.toString(p.minInstances()));
      cfg.put(MlActions.MAX_INSTANCES, Integer.toString(p.maxInstances()));
      cfg.put(MlActions.TARGET_PER_MINUTE, String.format(Locale.ROOT, "%.0f", p.targetPerInstancePerMinute()));
      cfg.put(SCALE_IN_COOLDOWN, Integer.toString(p.scaleInCooldownSeconds()));
      cfg.put(SCALE_OUT_COOLDOWN, Integer.toString(p.scaleOutCooldownSeconds()));
    } else {
      cfg.put("autoscaling", "none");
      cfg.put(MlActions.MIN_INSTANCES, Integer.toString(v.instanceCount()));
      cfg.put(MlActions.MAX_INSTANCES, Integer.toString(v.instanceCount()));
    }
    cfg.put(CONFIG, state.configName());
    cfg.put(MODEL_NAME, v.modelName());
    cfg.put("status", state.status());
    return new Resource(resourceId, SageMakerFamily.SAGEMAKER, region, null, cfg, Map.of());
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind == SageMakerFamily.SAGEMAKER_TRAINING_SPOT) {
      Map<String, String> settings = new LinkedHashMap<>(target);
      settings.remove("instanceType");
      settings.remove("instanceCount");
      return Optional.of("a recommendation for the training pipeline, not applied by TAP: SageMaker keeps no training-job definition to change "
          + "(each CreateTrainingJob carries its own settings); set " + settings + " in the pipeline that creates '"
          + current.id().substring(MlActions.TRAINING_PREFIX.length()) + "' jobs");
    }
    if (!"InService".equals(current.config().get("status"))) {
      return Optional.of("endpoint " + current.id() + " is " + current.config().get("status") + ", not InService: another update is under way");
    }
    if (GpuInstanceType.find(target.get("instanceType")).isEmpty()) {
      return Optional.of("instance type " + target.get("instanceType") + " is not a known GPU type");
    }
    String model = target.get(MlActions.MODEL);
    if (model != null && !model.equals(current.config().get(MlActions.MODEL))) {
      return Optional.of("the action changes the model to " + model + ": on AWS TAP changes only instances and autoscaling of the same SageMaker model "
          + "(a different model needs its own SageMaker model and an accuracy measurement TAP cannot make from CloudWatch)");
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind == SageMakerFamily.SAGEMAKER_TRAINING_SPOT) {
      throw new ActionFailedException(refusal(kind, current, target, context).orElseThrow());
    }
    String region = current.region(), ep = current.id();
    String variant = current.config().get("variant");
    if (context.rollback()) {
      try {
        return restore(region, ep, variant, target);
      } catch (UserError e) {
        throw failure(e, "");
      }
    }
    String serving = current.config().get(CONFIG);
    Optional<TargetTracking> previousScaling;
    try {
      previousScaling = scaling.describe(region, ep, variant);
    } catch (UserError e) {
      throw failure(e, "");
    }
    try {
      return forward(region, ep, variant, serving, previousScaling, target);
    } catch (UserError e) {
      // an AWS call failed mid-rollout: put the serving config and its autoscaling back, best effort, then fail the action
      String back = putBack(region, ep, variant, serving, previousScaling);
      throw failure(e, back);
    }
  }

  private String putBack(String region, String ep, String variant, String serving, Optional<TargetTracking> previousScaling) {
    try {
      if (!serving.equals(api.endpointState(region, ep).configName())) {
        api.updateEndpoint(region, ep, serving);
        new AwsRolloutTarget(api, metrics.apply(region), clock, sleeper, region, ep, serving, gates.bakeMinutes(), maxUpdate, null).awaitServing(serving);
      }
      previousScaling.ifPresent(p -> scaling.apply(region, ep, variant, p));
      return "; endpoint config " + serving + previousScaling.map(p -> " and its autoscaling").orElse("") + " put back";
    } catch (RuntimeException again) {
      return "; putting endpoint config " + serving + " back failed too (" + again.getMessage() + "): the executor's rollback restores it";
    }
  }

  /** An AWS failure as the executor expects it: permanent, naming the IAM action when access was denied. */
  private static ActionFailedException failure(UserError e, String suffix) {
    String permission = null;
    if (e.exitCode() == ExitCode.AWS_ACCESS) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(sagemaker|application-autoscaling|cloudwatch):[A-Z][A-Za-z]+").matcher(e.getMessage());
      if (m.find()) permission = m.group();
    }
    return new ActionFailedException(e.getMessage() + suffix, permission, e);
  }

  private String forward(String region, String ep, String variant, String serving, Optional<TargetTracking> previousScaling, Map<String, String> target) {
    AwsRolloutTarget rollout = new AwsRolloutTarget(api, metrics.apply(region), clock, sleeper, region, ep, serving, gates.bakeMinutes(), maxUpdate, null);
    int min = Integer.parseInt(target.get(MlActions.MIN_INSTANCES));
    int max = Integer.parseInt(target.get(MlActions.MAX_INSTANCES));
    double perMinute = Double.parseDouble(target.get(MlActions.TARGET_PER_MINUTE));
    String type = target.get("instanceType");
    RolloutTarget.Candidate c = new RolloutTarget.Candidate(ModelVariant.fromModelName(rollout.primary().modelName()).id + "-" + type,
        ModelVariant.fromModelName(rollout.primary().modelName()), type, min, max, perMinute / 60.0);
    List<Rollout.Step> steps = new ArrayList<>();

    // SageMaker will not update a variant registered with Application Auto Scaling
    scaling.remove(region, ep, variant);
    RolloutTarget.ShadowComparison sh = rollout.shadow(c, gates.shadowRequests());
    String gate = shadowGate(sh);
    steps.add(new Rollout.Step("shadow", clock.instant(), 0, gate == null, String.format(Locale.ROOT,
        "%d mirrored requests on the shadow variant; p95 %.2f -> %.2f ms (%+.1f %%, max +%.0f %%); accuracy and agreement not measured on AWS "
            + "(same SageMaker model %s; agreement needs data capture of both variants to S3)",
        sh.requests(), sh.currentP95Ms(), sh.candidateP95Ms(), 100 * sh.p95Increase(), 100 * gates.maxP95Increase(), rollout.primary().modelName())));
    if (gate != null) return failed(region, ep, variant, rollout, c, steps, sh, previousScaling, gate);
    steps.add(new Rollout.Step("ab-test", clock.instant(), 0, true,
        "not run: the candidate serves the same model, so there is no accuracy difference to test, and labelled outcomes per variant are not in CloudWatch"));

    String next = rollout.configName("v");
    List<VariantSpec> variants = new ArrayList<>();
    for (VariantSpec v : rollout.serving()) {
      variants.add(v.variantName().equals(variant) ? new VariantSpec(v.variantName(), v.modelName(), type, min, v.weight()) : v);
    }
    api.createEndpointConfig(region, next, serving, variants, List.of());
    List<String> alarmNames = alarms.put(region, ep, variant, sh.currentP95Ms() * (1 + gates.maxP95Increase()), gates.maxErrorRate(), 60);
    int wait = gates.bakeMinutes() * 60;
    api.updateEndpointBlueGreen(region, ep, next,
        new TrafficShift("CANARY", gates.canaryPercent(), wait, 600, Math.min(14_400, Math.max(600, 2 * wait + 1800))), alarmNames);
    Instant shiftStart = clock.instant();
    try {
      rollout.awaitServing(next);
    } catch (ActionFailedException e) {
      steps.add(new Rollout.Step("canary", clock.instant(), gates.canaryPercent(), false, "blue/green canary " + gates.canaryPercent()
          + " % with " + gates.bakeMinutes() + " min bake and alarms " + alarmNames + " did not complete: " + e.getMessage()));
      return failed(region, ep, variant, rollout, c, steps, sh, previousScaling, "canary: " + e.getMessage());
    }
    steps.add(new Rollout.Step("canary", clock.instant(), 100, true, String.format(Locale.ROOT,
        "blue/green canary %d %% then all traffic, %d min bake, auto-rollback alarms %s: completed in %d min",
        gates.canaryPercent(), gates.bakeMinutes(), alarmNames, Duration.between(shiftStart, clock.instant()).toMinutes())));
    TargetTracking policy = new TargetTracking(min, max, perMinute, SizingPolicy.defaults().scaleInDelayMinutes() * 60, MlActions.SCALE_OUT_COOLDOWN_SECONDS);
    scaling.apply(region, ep, variant, policy);
    steps.add(new Rollout.Step("promote", clock.instant(), 100, true, "config " + next + " serves; " + policy.describe()));
    records.add(new Rollout.Record(c.name(), Rollout.Outcome.PROMOTED, null, steps, sh, null));
    return "promoted " + type + " after the shadow gate and a blue/green canary; config " + next + " (rollback restores " + serving + ")";
  }

  /** Null when the shadow passes; else the failed gate. Unknown values fail (NaN compares false). */
  String shadowGate(RolloutTarget.ShadowComparison sh) {
    if (sh.requests() < MIN_SHADOW_REQUESTS) return "shadow: too few mirrored requests (" + sh.requests() + " < " + MIN_SHADOW_REQUESTS + ")";
    if (!(sh.p95Increase() <= gates.maxP95Increase())) return "shadow: p95 latency";
    return null;
  }

  private String failed(String region, String ep, String variant, AwsRolloutTarget rollout, RolloutTarget.Candidate c, List<Rollout.Step> steps,
      RolloutTarget.ShadowComparison sh, Optional<TargetTracking> previousScaling, String gate) {
    rollout.rollback(c);
    previousScaling.ifPresent(p -> scaling.apply(region, ep, variant, p));
    steps.add(new Rollout.Step("rollback", clock.instant(), 0, true, "gate failed (" + gate + "): config back to the one serving before"
        + previousScaling.map(p -> ", autoscaling restored").orElse("")));
    records.add(new Rollout.Record(c.name(), Rollout.Outcome.ROLLED_BACK, gate, steps, sh, null));
    throw new ActionFailedException("rollout of " + c.name() + " on " + ep + " stopped at gate '" + gate + "': "
        + steps.get(steps.size() - 2).detail() + "; the previous endpoint config serves all traffic");
  }

  /** Back to the recorded config and its autoscaling; no gates, it is the known-good configuration. */
  private String restore(String region, String ep, String variant, Map<String, String> target) {
    String config = target.get(CONFIG);
    if (config == null) throw new ActionFailedException("the journal holds no endpoint config for " + ep + " to restore; set it back by hand");
    scaling.remove(region, ep, variant);
    api.updateEndpoint(region, ep, config);
    new AwsRolloutTarget(api, metrics.apply(region), clock, sleeper, region, ep, config, gates.bakeMinutes(), maxUpdate, null).awaitServing(config);
    if (!"none".equals(target.getOrDefault("autoscaling", "none"))) {
      scaling.apply(region, ep, variant, new TargetTracking(Integer.parseInt(target.get(MlActions.MIN_INSTANCES)),
          Integer.parseInt(target.get(MlActions.MAX_INSTANCES)), Double.parseDouble(target.get(MlActions.TARGET_PER_MINUTE)),
          Integer.parseInt(target.getOrDefault(SCALE_IN_COOLDOWN, "900")), Integer.parseInt(target.getOrDefault(SCALE_OUT_COOLDOWN, "60"))));
    }
    return "restored endpoint config " + config;
  }
}
