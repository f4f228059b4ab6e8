package dev.tap.blueprints.ml;

import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.ContextException;
import java.util.regex.Pattern;

/**
 * What a user may change in the ML platform blueprint (docs/blueprints.md lists the keys). The defaults
 * are the platform as SPEC T9 and docs/ml.md describe it today: sized for 10,000 predictions/s on 10 x
 * {@code ml.g4dn.12xlarge}, and daily training on 4 x {@code ml.p3.2xlarge} for 3.5-4.5 h.
 *
 * @param targetInvocationsPerInstance target-tracking value of SageMakerVariantInvocationsPerInstance
 *     (invocations per instance per minute)
 */
public record MlConfig(String region, String endpointInstanceType, int endpointInstances, int endpointMaxInstances,
    int targetInvocationsPerInstance, String inferenceImage, String modelDataKey, boolean deployEndpoint, int latencyP95Ms,
    String trainingInstanceType, int trainingInstances, int trainingMaxRuntimeHours, int trainingMaxWaitHours, String trainingImage) {

  static final String PREFIX = "ml.";
  static final String REGION = PREFIX + "region";
  static final String ENDPOINT_TYPE = PREFIX + "endpoint.instanceType";
  static final String ENDPOINT_INSTANCES = PREFIX + "endpoint.instances";
  static final String ENDPOINT_MAX = PREFIX + "endpoint.maxInstances";
  static final String TARGET = PREFIX + "endpoint.targetInvocationsPerInstance";
  static final String INFERENCE_IMAGE = PREFIX + "endpoint.image";
  static final String MODEL_DATA_KEY = PREFIX + "endpoint.modelDataKey";
  static final String DEPLOY_ENDPOINT = PREFIX + "endpoint.deploy";
  static final String LATENCY_P95_MS = PREFIX + "endpoint.latencyP95Ms";
  static final String TRAINING_TYPE = PREFIX + "training.instanceType";
  static final String TRAINING_INSTANCES = PREFIX + "training.instances";
  static final String TRAINING_MAX_RUNTIME_H = PREFIX + "training.maxRuntimeHours";
  static final String TRAINING_MAX_WAIT_H = PREFIX + "training.maxWaitHours";
  static final String TRAINING_IMAGE = PREFIX + "training.image";

  /** An ECR image reference with a tag or digest. */
  private static final Pattern IMAGE = Pattern.compile("\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+(:[\\w.-]+|@sha256:[0-9a-f]{64})");

  public static MlConfig from(BlueprintContext ctx) {
    String region = ctx.region(REGION, "us-west-2");
    int instances = ctx.integer(ENDPOINT_INSTANCES, 10, 1, 100);
    int runtime = ctx.integer(TRAINING_MAX_RUNTIME_H, 5, 1, 120);
    String deploy = ctx.string(DEPLOY_ENDPOINT, "true");
    if (!deploy.equals("true") && !deploy.equals("false")) {
      throw new ContextException(DEPLOY_ENDPOINT, deploy, "not true or false", "true (default) or false: false deploys the bucket, key and roles only, "
          + "so that the model artifact can be uploaded before the endpoint is created");
    }
    return new MlConfig(region,
        ctx.instanceClass(ENDPOINT_TYPE, "ml.", "ml.g4dn.12xlarge"),
        instances,
        ctx.integer(ENDPOINT_MAX, Math.max(instances, 12), instances, 100),
        // 75 % of the 1,000 predictions/s per instance the fleet was sized for (10 instances for 10,000/s), per minute
        ctx.integer(TARGET, 45_000, 1, 10_000_000),
        image(ctx, INFERENCE_IMAGE, "763104351884.dkr.ecr." + region + ".amazonaws.com/pytorch-inference:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"),
        ctx.string(MODEL_DATA_KEY, "models/fraud-scoring/model.tar.gz"),
        deploy.equals("true"),
        // the endpoint's latency objective (docs/ml.md: 50 ms p95)
        ctx.integer(LATENCY_P95_MS, 50, 1, 60_000),
        ctx.instanceClass(TRAINING_TYPE, "ml.", "ml.p3.2xlarge"),
        ctx.integer(TRAINING_INSTANCES, 4, 1, 100),
        runtime,
        // managed spot: the wait (runtime plus time waiting for spot capacity) must be at least the runtime
        ctx.integer(TRAINING_MAX_WAIT_H, 2 * runtime, runtime, 240),
        image(ctx, TRAINING_IMAGE, "763104351884.dkr.ecr." + region + ".amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"));
  }

  private static String image(BlueprintContext ctx, String key, String defaultValue) {
    String v = ctx.string(key, defaultValue);
    if (!IMAGE.matcher(v).matches()) {
      throw new ContextException(key, v, "not an ECR image reference", "<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> (default " + defaultValue + ")");
    }
    return v;
  }

  /** The ECR repository ARN of an image reference, for the pull permission. */
  static String repositoryArn(String image, String partition) {
    String host = image.substring(0, image.indexOf('/'));
    String account = host.substring(0, 12);
    String region = host.split("\\.")[3];
    String repository = image.substring(image.indexOf('/') + 1).replaceFirst("(:[\\w.-]+|@sha256:[0-9a-f]{64})$", "");
    return "arn:" + partition + ":ecr:" + region + ":" + account + ":repository/" + repository;
  }
}
