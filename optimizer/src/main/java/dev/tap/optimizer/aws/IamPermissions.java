package dev.tap.optimizer.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The IAM actions tap's AWS adapters call, per family (reading) and per action kind (changing): the
 * one list {@code tap iam-policy} prints and docs/aws-adapters.md quotes. {@code IamPermissionsTest}
 * holds it to the code (every {@code "service:Action"} an adapter in this package calls is here) and
 * to the docs; {@code IamPolicyMotoTest} runs {@code tap analyze} as a user holding exactly
 * {@link #forAnalyze()}.
 */
public final class IamPermissions {
  private IamPermissions() {}

  /** One policy statement: actions on resources ({@code *} where the API takes no resource-level permission). */
  public record Statement(String sid, List<String> actions, List<String> resources) {}

  /** Who the credentials are (the account check) and the metrics: every command that reads an account. */
  static final List<String> IDENTITY_AND_METRICS = List.of("sts:GetCallerIdentity", "cloudwatch:GetMetricData");

  /** What reading each family's resources calls (AwsInventory's readers; the executor's re-reads too). Describe and list calls take no resource ARN. */
  static final Map<String, List<String>> READ = Map.ofEntries(
      Map.entry("AURORA", List.of("rds:DescribeDBClusters", "rds:DescribeDBInstances", "rds:DescribeGlobalClusters")),
      Map.entry("RDS", List.of("rds:DescribeDBInstances")),
      Map.entry("ASG", List.of("autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLaunchConfigurations", "ec2:DescribeLaunchTemplateVersions",
          "elasticloadbalancing:DescribeTargetGroups")),
      Map.entry("REDIS", List.of("elasticache:DescribeReplicationGroups", "elasticache:ListTagsForResource")),
      Map.entry("EC2", List.of("ec2:DescribeInstances")),
      Map.entry("DYNAMODB", List.of("dynamodb:DescribeTable", "dynamodb:ListTagsOfResource", "lambda:ListEventSourceMappings")),
      Map.entry("DAX", List.of("dax:DescribeClusters", "dax:ListTags")),
      Map.entry("LAMBDA", List.of("lambda:GetFunctionConfiguration", "lambda:GetFunctionConcurrency", "lambda:ListProvisionedConcurrencyConfigs", "lambda:ListTags")),
      Map.entry("ALB", List.of("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags")),
      Map.entry("NLB", List.of("elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeTags")),
      Map.entry("SAGEMAKER", List.of("sagemaker:ListEndpoints", "sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig",
          "sagemaker:ListTrainingJobs", "sagemaker:DescribeTrainingJob")),
      Map.entry("EBS", List.of("ec2:DescribeVolumes", "ec2:DescribeVolumesModifications")));

  /** What {@code --discover} lists with (AwsDiscovery): every service's list/describe calls, the enabled regions and the Tagging API. */
  static final List<String> DISCOVER = List.of("ec2:DescribeRegions", "rds:DescribeDBClusters", "rds:DescribeDBInstances",
      "autoscaling:DescribeAutoScalingGroups", "elasticache:DescribeReplicationGroups", "dynamodb:ListTables", "dax:DescribeClusters",
      "lambda:ListFunctions", "elasticloadbalancing:DescribeLoadBalancers", "sagemaker:ListEndpoints", "ec2:DescribeInstances",
      "ec2:DescribeVolumes", "tag:GetResources");

  /** An action kind's calls: those scoped to the plan's resource ({@code arns}, templates) and those that cannot be. */
  record Change(List<String> onResource, List<String> arns, List<String> unscoped) {}

  private static final String RDS = "arn:aws:rds:{region}:{account}:";
  private static final List<String> AURORA_ARNS = List.of(RDS + "cluster:{id}", RDS + "db:*"); // instance names are not in the plan
  private static final List<String> REDIS_ARNS = List.of("arn:aws:elasticache:{region}:{account}:replicationgroup:{id}",
      "arn:aws:elasticache:{region}:{account}:cluster:{id}-*");
  private static final List<String> TABLE_ARNS = List.of("arn:aws:dynamodb:{region}:{account}:table/{id}",
      "arn:aws:dynamodb:{region}:{account}:table/{id}/index/*");
  private static final List<String> FUNCTION_ARNS = List.of("arn:aws:lambda:{region}:{account}:function:{id}",
      "arn:aws:lambda:{region}:{account}:function:{id}:*");
  private static final List<String> ASG_ARNS = List.of("arn:aws:autoscaling:{region}:{account}:autoScalingGroup:*:autoScalingGroupName/{id}");

  /** Keyed by action kind name. */
  static final Map<String, Change> CHANGE = Map.ofEntries(
      Map.entry("DB_INSTANCE_CLASS", new Change(List.of("rds:ModifyDBInstance"), AURORA_ARNS, List.of())),
      Map.entry("DB_REMOVE_READER", new Change(List.of("rds:DeleteDBInstance", "rds:CreateDBInstance"), AURORA_ARNS, List.of())),
      Map.entry("DB_BACKUP_RETENTION", new Change(List.of("rds:ModifyDBCluster"), AURORA_ARNS, List.of())),
      // the secondary cluster is in another region under a name the plan does not hold; re-creating it may use its KMS key
      Map.entry("DB_REMOVE_SECONDARY_REGION", new Change(List.of(), List.of(), List.of("rds:RemoveFromGlobalCluster", "rds:DeleteDBInstance",
          "rds:DeleteDBCluster", "rds:CreateDBCluster", "rds:CreateDBInstance", "kms:CreateGrant", "kms:DescribeKey"))),
      // RDS names the green instances itself, and builds them with the caller's permissions
      Map.entry("RDS_INSTANCE_CLASS_BLUE_GREEN", new Change(List.of(), List.of(), List.of("rds:CreateBlueGreenDeployment",
          "rds:DescribeBlueGreenDeployments", "rds:SwitchoverBlueGreenDeployment", "rds:DeleteBlueGreenDeployment", "rds:DeleteDBInstance",
          "rds:ModifyDBInstance", "rds:CreateDBInstanceReadReplica", "rds:AddTagsToResource"))),
      Map.entry("ASG_INSTANCE_TYPE", new Change(List.of("autoscaling:UpdateAutoScalingGroup", "autoscaling:StartInstanceRefresh"), ASG_ARNS,
          List.of("ec2:DescribeLaunchTemplates", "ec2:CreateLaunchTemplateVersion"))),
      // stop, modify, start: the instance ARN is known from its id
      Map.entry("EC2_INSTANCE_TYPE", new Change(List.of("ec2:StopInstances", "ec2:ModifyInstanceAttribute", "ec2:StartInstances"),
          List.of("arn:aws:ec2:{region}:{account}:instance/{id}"), List.of())),
      Map.entry("ASG_CAPACITY", new Change(List.of("autoscaling:UpdateAutoScalingGroup"), ASG_ARNS, List.of())),
      Map.entry("REDIS_NODE_TYPE", new Change(List.of("elasticache:ModifyReplicationGroup", "elasticache:ListAllowedNodeTypeModifications"),
          REDIS_ARNS, List.of())),
      Map.entry("REDIS_SHARDS", new Change(List.of("elasticache:ModifyReplicationGroupShardConfiguration"), REDIS_ARNS, List.of())),
      Map.entry("REDIS_REPLICAS", new Change(List.of("elasticache:DecreaseReplicaCount", "elasticache:IncreaseReplicaCount"), REDIS_ARNS, List.of())),
      Map.entry("DYNAMODB_BILLING_MODE", new Change(List.of("dynamodb:UpdateTable"), TABLE_ARNS, List.of())),
      Map.entry("DYNAMODB_DELETE_GSI", new Change(List.of("dynamodb:UpdateTable"), TABLE_ARNS, List.of())),
      Map.entry("DYNAMODB_DISABLE_STREAM", new Change(List.of("dynamodb:UpdateTable"), TABLE_ARNS, List.of())),
      Map.entry("DAX_NODES", new Change(List.of("dax:IncreaseReplicationFactor", "dax:DecreaseReplicationFactor"),
          List.of("arn:aws:dax:{region}:{account}:cache/{id}"), List.of())),
      Map.entry("LAMBDA_MEMORY", new Change(List.of("lambda:UpdateFunctionConfiguration"), FUNCTION_ARNS, List.of())),
      Map.entry("LAMBDA_CONCURRENCY", new Change(List.of("lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
          "lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig"), FUNCTION_ARNS, List.of())),
      // a new endpoint config (its name is made at apply time), the variants' autoscaling and the rollout's alarms
      Map.entry("SAGEMAKER_ENDPOINT", new Change(List.of("sagemaker:UpdateEndpoint", "sagemaker:UpdateEndpointWeightsAndCapacities"),
          List.of("arn:aws:sagemaker:{region}:{account}:endpoint/{id}", "arn:aws:sagemaker:{region}:{account}:endpoint-config/*"),
          List.of("sagemaker:CreateEndpointConfig", "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
              "application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
              "application-autoscaling:PutScalingPolicy", "cloudwatch:PutMetricAlarm"))),
      // read only: tap refuses it on AWS and says what to set in the training pipeline
      Map.entry("SAGEMAKER_TRAINING_SPOT", new Change(List.of(), List.of(), List.of())),
      Map.entry("EBS_MODIFY_VOLUME", new Change(List.of("ec2:ModifyVolume"), List.of("arn:aws:ec2:{region}:{account}:volume/{id}"), List.of())));

  /** The account lock ({@link AwsAccountLock}): one parameter per region. */
  static final List<String> LOCK = List.of("ssm:PutParameter", "ssm:GetParameter", "ssm:DeleteParameter");
  static final String LOCK_ARN = "arn:aws:ssm:{region}:{account}:parameter" + AwsAccountLock.NAME;

  /**
   * The shared journal ({@code --state dynamodb://TABLE}: DynamoDbJournal, DynamoDbAccountLock,
   * DynamoDbTable): items of that one table, wherever it lives (the control-plane account). A
   * TransactWriteItems needs no action of its own: its puts and updates are PutItem and UpdateItem.
   * CreateTable only for {@code --create-table}.
   */
  static final List<String> JOURNAL = List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem",
      "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:CreateTable");

  /** {@code tap apply|resume|rollback|status|report --state dynamodb://TABLE}: the journal table's items ({@code *}: any table). */
  public static List<Statement> forSharedJournal(String table) {
    return List.of(new Statement("TapSharedJournal", JOURNAL, List.of("arn:aws:dynamodb:*:*:table/" + table)));
  }

  /** {@code tap analyze --outputs} (and {@code tap snapshot}): read-only, every family it can meet. */
  public static List<Statement> forAnalyze() {
    TreeSet<String> actions = new TreeSet<>(IDENTITY_AND_METRICS);
    READ.forEach((family, list) -> { if (!family.equals("SAGEMAKER")) actions.addAll(list); });
    actions.addAll(DISCOVER);
    return List.of(new Statement("TapAnalyzeRead", List.copyOf(actions), List.of("*")));
  }

  /** {@code tap apply}, {@code resume}, {@code rollback} of this plan: its families' reads, its kinds' changes on its resources, the lock. */
  public static List<Statement> forApply(Plan plan) {
    List<Statement> out = new ArrayList<>();
    TreeSet<String> read = new TreeSet<>(IDENTITY_AND_METRICS);
    TreeSet<String> unscoped = new TreeSet<>();
    Map<String, TreeSet<String>> scopedByActions = new LinkedHashMap<>();
    TreeSet<String> regions = new TreeSet<>();
    for (Action a : plan.actions()) {
      Change c = CHANGE.get(a.kind().name());
      if (c == null) {
        throw new UserError(ExitCode.BAD_INPUT, "plan " + plan.id() + " has action kind " + a.kind().name() + " (action " + a.id()
            + "), for which tap knows no IAM permissions. Re-plan with this version of tap.");
      }
      read.addAll(READ.getOrDefault(a.kind().family().name(), List.of()));
      unscoped.addAll(c.unscoped());
      regions.add(a.region());
      if (c.onResource().isEmpty()) continue;
      TreeSet<String> arns = scopedByActions.computeIfAbsent(String.join(",", new TreeSet<>(c.onResource())), k -> new TreeSet<>());
      for (String t : c.arns()) arns.add(arn(t, a.region(), plan.account(), a.resourceId()));
    }
    out.add(new Statement("TapRead", List.copyOf(read), List.of("*")));
    int n = 1;
    for (var e : scopedByActions.entrySet()) {
      out.add(new Statement("TapChangePlannedResources" + n++, List.of(e.getKey().split(",")), List.copyOf(e.getValue())));
    }
    if (!unscoped.isEmpty()) out.add(new Statement("TapChangeUnnamedResources", List.copyOf(unscoped), List.of("*")));
    out.add(new Statement("TapAccountLock", LOCK, regions.stream().map(r -> arn(LOCK_ARN, r, plan.account(), "")).toList()));
    return out;
  }

  /** {@code tap apply} of any plan: every kind, every resource of the account. */
  public static List<Statement> forAnyApply() {
    TreeSet<String> read = new TreeSet<>(IDENTITY_AND_METRICS);
    READ.values().forEach(read::addAll);
    read.addAll(DISCOVER);
    TreeSet<String> change = new TreeSet<>(LOCK);
    CHANGE.values().forEach(c -> { change.addAll(c.onResource()); change.addAll(c.unscoped()); });
    return List.of(new Statement("TapRead", List.copyOf(read), List.of("*")), new Statement("TapChange", List.copyOf(change), List.of("*")));
  }

  /** {@code tap report} with actual spend (CostExplorerActualSpend): Cost Explorer only, which takes no resource ARN. */
  public static List<Statement> forReport() {
    return List.of(new Statement("TapReportActualSpend", List.of("ce:GetCostAndUsage"), List.of("*")));
  }

  /**
   * {@code tap prices refresh}: the Price List Query API (AwsPriceListApi) and, for the EC2 catalogue,
   * DescribeInstanceTypes and DescribeInstanceTypeOfferings (AwsInstanceTypesApi); none takes a resource ARN.
   */
  public static List<Statement> forPricesRefresh() {
    return List.of(new Statement("TapPriceList", List.of("pricing:GetProducts"), List.of("*")),
        new Statement("TapInstanceTypes", List.of("ec2:DescribeInstanceTypes", "ec2:DescribeInstanceTypeOfferings"), List.of("*")));
  }

  /**
   * {@code tap loadtest} against AWS (AwsLoadTestAccount, AwsLambdaTarget): who the caller is, the
   * secrets its targets name, and invoking the Lambda functions it drives.
   */
  public static List<Statement> forLoadTest() {
    return List.of(new Statement("TapLoadTest", List.of("lambda:InvokeFunction", "secretsmanager:GetSecretValue", "sts:GetCallerIdentity"),
        List.of("*")));
  }

  /** {@code tap org} in the management account (AwsOrganization): the organisation's accounts. */
  static final List<String> ORG_LIST = List.of("organizations:ListAccounts", "organizations:ListAccountsForParent",
      "organizations:ListOrganizationalUnitsForParent");

  /** The member role {@code tap org} assumes by default in every account. */
  public static final String DEFAULT_MEMBER_ROLE = "TapMemberRole";

  /**
   * {@code tap org} in the management account: list the accounts, assume the member role
   * {@code roleName} in each (the role itself needs {@link #forAnalyze()}), and read the management
   * account itself with its own credentials.
   */
  public static List<Statement> forOrg(String roleName) {
    return List.of(new Statement("TapOrgListAccounts", ORG_LIST, List.of("*")),
        new Statement("TapOrgAssumeMemberRole", List.of("sts:AssumeRole"), List.of("arn:*:iam::*:role/" + roleName)),
        new Statement("TapAnalyzeRead", forAnalyze().get(0).actions(), List.of("*")));
  }

  /** {@code tap ml} against AWS (AwsSageMaker, AwsSageMakerAutoscaling, AwsCloudWatch): read only. */
  public static List<Statement> forMl() {
    TreeSet<String> actions = new TreeSet<>(IDENTITY_AND_METRICS);
    actions.addAll(READ.get("SAGEMAKER"));
    actions.addAll(List.of("application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies"));
    return List.of(new Statement("TapMlRead", List.copyOf(actions), List.of("*")));
  }

  /**
   * {@code tap preflight} (AwsAccountQuotas): who the caller is, the quotas' applied and default values,
   * and the describe calls that count what the region already uses. Read only; none takes a resource ARN.
   */
  public static List<Statement> forPreflight() {
    return List.of(new Statement("TapPreflightRead", List.of("dax:DescribeClusters", "ec2:DescribeAddresses", "ec2:DescribeInstances",
        "ec2:DescribeNatGateways", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "elasticache:DescribeCacheClusters", "lambda:GetAccountSettings",
        "rds:DescribeDBInstances", "sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig", "sagemaker:ListEndpoints",
        "servicequotas:GetAWSDefaultServiceQuota", "servicequotas:GetServiceQuota", "servicequotas:ListAWSDefaultServiceQuotas",
        "servicequotas:ListServiceQuotas", "sts:GetCallerIdentity"),
        List.of("*")));
  }

  /** Every action any policy above can name (for the checks against the code and the docs). */
  static TreeSet<String> all() {
    TreeSet<String> all = new TreeSet<>();
    for (List<Statement> policy : List.of(forAnyApply(), forAnalyze(), forReport(), forPricesRefresh(), forLoadTest(), forMl(), forPreflight(), forOrg(DEFAULT_MEMBER_ROLE),
        forSharedJournal("*"))) {
      policy.forEach(s -> all.addAll(s.actions()));
    }
    return all;
  }

  private static String arn(String template, String region, String account, String id) {
    String name = template.contains(":sagemaker:") ? id.toLowerCase(Locale.ROOT) : id; // SageMaker ARNs are lower case
    return template.replace("{region}", region).replace("{account}", account).replace("{id}", name);
  }

  /** The IAM policy document. */
  public static String json(List<Statement> statements) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode doc = m.createObjectNode();
    doc.put("Version", "2012-10-17");
    ArrayNode list = doc.putArray("Statement");
    for (Statement s : statements) {
      ObjectNode o = list.addObject();
      o.put("Sid", s.sid());
      o.put("Effect", "Allow");
      ArrayNode actions = o.putArray("Action");
      s.actions().forEach(actions::add);
      if (s.resources().size() == 1) o.put("Resource", s.resources().get(0));
      else s.resources().forEach(o.putArray("Resource")::add);
    }
    try {
      return m.writeValueAsString(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
