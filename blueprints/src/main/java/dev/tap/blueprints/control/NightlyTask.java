package dev.tap.blueprints.control;

import dev.tap.blueprints.shared.Nag;
import dev.tap.blueprints.shared.Names;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerDependency;
import software.amazon.awscdk.services.ecs.ContainerDependencyCondition;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.stepfunctions.JsonPath;
import software.amazon.awscdk.services.stepfunctions.tasks.ContainerOverride;
import software.amazon.awscdk.services.stepfunctions.tasks.TaskEnvironmentVariable;
import software.constructs.Construct;

/**
 * The Fargate task that analyses one account-region, as containers run one after another on a shared
 * scratch volume (ECS container dependencies), so TAP's image needs no shell:
 * <ol>
 *   <li>{@code aws-config} (AWS CLI image) writes an AWS config file with two profiles that assume the
 *       member account's roles from the task role ({@code credential_source = EcsContainer});
 *   <li>{@code resume}: {@code tap resume} of the unfinished runs in the shared journal, with the apply role;
 *   <li>{@code snapshot}: {@code tap snapshot --discover} of the region, with the read role;
 *   <li>{@code plan}: {@code tap plan --snapshot}, offline;
 *   <li>{@code upload} (AWS CLI image, essential): copies the snapshot and the plan to the results bucket under
 *       {@code snapshots/} and {@code plans/<date>/<account>/<region>/}, as the task role, and fails the task when there is no plan.
 * </ol>
 */
public final class NightlyTask extends Construct {
  static final String WORK = "/tap", OUT = WORK + "/out", AWS_CONFIG = WORK + "/aws/config";
  static final String READ_PROFILE = "tap-read", APPLY_PROFILE = "tap-apply";
  static final List<String> CONTAINERS = List.of("aws-config", "resume", "snapshot", "plan", "upload");

  /** What the task reads and writes. */
  public record Resources(Repository repository, Bucket results, Table journal, IKey key, LogGroup logs, MemberRoles.RoleNames memberRoles) {}

  private final FargateTaskDefinition definition;
  private final Role taskRole;
  private final Map<String, ContainerDefinition> containers = new LinkedHashMap<>();
  private final String journalUrl;

  public NightlyTask(Construct scope, String id, Names names, ControlConfig c, Resources r) {
    super(scope, id);
    Stack stack = Stack.of(this);
    // a fixed name: the member roles' trust policies name it, in accounts this stack does not manage
    this.taskRole = Role.Builder.create(this, "TaskRole")
        .roleName(names.of("task"))
        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
        .description("Nightly TAP task of " + names.of() + ": assumes the member roles, writes results and the journal")
        .build();
    String partition = stack.getPartition();
    taskRole.addToPolicy(PolicyStatement.Builder.create().actions(List.of("sts:AssumeRole"))
        .resources(List.of("arn:" + partition + ":iam::*:role/" + r.memberRoles().read(), "arn:" + partition + ":iam::*:role/" + r.memberRoles().apply()))
        .build());
    r.results().grantPut(taskRole, ControlBlueprint.PLANS_PREFIX + "*");
    r.results().grantPut(taskRole, ControlBlueprint.SNAPSHOTS_PREFIX + "*");
    r.journal().grantReadWriteData(taskRole);
    Nag.suppressMatching(taskRole, "AwsSolutions-IAM5", "^Resource::arn:<AWS::Partition>:iam::\\*:role/.*",
        "the member roles have one name in every account of the organisation; which accounts is the targets list, not a policy");
    Nag.suppressMatching(taskRole, "AwsSolutions-IAM5", "^Resource::<Results[0-9A-F]+\\.Arn>/(plans|snapshots)/\\*$",
        "the plans/ and snapshots/ prefixes of the control bucket");
    Nag.suppressMatching(taskRole, "AwsSolutions-IAM5", "^Action::(s3:Abort|s3:PutObject|kms:(ReEncrypt|GenerateDataKey)).*",
        "CDK's put grant on the results prefix and the data-key actions on the blueprint key only");
    Nag.suppressTableGrantWildcards(taskRole);

    this.definition = FargateTaskDefinition.Builder.create(this, "Definition")
        .family(names.of("nightly"))
        .cpu(c.taskCpu())
        .memoryLimitMiB(c.taskMemoryMiB())
        .taskRole(taskRole)
        .runtimePlatform(RuntimePlatform.builder().operatingSystemFamily(OperatingSystemFamily.LINUX).cpuArchitecture(CpuArchitecture.X86_64).build())
        .volumes(List.of(Volume.builder().name("work").build()))
        .build();
    // The table is in this (control) account: reach it with the task role (the default chain), not the member profile.
    this.journalUrl = "dynamodb://" + names.of("journal") + "?region=" + c.region() + "&credentials=chain";

    ContainerImage tap = ContainerImage.fromEcrRepository(r.repository(), c.imageTag());
    ContainerImage cli = ContainerImage.fromRegistry(c.awsCliImage());
    Map<String, String> tapEnv = Map.of("AWS_CONFIG_FILE", AWS_CONFIG, "JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");

    add("aws-config", cli, r, null, List.of("sh", "-c"), List.of(String.join(" ",
        "set -eu; mkdir -p " + WORK + "/aws " + OUT + ";",
        "for p in " + READ_PROFILE + ":$TAP_READ_ROLE " + APPLY_PROFILE + ":$TAP_APPLY_ROLE; do",
        "printf '[profile %s]\\nrole_arn = arn:%s:iam::%s:role/%s\\ncredential_source = EcsContainer\\nrole_session_name = tap-control\\n\\n'",
        "\"${p%%:*}\" \"$TAP_PARTITION\" \"$TAP_ACCOUNT\" \"${p#*:}\"; done > " + AWS_CONFIG)),
        Map.of("TAP_READ_ROLE", r.memberRoles().read(), "TAP_APPLY_ROLE", r.memberRoles().apply(), "TAP_PARTITION", partition), false);
    add("resume", tap, r, dependsOn("aws-config", ContainerDependencyCondition.SUCCESS), null, null, tapEnv, false);
    // an unfinished run that cannot go on does not keep the night's analysis from running
    add("snapshot", tap, r, dependsOn("resume", ContainerDependencyCondition.COMPLETE), null, null, tapEnv, false);
    add("plan", tap, r, dependsOn("snapshot", ContainerDependencyCondition.SUCCESS), null,
        List.of("plan", "--snapshot", OUT + "/snapshot", "--out", OUT + "/plan"), tapEnv, false);
    add("upload", cli, r, dependsOn("plan", ContainerDependencyCondition.COMPLETE), List.of("sh", "-c"), List.of(String.join(" ",
        "set -eu; at=\"$TAP_NIGHT/$TAP_ACCOUNT/$TAP_REGION/\";",
        "aws s3 cp --recursive --only-show-errors " + OUT + "/snapshot \"s3://$TAP_BUCKET/" + ControlBlueprint.SNAPSHOTS_PREFIX + "$at\";",
        "aws s3 cp --recursive --only-show-errors " + OUT + "/plan \"s3://$TAP_BUCKET/" + ControlBlueprint.PLANS_PREFIX + "$at\";",
        "test -s " + OUT + "/plan/plan.json || { echo 'no plan.json: see the snapshot and plan containers in the task log' >&2; exit 1; }")),
        Map.of("TAP_BUCKET", r.results().getBucketName()), true);
    Nag.suppressMatching(definition.obtainExecutionRole(), "AwsSolutions-IAM5", "^Resource::\\*$",
        "ecr:GetAuthorizationToken supports no resource-level permissions (the pulls themselves are on the control repository).");
    Nag.suppress(definition, "AwsSolutions-ECS2",
        "The environment holds names only (bucket, role names, partition, config file path, JVM heap share): no secret; the task role supplies credentials.");
  }

