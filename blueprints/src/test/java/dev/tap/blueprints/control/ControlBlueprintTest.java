package dev.tap.blueprints.control;

import static dev.tap.blueprints.TemplateJson.list;
import static dev.tap.blueprints.TemplateJson.map;
import static dev.tap.blueprints.TemplateJson.props;
import static dev.tap.blueprints.TemplateJson.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.blueprints.BlueprintRegistry;
import dev.tap.blueprints.Synthesized;
import dev.tap.blueprints.TemplateJson;
import dev.tap.blueprints.shared.ContextException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** Issue 18 §3 (the control plane) on the synthesized template of the control blueprint, default context unless a test says otherwise. */
class ControlBlueprintTest {
  private static Stack stack;
  private static Template t;
  private static Map<String, Object> definition;

  @BeforeAll
  static void synthesize() throws Exception {
    Synthesized control = Synthesized.of(ControlBlueprint.NAME);
    assertThat(control.stacks).hasSize(1);
    stack = control.primaryStack();
    t = control.primary();
    definition = definition(t);
  }

  /** The state machine's ASL with each CloudFormation token replaced by "X" (the literal parts are what the tests read). */
  static Map<String, Object> definition(Template template) throws Exception {
    Object body = single(template, "AWS::StepFunctions::StateMachine").get("DefinitionString");
    String json = body instanceof String s ? s : list(list(map(body).get("Fn::Join")).get(1)).stream()
        .map(part -> part instanceof String s ? s : "X").collect(Collectors.joining());
    return map(new ObjectMapper().readValue(json, Map.class));
  }

  private static Map<String, Object> mapState(Map<String, Object> asl) {
    return map(map(asl.get("States")).get("EveryAccountRegion"));
  }

  private static Map<String, Object> runTaskState(Map<String, Object> asl) {
    return map(map(map(mapState(asl).get("ItemProcessor")).get("States")).get("AnalyseAccountRegion"));
  }

  @Test
  void I18_3_stackNameAndRegion() {
    assertThat(stack.getStackName()).isEqualTo("Tap-control-dev");
    assertThat(stack.getRegion()).isEqualTo("us-east-1");
  }

  @Test
  void I18_3_nightlyScheduleStartsTheStateMachine() {
    Map<String, Object> schedule = single(t, "AWS::Scheduler::Schedule");
    assertThat(schedule).containsEntry("ScheduleExpression", "cron(0 2 * * ? *)").containsEntry("ScheduleExpressionTimezone", "UTC")
        .containsEntry("State", "ENABLED").containsEntry("Name", "tap-dev-control-nightly");
    assertThat(map(schedule.get("FlexibleTimeWindow"))).containsEntry("Mode", "OFF");
    Map<String, Object> target = map(schedule.get("Target"));
    assertThat(String.valueOf(target.get("Arn"))).contains("Nightly");
    assertThat(String.valueOf(props(t, "AWS::IAM::Policy").values())).contains("states:StartExecution");

    App app = App.Builder.create().context(Map.of("blueprints", "control", "control.schedule", "cron(30 1 ? * MON-FRI *)",
        "control.timeZone", "Europe/London")).build();
    Map<String, Object> other = single(Template.fromStack(BlueprintRegistry.standard().define(app).get(0)), "AWS::Scheduler::Schedule");
    assertThat(other).containsEntry("ScheduleExpression", "cron(30 1 ? * MON-FRI *)").containsEntry("ScheduleExpressionTimezone", "Europe/London");
  }

  @Test
  void I18_3_distributedMapOverTheTargetsListWithConcurrencyAndFailureTolerance() {
    Map<String, Object> m = mapState(definition);
    assertThat(m).containsEntry("Type", "Map").containsEntry("MaxConcurrency", 40).containsEntry("ToleratedFailurePercentage", 10);
    assertThat(map(map(m.get("ItemProcessor")).get("ProcessorConfig"))).containsEntry("Mode", "DISTRIBUTED").containsEntry("ExecutionType", "STANDARD");
    Map<String, Object> reader = map(m.get("ItemReader"));
    assertThat(String.valueOf(reader.get("Resource"))).endsWith(":states:::s3:getObject");
    assertThat(map(reader.get("ReaderConfig"))).containsEntry("InputType", "JSON");
    assertThat(map(reader.get("Parameters"))).containsEntry("Key", "config/targets.json");
    assertThat(map(map(m.get("ResultWriter")).get("Parameters"))).containsEntry("Prefix", "map-results/");
    Map<String, Object> selector = map(m.get("ItemSelector"));
    assertThat(selector).containsEntry("account.$", "$$.Map.Item.Value.account").containsEntry("region.$", "$$.Map.Item.Value.region");
  }

