package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.registry.Families;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The permission list against the code that calls AWS and against the docs that quote it. */
class IamPermissionsTest {
  static final Path AWS_SOURCES = Path.of("src/main/java/dev/tap/optimizer/aws");
  static final Pattern CALLED = Pattern.compile("\"([a-z0-9-]+:[A-Z][A-Za-z]+)\"");
  /** Adapters of other commands (tap report, prices refresh, loadtest): not part of analyze or apply. */
  static final Set<String> OTHER_COMMANDS = Set.of("CostExplorerActualSpend.java", "AwsPriceListApi.java", "AwsLoadTestAccount.java",
      "AwsLambdaTarget.java", "AwsAccountQuotas.java");

  static Map<String, TreeSet<String>> calledPerFile() throws Exception {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(AWS_SOURCES)) {
      for (Path f : files.toList()) {
        Matcher m = CALLED.matcher(Files.readString(f));
        while (m.find()) out.computeIfAbsent(f.getFileName().toString(), k -> new TreeSet<>()).add(m.group(1));
      }
    }
    return out;
  }

  static boolean readsForAnalyze(String file) {
    return file.endsWith("Reader.java") || Set.of("AwsCloudWatch.java", "AwsClients.java", "AwsInventory.java", "OutputsTargets.java", "AwsDiscovery.java").contains(file);
  }

  @Test
  void everyCallAnAnalyzeOrApplyAdapterMakesIsInThePolicyItNeeds() throws Exception {
    Set<String> analyze = new TreeSet<>(IamPermissions.forAnalyze().get(0).actions());
    Set<String> apply = IamPermissions.all();
    Map<String, TreeSet<String>> called = calledPerFile();
    assertThat(called).as("the scan finds the adapters' calls").containsKeys("AwsRedisApi.java", "DynamoDbReader.java", "AwsAccountLock.java");
    called.forEach((file, actions) -> {
      if (file.equals("IamPermissions.java") || OTHER_COMMANDS.contains(file)) return;
      if (file.equals("AwsOrganization.java")) assertThat(IamPermissions.forOrg("R").stream().flatMap(st -> st.actions().stream()).toList())
          .as("tap iam-policy --for org covers " + file).containsAll(actions);
      else if (readsForAnalyze(file)) assertThat(analyze).as("tap iam-policy --for analyze covers " + file).containsAll(actions);
      else assertThat(apply).as("tap iam-policy --for apply covers " + file).containsAll(actions);
    });
  }

  /** SDK client type -> IAM service prefix. */
  static final Map<String, String> SERVICE_OF_CLIENT = Map.ofEntries(Map.entry("CloudWatchClient", "cloudwatch"), Map.entry("RdsClient", "rds"),
      Map.entry("AutoScalingClient", "autoscaling"), Map.entry("Ec2Client", "ec2"), Map.entry("ElastiCacheClient", "elasticache"),
      Map.entry("DynamoDbClient", "dynamodb"), Map.entry("DaxClient", "dax"), Map.entry("LambdaClient", "lambda"),
      Map.entry("ElasticLoadBalancingV2Client", "elasticloadbalancing"), Map.entry("SecretsManagerClient", "secretsmanager"),
      Map.entry("SageMakerClient", "sagemaker"), Map.entry("ApplicationAutoScalingClient", "application-autoscaling"), Map.entry("SsmClient", "ssm"),
      Map.entry("StsClient", "sts"), Map.entry("PricingClient", "pricing"), Map.entry("CostExplorerClient", "ce"),
      Map.entry("ResourceGroupsTaggingApiClient", "tag"), Map.entry("ServiceQuotasClient", "servicequotas"),
      Map.entry("OrganizationsClient", "organizations"));
  /** SDK methods whose IAM action has another name. */
  static final Map<String, String> IAM_NAME = Map.of("lambda:Invoke", "lambda:InvokeFunction",
      // a transaction's puts and updates are authorised as PutItem and UpdateItem
      "dynamodb:TransactWriteItems", "dynamodb:UpdateItem");
  /** Client methods that are no AWS operation (a waiter polls with describe calls, which are scanned where they are named). */
  static final Set<String> NOT_CALLS = Set.of("waiter", "close", "serviceName", "serviceClientConfiguration");

  /**
   * Per file, the IAM actions of the SDK operations it calls: on an {@code AwsClients} accessor
   * ({@code aws.rds(region).describeDBInstances(}), on a helper method returning a client, or on a
   * variable or field of a client type.
   */
  static Map<String, TreeSet<String>> sdkCallsPerFile() throws Exception {
    Map<String, String> accessors = new TreeMap<>();
    Matcher acc = Pattern.compile("public\\s+(?:[\\w.]+\\.)?(\\w+Client)\\s+(\\w+)\\(").matcher(Files.readString(AWS_SOURCES.resolve("AwsClients.java")));
    while (acc.find()) accessors.put(acc.group(2), SERVICE_OF_CLIENT.get(acc.group(1)));
    assertThat(accessors).as("the AwsClients accessors are found").containsKeys("rds", "cloudWatch", "costExplorer", "priceList");
    assertThat(accessors.values()).as("every client type has its IAM service").doesNotContainNull();
    Map<String, TreeSet<String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(AWS_SOURCES)) {
      for (Path f : files.toList()) {
        String src = Files.readString(f);
        Map<String, String> viaMethod = new TreeMap<>(accessors);
        Map<String, String> viaVariable = new TreeMap<>();
        Matcher helper = Pattern.compile("(?:[\\w.]+\\.)?(\\w+Client)\\s+(\\w+)\\s*\\(").matcher(src);
        while (helper.find()) if (SERVICE_OF_CLIENT.containsKey(helper.group(1))) viaMethod.put(helper.group(2), SERVICE_OF_CLIENT.get(helper.group(1)));
        Matcher variable = Pattern.compile("(?:[\\w.]+\\.)?(\\w+Client)\\s+(\\w+)\\s*[=;,)]").matcher(src);
        while (variable.find()) if (SERVICE_OF_CLIENT.containsKey(variable.group(1))) viaVariable.put(variable.group(2), SERVICE_OF_CLIENT.get(variable.group(1)));
        TreeSet<String> calls = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(\\w+)\\([^()]*\\)\\s*\\.\\s*([a-z]\\w*)\\(").matcher(src);
        while (m.find()) if (viaMethod.containsKey(m.group(1))) add(calls, viaMethod.get(m.group(1)), m.group(2));
        Matcher v = Pattern.compile("\\b(\\w+)\\s*\\.\\s*([a-z]\\w*)\\(").matcher(src);
        while (v.find()) if (viaVariable.containsKey(v.group(1))) add(calls, viaVariable.get(v.group(1)), v.group(2));
        if (!calls.isEmpty()) out.put(f.getFileName().toString(), calls);
      }
    }
    return out;
  }

  private static void add(TreeSet<String> calls, String service, String method) {
    if (NOT_CALLS.contains(method)) return;
    String op = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length()) : method;
    String action = service + ":" + Character.toUpperCase(op.charAt(0)) + op.substring(1);
    calls.add(IAM_NAME.getOrDefault(action, action));
  }

  /** The commands each adapter file serves: the policy of every one of them must hold the file's SDK calls. */
  static List<List<IamPermissions.Statement>> policiesOf(String file) {
    if (readsForAnalyze(file)) return List.of(IamPermissions.forAnalyze(), IamPermissions.forAnyApply());
    return switch (file) {
      case "CostExplorerActualSpend.java" -> List.of(IamPermissions.forReport());
      case "AwsPriceListApi.java", "AwsInstanceTypesApi.java" -> List.of(IamPermissions.forPricesRefresh());
      case "AwsLoadTestAccount.java", "AwsLambdaTarget.java" -> List.of(IamPermissions.forLoadTest());
      case "AwsAccountQuotas.java" -> List.of(IamPermissions.forPreflight());
      case "AwsOrganization.java" -> List.of(IamPermissions.forOrg("R"));
      case "DynamoDbTable.java", "DynamoDbJournal.java", "DynamoDbAccountLock.java" -> List.of(IamPermissions.forSharedJournal("*"));
      default -> List.of(IamPermissions.forAnyApply());
    };
  }

  static Set<String> actionsOf(List<IamPermissions.Statement> policy) {
    Set<String> out = new TreeSet<>();
    policy.forEach(s -> out.addAll(s.actions()));
    return out;
  }

  @Test
  void everySdkOperationAnAdapterCallsIsInThePolicyOfEachCommandThatUsesIt() throws Exception {
    Map<String, TreeSet<String>> calls = sdkCallsPerFile();
    // the scan sees calls made on accessors, on helpers (AwsSageMaker.client(region)) and on variables (AwsLambdaTarget's lambda)
    assertThat(calls.get("AwsRdsApi.java")).contains("rds:DescribeBlueGreenDeployments", "rds:CreateBlueGreenDeployment");
    assertThat(calls.get("AwsSageMaker.java")).contains("sagemaker:DescribeEndpoint", "sagemaker:UpdateEndpoint");
    assertThat(calls.get("AwsLambdaTarget.java")).contains("lambda:InvokeFunction");
    assertThat(calls.get("CostExplorerActualSpend.java")).containsExactly("ce:GetCostAndUsage");
    calls.forEach((file, actions) -> {
      for (List<IamPermissions.Statement> policy : policiesOf(file)) assertThat(actionsOf(policy)).as(file + " in " + policy).containsAll(actions);
    });
    // and the ML analysis' reads are in tap iam-policy --for ml
    Set<String> ml = actionsOf(IamPermissions.forMl());
    calls.get("AwsSageMaker.java").stream().filter(a -> a.matches("sagemaker:(Describe|List).*")).forEach(a -> assertThat(ml).contains(a));
    calls.get("AwsSageMakerAutoscaling.java").stream().filter(a -> a.contains(":Describe")).forEach(a -> assertThat(ml).contains(a));
  }

  @Test
  void everyPermissionTheDocsNameIsInTheListAndEveryActionKindHasAnEntry() throws Exception {
    Set<String> known = new TreeSet<>(IamPermissions.all());
    calledPerFile().forEach((file, actions) -> { if (OTHER_COMMANDS.contains(file)) known.addAll(actions); });
    Matcher m = Pattern.compile("`([a-z0-9-]+:[A-Z][a-z][A-Za-z]*)`").matcher(Files.readString(Path.of("../docs/aws-adapters.md")));
    TreeSet<String> documented = new TreeSet<>();
    while (m.find()) documented.add(m.group(1));
    assertThat(documented).isNotEmpty();
    assertThat(known).containsAll(documented);
    for (ActionKind kind : Families.kinds()) assertThat(IamPermissions.CHANGE).as(kind.name()).containsKey(kind.name());
  }

  static Action action(String id, ActionKind kind, String resource, String region) {
    return new Action(id, kind, resource, region, Map.of(), Map.of(), 100, 50, Action.Risk.LOW, 0.9, List.of(),
        new Backtest(45, 0, 0, 0, 0, 0, 0, 0, 0, true, "test"), "test");
  }

  static Plan plan(Action... actions) {
    Instant now = Instant.parse("2026-11-16T00:00:00Z");
    return new Plan(Plan.SCHEMA_VERSION, "p", "staging", "111122223333", "outputs x", now, now.minus(Duration.ofDays(45)), now, "2026-11-01",
        List.of(new Phase(1, "compute", Duration.ofHours(48), List.of(actions))), List.of());
  }

  @Test
  void anApplyPolicyNamesThePlansResourcesAndOnlyItsKindsCalls() throws Exception {
    Plan p = plan(action("mem", Families.kindNamed("LAMBDA_MEMORY"), "tap-staging-fn-1", "us-east-1"),
        action("gsi", Families.kindNamed("DYNAMODB_DELETE_GSI"), "tap-dev-tenants", "us-west-2"));
    JsonNode doc = new ObjectMapper().readTree(IamPermissions.json(IamPermissions.forApply(p)));
    String text = doc.toString();
    assertThat(doc.get("Version").asText()).isEqualTo("2012-10-17");
    assertThat(text).contains("arn:aws:lambda:us-east-1:111122223333:function:tap-staging-fn-1")
        .contains("arn:aws:dynamodb:us-west-2:111122223333:table/tap-dev-tenants")
        .contains("arn:aws:ssm:us-east-1:111122223333:parameter/tap/run-lock").contains("arn:aws:ssm:us-west-2:111122223333:parameter/tap/run-lock")
        .contains("lambda:UpdateFunctionConfiguration").contains("dynamodb:UpdateTable").contains("lambda:ListEventSourceMappings")
        .doesNotContain("rds:").doesNotContain("elasticache:").doesNotContain("lambda:PutFunctionConcurrency");
    for (JsonNode s : doc.get("Statement")) {
      boolean changes = s.get("Action").toString().contains("Update");
      if (changes) assertThat(s.get("Resource").toString()).as("a change is scoped to ARNs").doesNotContain("\"*\"");
    }
  }

  @Test
  void theAnalyzePolicyOnlyReads() {
    List<String> actions = IamPermissions.forAnalyze().get(0).actions();
    assertThat(actions).contains("sts:GetCallerIdentity", "cloudwatch:GetMetricData", "dynamodb:DescribeTable");
    assertThat(actions).allSatisfy(a -> assertThat(a.substring(a.indexOf(':') + 1)).matches("(Describe|List|Get).*"));
  }

  @Test
  void aKindWithoutPermissionsIsRefusedNamingIt() {
    Plan p = plan(action("x", new ActionKind("EBS_VOLUME_TYPE", Families.family("LAMBDA").orElseThrow()), "vol-1", "us-east-1"));
    assertThatThrownBy(() -> IamPermissions.forApply(p)).isInstanceOf(UserError.class).hasMessageContaining("EBS_VOLUME_TYPE")
        .hasMessageContaining("action x");
  }
}
