package dev.tap.blueprints.control;

import dev.tap.blueprints.Blueprint;
import dev.tap.blueprints.shared.LoggedBuckets;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.EncryptionKey;
import dev.tap.blueprints.shared.InfrastructureAlarms;
import dev.tap.blueprints.shared.Nag;
import dev.tap.blueprints.shared.Names;
import dev.tap.blueprints.shared.Network;
import dev.tap.blueprints.shared.StackOutputs;
import dev.tap.blueprints.shared.TapStacks;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.DistributedMap;
import software.amazon.awscdk.services.stepfunctions.JitterType;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.ResultWriterV2;
import software.amazon.awscdk.services.stepfunctions.RetryProps;
import software.amazon.awscdk.services.stepfunctions.S3JsonItemReader;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.amazon.awscdk.services.stepfunctions.IntegrationPattern;
import software.amazon.awscdk.services.stepfunctions.Timeout;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsFargateLaunchTarget;
import software.amazon.awscdk.services.stepfunctions.tasks.EcsRunTask;

/**
 * The organisation control plane, one stack {@code Tap-control-<suffix>} (issue 18 §3): EventBridge
 * Scheduler starts a Step Functions state machine nightly; its Distributed Map reads the
 * account-region list from the results bucket and runs one Fargate task per item ({@link NightlyTask}:
 * {@code tap resume}, {@code tap snapshot}, {@code tap plan}, then the results to S3); the journal is a
 * DynamoDB table; the member-account roles are a StackSet ({@link MemberRoles}).
 *
 * <p>The list comes from an S3 object (ItemReader), not the execution input: 1,000 accounts by 3
 * regions is close to the 256 KiB input limit, and the list is edited without redeploying.
 */
public final class ControlBlueprint implements Blueprint {
  public static final String NAME = "control";

  /** ECS and Step Functions errors worth another try: throttling, service faults, no Fargate capacity (RunTask's Failures). */
  public static final List<String> RETRIED_ERRORS = List.of("ECS.AmazonECSException", "ECS.ThrottlingException", "ECS.ServerException",
      "ECS.LimitExceededException", "AmazonECS.Unknown");
  /** Where a night's plans (small, kept) and snapshots (the metric series, large, kept briefly) go, and the Map's per-item results. */
  static final String PLANS_PREFIX = "plans/", SNAPSHOTS_PREFIX = "snapshots/", MAP_RESULTS_PREFIX = "map-results/";