  @Test
  void I18_3_failureToleranceAndConcurrencyFromContext() throws Exception {
    App app = App.Builder.create().context(Map.of("blueprints", "control", "control.maxConcurrency", "200", "control.toleratedFailurePercent", "25"))
        .build();
    Map<String, Object> m = mapState(definition(Template.fromStack(BlueprintRegistry.standard().define(app).get(0))));
    assertThat(m).containsEntry("MaxConcurrency", 200).containsEntry("ToleratedFailurePercentage", 25);
  }

  @Test
  void I18_3_runTaskSyncRetriesThrottlingAndCapacityErrors() {
    Map<String, Object> task = runTaskState(definition);
    assertThat(String.valueOf(task.get("Resource"))).endsWith(":states:::ecs:runTask.sync");
    assertThat(task).containsEntry("TimeoutSeconds", 3600);
    Map<String, Object> retry = map(list(task.get("Retry")).get(0));
    assertThat(list(retry.get("ErrorEquals"))).containsExactlyElementsOf(ControlBlueprint.RETRIED_ERRORS)
        .contains("ECS.AmazonECSException", "ECS.ThrottlingException", "AmazonECS.Unknown")
        // a task that ran and failed (access denied, no plan) is the account's failure, counted by the tolerance, not retried
        .doesNotContain("States.TaskFailed", "States.ALL");
    assertThat(retry).containsEntry("MaxAttempts", 6).containsEntry("BackoffRate", 2).containsEntry("JitterStrategy", "FULL");
    Map<String, Object> parameters = map(task.get("Parameters"));
    assertThat(parameters).containsEntry("LaunchType", "FARGATE");
    assertThat(String.valueOf(parameters.get("NetworkConfiguration"))).doesNotContain("AssignPublicIp=ENABLED");
  }

  @Test
  void I18_3_fargateTaskRunsResumeSnapshotPlanThenUploads() {
    Map<String, Object> selector = map(mapState(definition).get("ItemSelector"));
    assertThat(String.valueOf(selector.get("resume.$"))).isEqualTo("States.Array('resume', '--state', 'dynamodb://tap-dev-control-journal?region=us-east-1&credentials=chain',"
        + " '--aws-profile', 'tap-apply', '--region', $$.Map.Item.Value.region)");
    assertThat(String.valueOf(selector.get("snapshot.$"))).isEqualTo("States.Array('snapshot', '--out', '/tap/out/snapshot', '--discover', '--regions',"
        + " $$.Map.Item.Value.region, '--aws-profile', 'tap-read', '--region', $$.Map.Item.Value.region)");

    Map<String, Object> td = single(t, "AWS::ECS::TaskDefinition");
    assertThat(td).containsEntry("Cpu", "1024").containsEntry("Memory", "2048").containsEntry("RequiresCompatibilities", List.of("FARGATE"));
    Map<String, Map<String, Object>> containers = new HashMap<>();
    list(td.get("ContainerDefinitions")).forEach(c -> containers.put(String.valueOf(map(c).get("Name")), map(c)));
    assertThat(containers.keySet()).containsExactlyInAnyOrderElementsOf(NightlyTask.CONTAINERS);
    assertThat(containers.values()).filteredOn(c -> Boolean.TRUE.equals(c.get("Essential"))).extracting(c -> c.get("Name")).containsExactly("upload");
    assertThat(dependsOn(containers.get("resume"))).isEqualTo("aws-config:SUCCESS");
    assertThat(dependsOn(containers.get("snapshot"))).isEqualTo("resume:COMPLETE");
    assertThat(dependsOn(containers.get("plan"))).isEqualTo("snapshot:SUCCESS");
    assertThat(dependsOn(containers.get("upload"))).isEqualTo("plan:COMPLETE");
    assertThat(list(containers.get("plan").get("Command"))).containsExactly("plan", "--snapshot", "/tap/out/snapshot", "--out", "/tap/out/plan");
    assertThat(String.valueOf(containers.get("aws-config").get("Command"))).contains("credential_source = EcsContainer", "tap-read", "tap-apply");
    assertThat(String.valueOf(containers.get("upload").get("Command"))).contains("aws s3 cp --recursive", "at=\"$TAP_NIGHT/$TAP_ACCOUNT/$TAP_REGION/\"",
        "/tap/out/snapshot \"s3://$TAP_BUCKET/snapshots/$at\"", "/tap/out/plan \"s3://$TAP_BUCKET/plans/$at\"",
        "test -s /tap/out/plan/plan.json");
    assertThat(String.valueOf(containers.get("snapshot").get("Image"))).contains(":latest");
    assertThat(String.valueOf(containers.get("snapshot").get("Environment"))).contains("AWS_CONFIG_FILE", "/tap/aws/config");
  }

