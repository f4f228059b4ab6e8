package dev.tap.blueprints.ml;

import dev.tap.blueprints.Blueprint;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.EncryptionKey;
import dev.tap.blueprints.shared.InfrastructureAlarms;
import dev.tap.blueprints.shared.LoggedBuckets;
import dev.tap.blueprints.shared.Nag;
import dev.tap.blueprints.shared.Names;
import dev.tap.blueprints.shared.StackOutputs;
import dev.tap.blueprints.shared.TapStacks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.BasicTargetTrackingScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.PredefinedMetric;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.ServiceNamespace;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sagemaker.CfnEndpoint;
import software.amazon.awscdk.services.sagemaker.CfnEndpointConfig;
import software.amazon.awscdk.services.sagemaker.CfnModel;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * The ML inference platform of SPEC T9 (us-west-2 by default), one stack {@code Tap-ml-<suffix>}: a
 * bucket for models, datasets and training checkpoints, a SageMaker model, endpoint configuration and
 * real-time GPU endpoint with target-tracking autoscaling, the training role and a managed-spot
 * training configuration, and alarms. Today's sizing by default (docs/ml.md), so that {@code tap ml}
 * has the platform to right-size.
 */
public final class MlBlueprint implements Blueprint {
  public static final String NAME = "ml";

  /** The variant every request goes to until a rollout adds another. */
  static final String VARIANT = "AllTraffic";

  /** Where training jobs write and resume their checkpoints (SageMaker syncs this local path to S3). */
  static final String CHECKPOINT_PREFIX = "checkpoints/", CHECKPOINT_LOCAL_PATH = "/opt/ml/checkpoints";

  /**
   * Instance types with local NVMe storage: SageMaker encrypts it with an on-instance hardware key and
   * rejects a KmsKeyId (endpoint) or VolumeKmsKeyId (training) for them.
   */
  static final Pattern LOCAL_STORAGE = Pattern.compile("ml\\.(g4dn|g5|g6|g6e|p3dn|p4d|p4de|p5|p5e|c5d|m5d|r5d|c6id|m6id|r6id)\\..+");

  @Override
  public List<Stack> define(App app, BlueprintContext ctx) {
    MlConfig c = MlConfig.from(ctx);
    Names names = new Names(ctx.suffix(), NAME);
    Stack stack = TapStacks.create(app, ctx, names, null, c.region(), "TAP ML inference platform (" + names.suffix() + "): SPEC T9, M1-M2");
    // S3 server access logs are granted by a bucket policy, not the legacy LogDeliveryWrite ACL (set before any child exists)
    stack.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    // models, datasets and checkpoints outlive the stack, with the key that encrypts them
    RemovalPolicy keep = RemovalPolicy.RETAIN;
    EncryptionKey kms = new EncryptionKey(stack, "Kms", names, keep);
    IKey key = kms.key();

    Bucket accessLogs = LoggedBuckets.accessLogs(stack, "the model bucket's", keep);
    Bucket bucket = LoggedBuckets.encrypted(stack, "Models", key, accessLogs, "models/")
        .versioned(true)
        // checkpoints only matter until the job finishes; old model versions are kept 90 days for rollback
        .lifecycleRules(List.of(
            LifecycleRule.builder().id("checkpoints").prefix(CHECKPOINT_PREFIX).expiration(Duration.days(14)).build(),
            LifecycleRule.builder().id("old-versions").noncurrentVersionExpiration(Duration.days(90)).build()))
        .removalPolicy(keep)
        .build();

    Role execution = executionRole(stack, names, c, bucket, key);
    Role training = trainingRole(stack, names, c, bucket, key);
    Topic topic = Topic.Builder.create(stack, "AlarmTopic").topicName(names.of("alarms")).masterKey(key).enforceSsl(true).build();

    StringParameter trainingConfig = StringParameter.Builder.create(stack, "TrainingConfig")
        .parameterName("/tap/" + names.suffix() + "/ml/training-job")
        .description("CreateTrainingJob request (managed spot, checkpoints) without TrainingJobName: aws sagemaker create-training-job --cli-input-json")
        .stringValue(stack.toJsonString(trainingJob(c, bucket, training, key)))
        .build();

    StackOutputs o = new StackOutputs(stack, names);
    kms.addOutputs(o);
    o.add("MlBucketName", bucket.getBucketName(), "S3 bucket for models, datasets and checkpoints");
    o.add("MlBucketArn", bucket.getBucketArn(), "ARN of the model bucket");
    o.add("MlExecutionRoleArn", execution.getRoleArn(), "Role the endpoint's model runs as");
    o.add("MlTrainingRoleArn", training.getRoleArn(), "Role training jobs run as");
    o.add("MlTrainingConfigParameter", trainingConfig.getParameterName(), "SSM parameter holding the managed-spot CreateTrainingJob request");
    o.add("MlTrainingInstanceType", c.trainingInstanceType(), "Training instance type");
    o.add("MlAlarmTopicArn", topic.getTopicArn(), "SNS topic of the ML alarms");

    if (c.deployEndpoint()) endpoint(stack, names, c, bucket, key, execution, topic, o);
    return List.of(stack);
  }