  @Override
  public List<Stack> define(App app, BlueprintContext ctx) {
    ControlConfig c = ControlConfig.from(ctx);
    Names names = new Names(ctx.suffix(), NAME);
    Stack stack = TapStacks.create(app, ctx, names, null, c.region(), "TAP organisation control plane (" + names.suffix() + "): issue 18");
    stack.getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    // without this flag CDK leaves the Distributed Map's ResultWriter (resultWriterV2) out of the definition
    stack.getNode().setContext("@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2", true);
    // results, the journal and the key that encrypts them outlive the stack (docs/blueprints.md, deletion)
    RemovalPolicy keep = RemovalPolicy.RETAIN;
    EncryptionKey kms = new EncryptionKey(stack, "Kms", names, keep);
    IKey key = kms.key();
    Network network = new Network(stack, "Network", new Network.Props(names, key, "10.40.0.0/16", c.availabilityZones(), c.natGateways(), true, false,
        RemovalPolicy.DESTROY));

    Bucket results = resultsBucket(stack, c, key, keep);
    Table journal = Table.Builder.create(stack, "Journal")
        .tableName(names.of("journal"))
        // FIXED schema: the DynamoDB journal (tap --state dynamodb://TABLE) is written against pk/sk
        .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .encryption(TableEncryption.CUSTOMER_MANAGED)
        .encryptionKey(key)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
        .deletionProtection(true)
        .removalPolicy(keep)
        .build();
    // the tags every blueprint's tables carry (the name ends with the type)
    software.amazon.awscdk.Tags.of(journal).add("TableType", "journal");
    software.amazon.awscdk.Tags.of(journal).add("DataClassification", "Internal");

    Repository repository = Repository.Builder.create(stack, "Repository")
        .repositoryName(names.of())
        .imageScanOnPush(true)
        .imageTagMutability(TagMutability.MUTABLE)
        .encryption(RepositoryEncryption.KMS)
        .encryptionKey(key)
        .lifecycleRules(List.of(software.amazon.awscdk.services.ecr.LifecycleRule.builder()
            .description("keep the 20 newest images").maxImageCount(20).build()))
        .removalPolicy(keep)
        .build();

    Cluster cluster = Cluster.Builder.create(stack, "Cluster")
        .clusterName(names.of())
        .vpc(network.vpc())
        .containerInsightsV2(ContainerInsights.ENABLED)
        .build();
    LogGroup taskLogs = LogGroup.Builder.create(stack, "TaskLogs")
        .logGroupName("/tap/" + names.suffix() + "/control/tasks")
        .encryptionKey(key)
        .retention(RetentionDays.THREE_MONTHS)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();

    MemberRoles.RoleNames memberRoles = new MemberRoles.RoleNames(names.of("member-read"), names.of("member-apply"));
    NightlyTask task = new NightlyTask(stack, "Task", names, c, new NightlyTask.Resources(repository, results, journal, key, taskLogs, memberRoles));
    new MemberRoles(stack, "MemberRoles", names, c, memberRoles, task.taskRole());

    SecurityGroup taskSecurityGroup = SecurityGroup.Builder.create(stack, "TaskSecurityGroup")
        .vpc(network.vpc())
        .description("Nightly TAP tasks: no inbound; outbound HTTPS to AWS APIs")
        .allowAllOutbound(true)
        .build();

    StateMachine machine = stateMachine(stack, names, c, key, results, cluster, network, task, taskSecurityGroup);
    CfnSchedule schedule = schedule(stack, names, c, machine, key);
    // one account's failure is tolerated; a night that fails as a whole (beyond the tolerance, timed out) is news
    Topic topic = Topic.Builder.create(stack, "AlarmTopic").topicName(names.of("alarms")).masterKey(key).enforceSsl(true).build();
    new InfrastructureAlarms(stack, "Alarms", names, topic).stateMachineFailures("nightly", machine.getStateMachineArn());

    StackOutputs o = new StackOutputs(stack, names);
    kms.addOutputs(o);
    o.add("ControlStateMachineArn", machine.getStateMachineArn(), "State machine of the nightly run");
    o.add("ControlScheduleName", schedule.getRef(), "EventBridge Scheduler schedule that starts it");
    o.add("ControlResultsBucketName", results.getBucketName(), "Results bucket (targets list, per account-region snapshot and plan)");
    o.add("ControlTargetsKey", c.targetsKey(), "Key of the account-region list in the results bucket");
    o.add("ControlJournalTableName", journal.getTableName(), "DynamoDB journal (tap --state dynamodb://TABLE)");
    o.add("ControlRepositoryUri", repository.getRepositoryUri(), "ECR repository of TAP's image (Jib pushes here)");
    o.add("ControlTaskRoleArn", task.taskRole().getRoleArn(), "Role of the nightly task; the member roles trust it");
    o.add("ControlMemberReadRoleName", memberRoles.read(), "Role the task assumes for tap snapshot and plan in each member account");
    o.add("ControlMemberApplyRoleName", memberRoles.apply(), "Role the task assumes for tap resume in each member account");
    o.add("ControlAlarmTopicArn", topic.getTopicArn(), "SNS topic of the nightly run's alarm");
    o.add("ControlStackSetName", names.of("member-roles"), "StackSet of the member roles");
    network.addOutputs(o);
    return List.of(stack);
  }

  private static Bucket resultsBucket(Stack stack, ControlConfig c, IKey key, RemovalPolicy keep) {
    Bucket accessLogs = LoggedBuckets.accessLogs(stack, "the results bucket's", keep);
    return LoggedBuckets.encrypted(stack, "Results", key, accessLogs, "results/")
        // plans are read in the following weeks, then rarely; snapshots (1.66 MB of series per resource, docs/organisation.md)
        // only until the next nights replace them; the targets list under config/ stays
        .lifecycleRules(List.of(
            LifecycleRule.builder().id("plans").prefix(PLANS_PREFIX)
                .transitions(List.of(Transition.builder().storageClass(StorageClass.INFREQUENT_ACCESS)
                    .transitionAfter(Duration.days(c.resultsInfrequentAccessDays())).build()))
                .expiration(Duration.days(c.resultsExpiryDays())).build(),
            LifecycleRule.builder().id("snapshots").prefix(SNAPSHOTS_PREFIX).expiration(Duration.days(c.snapshotExpiryDays())).build(),
            LifecycleRule.builder().id("map-results").prefix(MAP_RESULTS_PREFIX).expiration(Duration.days(c.resultsExpiryDays())).build(),
            LifecycleRule.builder().id("incomplete-uploads").abortIncompleteMultipartUploadAfter(Duration.days(7)).build()))
        .removalPolicy(keep)
        .build();
  }