  private static String dependsOn(Map<String, Object> container) {
    Map<String, Object> d = map(list(container.get("DependsOn")).get(0));
    return d.get("ContainerName") + ":" + d.get("Condition");
  }

  @Test
  void I18_3_resultsBucketKmsTlsOnlyWithLifecycle() {
    String key = props(t, "AWS::KMS::Key").keySet().iterator().next();
    Map<String, Object> results = props(t, "AWS::S3::Bucket").values().stream()
        .filter(b -> String.valueOf(b.get("BucketEncryption")).contains("aws:kms")).findFirst().orElseThrow();
    assertThat(String.valueOf(results.get("BucketEncryption"))).contains(key);
    assertThat(map(results.get("PublicAccessBlockConfiguration"))).containsEntry("BlockPublicAcls", true).containsEntry("RestrictPublicBuckets", true);
    assertThat(String.valueOf(results.get("LifecycleConfiguration"))).contains("Prefix=plans/", "StorageClass=STANDARD_IA", "TransitionInDays=30",
        "ExpirationInDays=400", "Prefix=snapshots/", "ExpirationInDays=7", "AbortIncompleteMultipartUpload");
    assertThat(String.valueOf(props(t, "AWS::S3::BucketPolicy").values())).contains("aws:SecureTransport");
  }