  /** The model, its endpoint configuration and endpoint, autoscaling, alarms and their outputs. */
  private static void endpoint(Stack stack, Names names, MlConfig c, Bucket bucket, IKey key, Role execution, Topic topic, StackOutputs o) {
    CfnModel model = CfnModel.Builder.create(stack, "Model")
        .executionRoleArn(execution.getRoleArn())
        .primaryContainer(CfnModel.ContainerDefinitionProperty.builder()
            .image(c.inferenceImage())
            .modelDataUrl("s3://" + bucket.getBucketName() + "/" + c.modelDataKey())
            .build())
        // the container gets no network: SageMaker fetches the artifact, requests come through the endpoint
        .enableNetworkIsolation(true)
        .build();
    model.getNode().addDependency(execution);

    boolean localStorage = LOCAL_STORAGE.matcher(c.endpointInstanceType()).matches();
    CfnEndpointConfig.Builder config = CfnEndpointConfig.Builder.create(stack, "EndpointConfig")
        .productionVariants(List.of(CfnEndpointConfig.ProductionVariantProperty.builder()
            .variantName(VARIANT)
            .modelName(model.getAttrModelName())
            .instanceType(c.endpointInstanceType())
            .initialInstanceCount(c.endpointInstances())
            .initialVariantWeight(1)
            .build()));
    if (!localStorage) config.kmsKeyId(key.getKeyArn());
    CfnEndpointConfig endpointConfig = config.build();
    if (localStorage) {
      Nag.suppress(endpointConfig, "AwsSolutions-SM2", c.endpointInstanceType() + " has local NVMe storage, which SageMaker encrypts with the"
          + " instance's hardware key; it rejects a KmsKeyId for such instance types.");
    }

    String endpointName = names.of("fraud-scoring");
    CfnEndpoint endpoint = CfnEndpoint.Builder.create(stack, "Endpoint")
        .endpointName(endpointName)
        .endpointConfigName(endpointConfig.getAttrEndpointConfigName())
        .build();

    // M1: target tracking on invocations per instance (per minute)
    ScalableTarget target = ScalableTarget.Builder.create(stack, "EndpointScaling")
        .serviceNamespace(ServiceNamespace.SAGEMAKER)
        .resourceId("endpoint/" + endpointName + "/variant/" + VARIANT)
        .scalableDimension("sagemaker:variant:DesiredInstanceCount")
        .minCapacity(c.endpointInstances())
        .maxCapacity(c.endpointMaxInstances())
        .build();
    target.getNode().addDependency(endpoint);
    target.scaleToTrackMetric("InvocationsPerInstance", BasicTargetTrackingScalingPolicyProps.builder()
        .predefinedMetric(PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE)
        .targetValue(c.targetInvocationsPerInstance())
        .scaleOutCooldown(Duration.minutes(5))
        .scaleInCooldown(Duration.minutes(15))
        .build());

    InfrastructureAlarms alarms = new InfrastructureAlarms(stack, "Alarms", names, topic);
    alarms.sagemakerEndpoint(endpointName, VARIANT, c.latencyP95Ms());

    o.add("MlModelName", model.getAttrModelName(), "SageMaker model");
    o.add("MlEndpointConfigName", endpointConfig.getAttrEndpointConfigName(), "SageMaker endpoint configuration");
    o.add("MlEndpointName", endpoint.getAttrEndpointName(), "SageMaker real-time endpoint");
    o.add("MlEndpointArn", endpoint.getRef(), "ARN of the SageMaker endpoint");
    o.add("MlVariantName", VARIANT, "Production variant of the endpoint");
    o.add("MlEndpointInstanceType", c.endpointInstanceType(), "Endpoint instance type");
  }