  private static StateMachine stateMachine(Stack stack, Names names, ControlConfig c, IKey key, Bucket results, Cluster cluster, Network network,
      NightlyTask task, SecurityGroup securityGroup) {
    EcsRunTask run = EcsRunTask.Builder.create(stack, "AnalyseAccountRegion")
        .integrationPattern(IntegrationPattern.RUN_JOB)
        .cluster(cluster)
        .taskDefinition(task.definition())
        .launchTarget(EcsFargateLaunchTarget.Builder.create().platformVersion(FargatePlatformVersion.LATEST).build())
        .subnets(network.privateSubnets())
        .securityGroups(List.of(securityGroup))
        .assignPublicIp(false)
        .taskTimeout(Timeout.duration(Duration.minutes(c.taskTimeoutMinutes())))
        .containerOverrides(task.overrides())
        .resultSelector(Map.of("TaskArn", JsonPath.stringAt("$.TaskArn"), "StopCode", JsonPath.stringAt("$.StopCode")))
        .build();
    run.addRetry(RetryProps.builder().errors(RETRIED_ERRORS).interval(Duration.seconds(10)).backoffRate(2).maxAttempts(6)
        .maxDelay(Duration.minutes(5)).jitterStrategy(JitterType.FULL).build());

    DistributedMap map = DistributedMap.Builder.create(stack, "EveryAccountRegion")
        .itemReader(S3JsonItemReader.Builder.create().bucket(results).key(c.targetsKey()).build())
        .itemSelector(task.itemSelector())
        .maxConcurrency(c.maxConcurrency())
        .toleratedFailurePercentage(c.toleratedFailurePercent())
        .mapExecutionType(StateMachineType.STANDARD)
        .resultWriterV2(ResultWriterV2.Builder.create().bucket(results).prefix(MAP_RESULTS_PREFIX).build())
        .build();
    map.itemProcessor(run);

    LogGroup logs = LogGroup.Builder.create(stack, "StateMachineLogs")
        .logGroupName("/aws/vendedlogs/states/" + names.of())
        .encryptionKey(key)
        .retention(RetentionDays.THREE_MONTHS)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    StateMachine machine = StateMachine.Builder.create(stack, "Nightly")
        .stateMachineName(names.of("nightly"))
        .definitionBody(DefinitionBody.fromChainable(map))
        .stateMachineType(StateMachineType.STANDARD)
        .timeout(Duration.hours(23))
        .tracingEnabled(true)
        .logs(LogOptions.builder().destination(logs).level(LogLevel.ALL).includeExecutionData(true).build())
        .build();
    Nag.suppressMatching(machine, "AwsSolutions-IAM5", "^Resource::.*",
        "CDK's grants: the Distributed Map's own child executions and the results bucket's objects (ItemReader, ResultWriter); RunTask on"
            + " the revisions of the task definition, DescribeTasks and StopTask on tasks started at run time (no ARN exists before);"
            + " the log-delivery and X-Ray APIs, which take no resource ARN");
    Nag.suppressMatching(machine, "AwsSolutions-IAM5", "^Action::(s3:(Abort|GetObject|List|DeleteObject|PutObject)|kms:(ReEncrypt|GenerateDataKey)).*",
        "CDK's read/write grant on the results bucket and its key, for the ItemReader and ResultWriter");
    return machine;
  }

  private static CfnSchedule schedule(Stack stack, Names names, ControlConfig c, StateMachine machine, IKey key) {
    Role role = Role.Builder.create(stack, "SchedulerRole")
        .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
        .description("EventBridge Scheduler starts the nightly run of " + names.of())
        .build();
    machine.grantStartExecution(role);
    role.addToPolicy(PolicyStatement.Builder.create().actions(List.of("kms:Decrypt")).resources(List.of(key.getKeyArn())).build());
    return CfnSchedule.Builder.create(stack, "Schedule")
        .name(names.of("nightly"))
        .description("Nightly TAP analysis of every listed account-region")
        .scheduleExpression(c.schedule())
        .scheduleExpressionTimezone(c.timeZone())
        .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
        .kmsKeyArn(key.getKeyArn())
        .state("ENABLED")
        .target(CfnSchedule.TargetProperty.builder()
            .arn(machine.getStateMachineArn())
            .roleArn(role.getRoleArn())
            .input("{}")
            .retryPolicy(CfnSchedule.RetryPolicyProperty.builder().maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
            .build())
        .build();
  }
}