  private List<ContainerDependency> dependsOn(String name, ContainerDependencyCondition condition) {
    return List.of(ContainerDependency.builder().container(containers.get(name)).condition(condition).build());
  }

  private void add(String name, ContainerImage image, Resources r, List<ContainerDependency> deps, List<String> entryPoint, List<String> command,
      Map<String, String> env, boolean essential) {
    ContainerDefinitionOptions.Builder b = ContainerDefinitionOptions.builder()
        .containerName(name)
        .image(image)
        .essential(essential)
        .environment(env)
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(r.logs()).streamPrefix(name).build()));
    if (entryPoint != null) b.entryPoint(entryPoint);
    if (command != null) b.command(command);
    ContainerDefinition container = definition.addContainer(name, b.build());
    container.addMountPoints(MountPoint.builder().containerPath(WORK).sourceVolume("work").readOnly(false).build());
    if (deps != null) deps.forEach(container::addContainerDependencies);
    containers.put(name, container);
  }

  /**
   * The Distributed Map's ItemSelector: from an item {@code {"account": "...", "region": "..."}} it builds
   * what the task's overrides need (the night's date is the execution's start date, UTC).
   */
  Map<String, Object> itemSelector() {
    String account = JsonPath.stringAt("$$.Map.Item.Value.account"), region = JsonPath.stringAt("$$.Map.Item.Value.region");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("account", account);
    m.put("region", region);
    m.put("night", JsonPath.arrayGetItem(JsonPath.stringSplit(JsonPath.stringAt("$$.Execution.StartTime"), "T"), 0));
    m.put("resume", JsonPath.array("resume", "--state", journalUrl, "--aws-profile", APPLY_PROFILE, "--region", region));
    m.put("snapshot", JsonPath.array("snapshot", "--out", OUT + "/snapshot", "--discover", "--regions", region, "--aws-profile", READ_PROFILE,
        "--region", region));
    return m;
  }

  /** Per item: the member account and region, the tap commands that name the region. */
  List<ContainerOverride> overrides() {
    TaskEnvironmentVariable account = env("TAP_ACCOUNT", "$.account"), region = env("TAP_REGION", "$.region"), awsRegion = env("AWS_REGION", "$.region");
    return List.of(
        ContainerOverride.builder().containerDefinition(containers.get("aws-config")).environment(List.of(account)).build(),
        ContainerOverride.builder().containerDefinition(containers.get("resume")).command(JsonPath.listAt("$.resume")).environment(List.of(awsRegion)).build(),
        ContainerOverride.builder().containerDefinition(containers.get("snapshot")).command(JsonPath.listAt("$.snapshot")).environment(List.of(awsRegion)).build(),
        ContainerOverride.builder().containerDefinition(containers.get("upload"))
            .environment(List.of(account, region, env("TAP_NIGHT", "$.night"))).build());
  }

  private static TaskEnvironmentVariable env(String name, String path) {
    return TaskEnvironmentVariable.builder().name(name).value(JsonPath.stringAt(path)).build();
  }

  public FargateTaskDefinition definition() {
    return definition;
  }

  public IRole taskRole() {
    return taskRole;
  }

  /** The journal URL the resume container passes to {@code --state}. */
  public String journalUrl() {
    return journalUrl;
  }
}