  /** The model's role: its artifact under models/, the key, the inference image, its own logs. */
  private static Role executionRole(Stack stack, Names names, MlConfig c, Bucket bucket, IKey key) {
    Role role = Role.Builder.create(stack, "ExecutionRole")
        .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
        .description("SageMaker model of " + names.of())
        .build();
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject")).resources(List.of(bucket.arnForObjects("models/*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("kms:Decrypt", "kms:DescribeKey")).resources(List.of(key.getKeyArn())).build());
    pullAndLog(stack, role, c.inferenceImage(), "Endpoints");
    Nag.suppressMatching(role, "AwsSolutions-IAM5", "^Resource::<Models[0-9A-F]+\\.Arn>/models/\\*$",
        "the model artifacts under models/ of the platform's own bucket");
    return role;
  }

  /** The training jobs' role: datasets, checkpoints and model output in the bucket, the key, the training image, its logs. */
  private static Role trainingRole(Stack stack, Names names, MlConfig c, Bucket bucket, IKey key) {
    Role role = Role.Builder.create(stack, "TrainingRole")
        .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
        .description("SageMaker training jobs of " + names.of() + " (managed spot, checkpoints)")
        .build();
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:ListBucket")).resources(List.of(bucket.getBucketArn())).build());
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:GetObject"))
        .resources(List.of(bucket.arnForObjects("datasets/*"), bucket.arnForObjects(CHECKPOINT_PREFIX + "*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("s3:PutObject", "s3:DeleteObject"))
        .resources(List.of(bucket.arnForObjects(CHECKPOINT_PREFIX + "*"), bucket.arnForObjects("models/*"))).build());
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey", "kms:CreateGrant"))
        .resources(List.of(key.getKeyArn())).build());
    pullAndLog(stack, role, c.trainingImage(), "TrainingJobs");
    Nag.suppressMatching(role, "AwsSolutions-IAM5", "^Resource::<Models[0-9A-F]+\\.Arn>/(datasets|checkpoints|models)/\\*$",
        "objects under the datasets/, checkpoints/ and models/ prefixes of the platform's own bucket");
    return role;
  }

  /** ECR pull of the one image's repository, and writing the job's or endpoint's log streams. */
  private static void pullAndLog(Stack stack, Role role, String image, String logKind) {
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"))
        .resources(List.of(MlConfig.repositoryArn(image, stack.getPartition()))).build());
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("ecr:GetAuthorizationToken")).resources(List.of("*")).build());
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))
        .resources(List.of("arn:" + stack.getPartition() + ":logs:" + stack.getRegion() + ":" + stack.getAccount() + ":log-group:/aws/sagemaker/" + logKind + "*"))
        .build());
    Nag.suppressMatching(role, "AwsSolutions-IAM5", "^Resource::\\*$", "ecr:GetAuthorizationToken supports no resource-level permissions.");
    Nag.suppressMatching(role, "AwsSolutions-IAM5", "^Resource::arn:<AWS::Partition>:logs:.*:log-group:/aws/sagemaker/" + logKind + "\\*$",
        "SageMaker names the log group and streams per job or endpoint at run time, under /aws/sagemaker/" + logKind + ".");
  }

  /**
   * M2's training configuration as a CreateTrainingJob request: managed spot with a max wait above the
   * max runtime, checkpoints synced to S3 so an interrupted job resumes instead of restarting, output
   * and volumes encrypted with the blueprint key. A scheduler adds TrainingJobName per run.
   */
  static Map<String, Object> trainingJob(MlConfig c, Bucket bucket, Role role, IKey key) {
    boolean localStorage = LOCAL_STORAGE.matcher(c.trainingInstanceType()).matches();
    Map<String, Object> resources = new LinkedHashMap<>();
    resources.put("InstanceType", c.trainingInstanceType());
    resources.put("InstanceCount", c.trainingInstances());
    resources.put("VolumeSizeInGB", 100);
    if (!localStorage) resources.put("VolumeKmsKeyId", key.getKeyArn());
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("AlgorithmSpecification", Map.of("TrainingImage", c.trainingImage(), "TrainingInputMode", "File"));
    job.put("RoleArn", role.getRoleArn());
    job.put("InputDataConfig", List.of(Map.of("ChannelName", "train", "DataSource", Map.of("S3DataSource", Map.of(
        "S3DataType", "S3Prefix", "S3Uri", "s3://" + bucket.getBucketName() + "/datasets/train/", "S3DataDistributionType", "FullyReplicated")))));
    job.put("OutputDataConfig", Map.of("S3OutputPath", "s3://" + bucket.getBucketName() + "/models/", "KmsKeyId", key.getKeyArn()));
    job.put("ResourceConfig", resources);
    job.put("EnableManagedSpotTraining", true);
    job.put("StoppingCondition", Map.of("MaxRuntimeInSeconds", c.trainingMaxRuntimeHours() * 3600, "MaxWaitTimeInSeconds", c.trainingMaxWaitHours() * 3600));
    job.put("CheckpointConfig", Map.of("S3Uri", "s3://" + bucket.getBucketName() + "/" + CHECKPOINT_PREFIX, "LocalPath", CHECKPOINT_LOCAL_PATH));
    job.put("EnableInterContainerTrafficEncryption", true);
    return job;
  }
}