  @Test
  void I18_3_journalTableKeysAndBilling() {
    Map<String, Object> table = single(t, "AWS::DynamoDB::Table");
    assertThat(table).containsEntry("TableName", "tap-dev-control-journal").containsEntry("BillingMode", "PAY_PER_REQUEST");
    assertThat(list(table.get("KeySchema"))).containsExactly(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE"));
    assertThat(list(table.get("AttributeDefinitions"))).containsExactlyInAnyOrder(Map.of("AttributeName", "pk", "AttributeType", "S"),
        Map.of("AttributeName", "sk", "AttributeType", "S"));
    assertThat(String.valueOf(table.get("SSESpecification"))).contains("SSEType=KMS");
  }

  @Test
  void I18_3_memberRolesStackSetHoldsExactlyTheTapIamPolicies() throws Exception {
    Map<String, Object> set = single(t, "AWS::CloudFormation::StackSet");
    assertThat(set).containsEntry("PermissionModel", "SERVICE_MANAGED").containsEntry("CallAs", "SELF")
        .containsEntry("Capabilities", List.of("CAPABILITY_NAMED_IAM")).doesNotContainKey("StackInstancesGroup");
    assertThat(map(set.get("AutoDeployment"))).containsEntry("Enabled", true);
    Map<String, Object> body = map(new ObjectMapper().readValue(String.valueOf(set.get("TemplateBody")), Map.class));
    Map<String, Object> read = map(map(map(body.get("Resources")).get("ReadRole")).get("Properties"));
    Map<String, Object> apply = map(map(map(body.get("Resources")).get("ApplyRole")).get("Properties"));
    assertThat(read).containsEntry("RoleName", "tap-dev-control-member-read");
    assertThat(apply).containsEntry("RoleName", "tap-dev-control-member-apply");
    // the files are the output of tap iam-policy (IamPolicyFilesTest in the optimizer holds them to it)
    assertThat(map(list(read.get("Policies")).get(0)).get("PolicyDocument")).isEqualTo(MemberRoles.policy(MemberRoles.READ_POLICY));
    assertThat(map(list(apply.get("Policies")).get(0)).get("PolicyDocument")).isEqualTo(MemberRoles.policy(MemberRoles.APPLY_POLICY));
    assertThat(list(read.get("Policies"))).hasSize(1);
    assertThat(String.valueOf(read.get("AssumeRolePolicyDocument"))).contains("Ref=ControlTaskRoleArn").doesNotContain("\"*\"");
    assertThat(String.valueOf(set.get("Parameters"))).contains("ControlTaskRoleArn", "TaskTaskRole");

    App app = App.Builder.create().context(Map.of("blueprints", "control", "control.organizationalUnits", "ou-ab12-cd34ef56,r-ab12")).build();
    Map<String, Object> withOus = single(Template.fromStack(BlueprintRegistry.standard().define(app).get(0)), "AWS::CloudFormation::StackSet");
    Map<String, Object> group = map(list(withOus.get("StackInstancesGroup")).get(0));
    assertThat(map(group.get("DeploymentTargets"))).containsEntry("OrganizationalUnitIds", List.of("ou-ab12-cd34ef56", "r-ab12"));
    assertThat(group).containsEntry("Regions", List.of("us-east-1"));
  }

  /** cfn-lint on the member template too, which the StackSet carries as a string that the stack's lint does not open. */
  @Test
  void I18_3_memberTemplatePassesCfnLint() throws Exception {
    Path file = Path.of("target", "cdk-test", "control-member-roles.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.valueOf(single(t, "AWS::CloudFormation::StackSet").get("TemplateBody")));
    Process p;
    try {
      p = new ProcessBuilder("cfn-lint", "--format", "parseable", "--", file.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      assumeTrue(false, "cfn-lint is not installed (pip install cfn-lint): member template lint skipped");
      return;
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output.lines().filter(l -> l.matches("[^:]*(:[^:]*){4}:E\\d+:.*")).toList()).as(output).isEmpty();
    assertThat(p.exitValue() & 2).as(output).isZero();
  }

  /** A night that fails as a whole (beyond the tolerance, or timed out) alarms; a tolerated account failure does not. */
  @Test
  void I18_3_alarmWhenTheNightFails() {
    Map<String, Object> alarm = single(t, "AWS::CloudWatch::Alarm");
    assertThat(alarm).containsEntry("AlarmName", "tap-dev-control-nightly-failed").containsEntry("Threshold", 0)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold").containsEntry("TreatMissingData", "notBreaching");
    String metrics = String.valueOf(alarm.get("Metrics"));
    assertThat(metrics).contains("failed + timedout + aborted", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted", "AWS/States");
    assertThat(String.valueOf(alarm.get("AlarmActions"))).contains("AlarmTopic");
  }

  @Test
  void I18_3_outputs() {
    assertThat(TemplateJson.outputs(t).keySet()).contains("ControlStateMachineArn", "ControlResultsBucketName", "ControlJournalTableName",
        "ControlRepositoryUri", "ControlTaskRoleArn", "ControlMemberReadRoleName", "ControlMemberApplyRoleName", "ControlTargetsKey",
        "ControlAlarmTopicArn");
    t.hasOutput("ControlJournalTableName", Map.of("Export", Map.of("Name", "tap-dev-control-control-journal-table-name")));
  }

  @Test
  void badContext_namesKeyAndForm() {
    Map<String, String[]> cases = Map.of(
        "control.schedule", new String[] {"every night", "cron(minutes hours"},
        "control.timeZone", new String[] {"Mars/Olympus", "IANA time zone"},
        "control.organizationalUnits", new String[] {"ou-1", "ou-ab12-cd34ef56"},
        "control.task.cpu", new String[] {"300", "Fargate CPU"},
        "control.stackSetCallAs", new String[] {"ADMIN", "DELEGATED_ADMIN"},
        "control.toleratedFailurePercent", new String[] {"101", "from 0 to 100"});
    cases.forEach((key, v) -> assertThatThrownBy(() -> BlueprintRegistry.standard().define(App.Builder.create()
        .context(Map.of("blueprints", "control", key, v[0])).build()))
        .isInstanceOf(ContextException.class).hasMessageContaining("'" + key + "'").hasMessageContaining(v[1]));
    // memory must fit the CPU size: 1 vCPU takes 2-8 GiB
    assertThatThrownBy(() -> BlueprintRegistry.standard().define(App.Builder.create()
        .context(Map.of("blueprints", "control", "control.task.memoryMiB", "1024")).build()))
        .isInstanceOf(ContextException.class).hasMessageContaining("from 2048 to 8192");
    // accepted edges
    assertThat(ControlConfig.memoryRange(256)).containsExactly(512, 2048);
    assertThat(ControlConfig.memoryRange(4096)).containsExactly(8192, 30720);
  }
}
