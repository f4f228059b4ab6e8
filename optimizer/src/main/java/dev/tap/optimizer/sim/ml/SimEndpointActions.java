package dev.tap.optimizer.sim.ml;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.sagemaker.Endpoint;
import dev.tap.optimizer.family.sagemaker.GpuInstanceType;
import dev.tap.optimizer.family.sagemaker.MlActions;
import dev.tap.optimizer.family.sagemaker.ModelVariant;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.family.sagemaker.RolloutTarget;
import dev.tap.optimizer.family.sagemaker.SageMakerFamily;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The executor's adapter for {@link ActionKind#SAGEMAKER_ENDPOINT} and
 * {@link ActionKind#SAGEMAKER_TRAINING_SPOT} on the simulated ML platform. Moving an endpoint
 * forward runs the M3 rollout (shadow, canary/linear, A/B): a failed gate leaves the current
 * variant serving and fails the action, so the executor rolls the phase back and journals why.
 * Rolling back converges straight to the recorded before-state (no gates: it is the known-good
 * configuration). Training settings apply to the next job.
 */
public final class SimEndpointActions implements FamilyActions {
  /** The training job family's resource id in plans (the pipeline that launches the daily jobs). */
  public static final String TRAINING = "fraud-scoring-train";

  private final SimulatedMlPlatform platform;
  private final SimulatedRolloutTarget rollout;
  private final RolloutGates gates;
  private final List<Rollout.Record> records = new ArrayList<>();
  private final Map<String, String> trainingConfig = new LinkedHashMap<>();
  /** The endpoint's autoscaling (Application Auto Scaling in AWS): the keys {@link #SCALING_KEYS}. */
  private final Map<String, String> scaling = new LinkedHashMap<>();
  static final List<String> SCALING_KEYS = List.of("autoscaling", MlActions.MIN_INSTANCES, MlActions.MAX_INSTANCES, MlActions.TARGET_PER_MINUTE);

  public SimEndpointActions(SimulatedMlPlatform platform, long seed, RolloutGates gates) {
    this.platform = platform;
    this.rollout = new SimulatedRolloutTarget(platform, seed);
    this.gates = gates;
    trainingConfig.put("EnableManagedSpotTraining", "false");
    trainingConfig.put("instanceType", platform.trainingJobs().get(0).instanceType());
    trainingConfig.put("instanceCount", Integer.toString(platform.trainingJobs().get(0).instanceCount()));
    String count = Integer.toString(platform.endpoint().primary().instanceCount());
    scaling.putAll(Map.of("autoscaling", "none", MlActions.MIN_INSTANCES, count, MlActions.MAX_INSTANCES, count));
  }

  public List<Rollout.Record> rollouts() {
    return List.copyOf(records);
  }

  /** Whether {@code resourceId} is the platform's endpoint or training job family. */
  public boolean owns(String resourceId) {
    return resourceId.equals(platform.endpoint().name()) || resourceId.equals(TRAINING);
  }

  /**
   * Puts a resource straight into a configuration the journal says it reached (a new process
   * rebuilding the simulated account); no gates run, as they ran when the change was made.
   */
  public void restore(String resourceId, Map<String, String> config, java.time.Instant at) {
    if (resourceId.equals(TRAINING)) {
      trainingConfig.clear();
      trainingConfig.putAll(config);
    } else {
      platform.apply(new Endpoint(resourceId, SimulatedMlPlatform.REGION, platform.endpoint().configName() + "-tap-" + at.getEpochSecond(),
          List.of(variant(config))), at);
      setScaling(config);
    }
  }

  private void setScaling(Map<String, String> config) {
    scaling.clear();
    for (String k : SCALING_KEYS) if (config.containsKey(k)) scaling.put(k, config.get(k));
  }

  private ProductionVariant variant(Map<String, String> target) {
    ProductionVariant cur = platform.currentEndpoint().primary();
    ModelVariant model = target.getOrDefault(MlActions.MODEL, ModelVariant.FP32.id).equals(ModelVariant.INT8.id) ? ModelVariant.INT8 : ModelVariant.FP32;
    return new ProductionVariant(cur.variantName(), cur.modelName(), model, target.get("instanceType"), Integer.parseInt(target.get("instanceCount")), 1.0);
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(SageMakerFamily.SAGEMAKER_ENDPOINT, SageMakerFamily.SAGEMAKER_TRAINING_SPOT);
  }

  @Override
  public Resource read(String resourceId, String region) {
    if (!SimulatedMlPlatform.REGION.equals(region)) throw new ActionFailedException("the simulated ML platform is in " + SimulatedMlPlatform.REGION + ", not " + region);
    if (resourceId.equals(platform.endpoint().name())) {
      Endpoint ep = platform.currentEndpoint();
      ProductionVariant v = ep.primary();
      Map<String, String> cfg = new LinkedHashMap<>();
      cfg.put("variant", v.variantName());
      cfg.put("instanceType", v.instanceType());
      cfg.put("instanceCount", Integer.toString(v.instanceCount()));
      cfg.put(MlActions.MODEL, v.model().id);
      cfg.putAll(scaling);
      return new Resource(resourceId, SageMakerFamily.SAGEMAKER, region, null, cfg, Map.of());
    }
    if (resourceId.equals(TRAINING)) return new Resource(resourceId, SageMakerFamily.SAGEMAKER, region, null, trainingConfig, Map.of());
    throw new ActionFailedException("no SageMaker endpoint or training job family '" + resourceId + "' in the simulated account");
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind == SageMakerFamily.SAGEMAKER_ENDPOINT && GpuInstanceType.find(target.get("instanceType")).isEmpty()) {
      return Optional.of("instance type " + target.get("instanceType") + " is not a known GPU type");
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind == SageMakerFamily.SAGEMAKER_TRAINING_SPOT) {
      trainingConfig.clear();
      trainingConfig.putAll(target);
      return "applies from the next training job";
    }
    ProductionVariant next = variant(target);
    ModelVariant model = next.model();
    int count = next.instanceCount();
    if (!context.rollback() && target.containsKey(MlActions.TARGET_PER_MINUTE)) {
      RolloutTarget.Candidate c = new RolloutTarget.Candidate(model.id + "-" + next.instanceType(), model, next.instanceType(),
          Integer.parseInt(target.get(MlActions.MIN_INSTANCES)), Integer.parseInt(target.get(MlActions.MAX_INSTANCES)),
          Double.parseDouble(target.get(MlActions.TARGET_PER_MINUTE)) / 60.0);
      Rollout.Record r = Rollout.run(rollout, c, gates, context.now(), context.now().getEpochSecond() / 60);
      records.add(r);
      if (r.outcome() == Rollout.Outcome.ROLLED_BACK) {
        throw new ActionFailedException("rollout of " + c.name() + " stopped at gate '" + r.failedGate() + "': "
            + r.steps().get(r.steps().size() - 2).detail() + "; the current variant still serves all traffic");
      }
    }
    platform.apply(new Endpoint(current.id(), current.region(), platform.endpoint().configName() + "-tap-" + context.now().getEpochSecond(), List.of(next)),
        context.now());
    setScaling(target);
    return context.rollback() ? "restored " + next.instanceType() + " x" + count : "promoted after shadow, canary/linear and A/B gates";
  }
}
