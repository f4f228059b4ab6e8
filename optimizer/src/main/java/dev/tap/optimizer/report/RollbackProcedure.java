package dev.tap.optimizer.report;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi.IndexDefinition;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The exact inverse of one action as AWS CLI commands a person can paste, with the resource's real
 * identifiers and the recorded before-values, plus the {@code tap rollback} command that undoes the
 * action's phase (and every later one) through the journal. Where a value the inverse needs was not recorded, the procedure says
 * which and gives the describe command that shows it, instead of guessing.
 *
 * @param before the values restored: the journal's re-read before-state overlaid with the plan's
 */
public record RollbackProcedure(
    String actionId, String resourceId, String region, Map<String, String> before, List<String> awsCli, String tapCommand, String note) {

  public RollbackProcedure {
    before = Collections.unmodifiableMap(new TreeMap<>(before));
    awsCli = List.copyOf(awsCli);
  }

  /**
   * @param runId the journal's run id, or null before apply (the command then names it RUN)
   * @param stateFile the journal's path when known
   */
  static RollbackProcedure of(Action a, int phase, Optional<Resource> resource, ActionOutcome outcome, String runId, String stateFile) {
    Map<String, String> before = new TreeMap<>(outcome.recordedBefore());
    before.putAll(a.before());
    Builder b = new Builder(a, resource.map(Resource::config).orElse(Map.of()), before, outcome.recordedAfter());
    b.build();
    // 'tap rollback' undoes a phase and every later one, latest action first, from the journal.
    String tap = "tap rollback " + (runId == null ? "RUN" : runId) + " --phase " + phase + (stateFile == null ? "" : " --state " + stateFile) + " --yes";
    if (runId == null) b.notes.add("RUN is the run id 'tap apply' prints ('tap status' lists them).");
    return new RollbackProcedure(a.id(), a.resourceId(), a.region(), before, b.commands, tap, String.join(" ", b.notes));
  }

  /** Collects the commands of one action's inverse. */
  private static final class Builder {
    private final Action a;
    private final Map<String, String> config;
    private final Map<String, String> before;
    private final Map<String, String> recordedAfter;
    private final List<String> commands = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final String id;
    private final String region;

    Builder(Action a, Map<String, String> config, Map<String, String> before, Map<String, String> recordedAfter) {
      this.a = a;
      this.config = config;
      this.before = before;
      this.recordedAfter = recordedAfter;
      this.id = a.resourceId();
      this.region = " --region " + a.region();
    }

    /** The before-value of a key, else the resource's current configuration; null when neither has it. */
    private String value(String key) {
      String v = before.get(key);
      return v != null ? v : config.get(key);
    }

    private String need(String key) {
      String v = value(key);
      if (v == null || v.isBlank()) {
        notes.add("'" + key + "' of " + id + " is not in the run records: read it from the journal's before-state before running the command.");
        return "<" + key + ">";
      }
      return v;
    }

    private static List<String> list(String csv) {
      if (csv == null || csv.isBlank()) return List.of();
      return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Entries of {@code key} before the action that are gone after it (a removed reader, index,
     * region), from the plan's after-values or the journal's re-read after-state; empty when neither
     * records the key.
     */
    private List<String> removed(String key) {
      String afterValue = a.after().containsKey(key) ? a.after().get(key) : recordedAfter.get(key);
      if (afterValue == null) return List.of();
      Set<String> gone = new LinkedHashSet<>(list(before.get(key)));
      list(afterValue).forEach(gone::remove);
      return List.copyOf(gone);
    }

    void build() {
      switch (a.kind()) {
        case DB_INSTANCE_CLASS -> auroraInstanceClass();
        case DB_REMOVE_READER -> auroraAddReader();
        case DB_BACKUP_RETENTION -> commands.add("aws rds modify-db-cluster --db-cluster-identifier " + id
            + " --backup-retention-period " + need(BACKUP_RETENTION_DAYS) + " --apply-immediately" + region);
        case DB_REMOVE_SECONDARY_REGION -> auroraAddSecondary();
        case RDS_INSTANCE_CLASS_BLUE_GREEN -> {
          commands.add("aws rds modify-db-instance --db-instance-identifier " + id + " --db-instance-class " + need(INSTANCE_CLASS) + " --apply-immediately" + region);
          notes.add("A blue/green switchover cannot be reversed in place: this modifies the new primary back to the old class (a Multi-AZ failover, about a minute of writes paused).");
        }
        case ASG_INSTANCE_TYPE -> {
          String lt = need(LAUNCH_TEMPLATE_ID);
          commands.add("aws ec2 create-launch-template-version --launch-template-id " + lt
              + " --source-version '$Latest' --launch-template-data '{\"InstanceType\":\"" + need(INSTANCE_TYPE) + "\"}'" + region);
          commands.add("aws autoscaling update-auto-scaling-group --auto-scaling-group-name " + id
              + " --launch-template LaunchTemplateId=" + lt + ",Version='$Latest'" + region);
          commands.add("aws autoscaling start-instance-refresh --auto-scaling-group-name " + id + region);
        }
        case ASG_CAPACITY -> {
          StringBuilder c = new StringBuilder("aws autoscaling update-auto-scaling-group --auto-scaling-group-name " + id);
          c.append(" --min-size ").append(need(MIN)).append(" --max-size ").append(need(MAX)).append(" --desired-capacity ").append(need(DESIRED));
          commands.add(c + region);
        }
        case REDIS_NODE_TYPE -> commands.add("aws elasticache modify-replication-group --replication-group-id " + id
            + " --cache-node-type " + need(NODE_TYPE) + " --apply-immediately" + region);
        case REDIS_SHARDS -> commands.add("aws elasticache modify-replication-group-shard-configuration --replication-group-id " + id
            + " --node-group-count " + need(SHARDS) + " --apply-immediately" + region);
        case REDIS_REPLICAS -> commands.add("aws elasticache increase-replica-count --replication-group-id " + id
            + " --new-replica-count " + need(REPLICAS_PER_SHARD) + " --apply-immediately" + region);
        case DYNAMODB_BILLING_MODE -> dynamoBilling();
        case DYNAMODB_DELETE_GSI -> dynamoGsi();
        case DYNAMODB_DISABLE_STREAM -> {
          commands.add("aws dynamodb update-table --table-name " + id + " --stream-specification StreamEnabled=true,StreamViewType="
              + need(STREAM_VIEW_TYPE) + region);
          notes.add("A re-enabled stream gets a new ARN: point its consumers (event source mappings) at the new one.");
        }
        case DAX_NODES -> commands.add("aws dax increase-replication-factor --cluster-name " + id + " --new-replication-factor " + need(NODES) + region);
        case LAMBDA_MEMORY -> commands.add("aws lambda update-function-configuration --function-name " + id + " --memory-size " + need(MEMORY_MB) + region);
        case LAMBDA_CONCURRENCY -> lambdaConcurrency();
        case SAGEMAKER_ENDPOINT -> commands.add("aws sagemaker update-endpoint --endpoint-name " + id + " --endpoint-config-name " + need("endpointConfigName") + region);
        case SAGEMAKER_TRAINING_SPOT -> notes.add("Training runs are not changed in place: start the next job of " + id
            + " without --enable-managed-spot-training (and without --stopping-condition MaxWaitTimeInSeconds).");
      }
    }

    private void auroraInstanceClass() {
      String cls = need(INSTANCE_CLASS);
      List<String> members = list(value(MEMBER_IDS));
      if (members.isEmpty()) {
        notes.add("The cluster's instance ids are not in the run records; list them with: aws rds describe-db-clusters --db-cluster-identifier "
            + id + " --query 'DBClusters[0].DBClusterMembers[].DBInstanceIdentifier'" + region + ".");
        return;
      }
      for (String m : members) commands.add("aws rds modify-db-instance --db-instance-identifier " + m + " --db-instance-class " + cls + " --apply-immediately" + region);
    }

    private void auroraAddReader() {
      List<String> gone = removed(MEMBER_IDS);
      String cls = value(READER_CLASS) != null ? value(READER_CLASS) : need(INSTANCE_CLASS);
      String engine = need(ENGINE);
      if (gone.isEmpty()) {
        int readersBefore = count(value(READERS));
        int readersAfter = count(a.after().get(READERS));
        for (int i = readersAfter + 1; i <= readersBefore; i++) gone = append(gone, id + "-reader-" + i);
        notes.add("The removed readers' ids were not recorded: the commands create new readers named after the cluster.");
      }
      for (String reader : gone) {
        commands.add("aws rds create-db-instance --db-instance-identifier " + reader + " --db-cluster-identifier " + id
            + " --db-instance-class " + cls + " --engine " + engine + region);
      }
    }

    private static int count(String v) {
      try {
        return v == null ? 0 : Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    private static List<String> append(List<String> l, String s) {
      List<String> c = new ArrayList<>(l);
      c.add(s);
      return c;
    }

    private void auroraAddSecondary() {
      String global = need(GLOBAL_CLUSTER_ID);
      String engine = need(ENGINE);
      String cls = need(INSTANCE_CLASS);
      List<String> gone = removed(SECONDARY_REGIONS);
      if (gone.isEmpty()) notes.add("The removed secondary regions were not recorded in '" + SECONDARY_REGIONS + "'.");
      for (String r : gone) {
        String cluster = id + "-" + r;
        commands.add("aws rds create-db-cluster --db-cluster-identifier " + cluster + " --global-cluster-identifier " + global
            + " --engine " + engine + " --storage-encrypted --kms-key-id <KMS key of " + r + "> --region " + r);
        commands.add("aws rds create-db-instance --db-instance-identifier " + cluster + "-1 --db-cluster-identifier " + cluster
            + " --db-instance-class " + cls + " --engine " + engine + " --region " + r);
      }
      if (!gone.isEmpty()) notes.add("An encrypted secondary needs a KMS key in its own region; the copy of the data takes hours for a large cluster.");
    }

    private void dynamoBilling() {
      String mode = need(BILLING_MODE);
      if ("PROVISIONED".equals(mode)) {
        commands.add("aws dynamodb update-table --table-name " + id + " --billing-mode PROVISIONED --provisioned-throughput ReadCapacityUnits="
            + need(READ_CAPACITY) + ",WriteCapacityUnits=" + need(WRITE_CAPACITY) + region);
        if (!list(value(GSIS)).isEmpty()) notes.add("Each global secondary index needs its provisioned throughput too (--global-secondary-index-updates).");
        notes.add("DynamoDB allows one switch to on-demand per table per 24 hours.");
      } else {
        commands.add("aws dynamodb update-table --table-name " + id + " --billing-mode " + mode + region);
      }
    }

    private void dynamoGsi() {
      List<String> gone = removed(GSIS);
      if (gone.isEmpty()) notes.add("The deleted index names were not recorded in '" + GSIS + "'.");
      for (String index : gone) {
        String definition = before.get(DynamoDbActions.GSI_DEFINITION_PREFIX + index);
        if (definition != null) {
          commands.add(createIndex(IndexDefinition.decode(index, definition)));
        } else {
          notes.add("The definition of index " + index + " (key schema, projection) is recorded in the journal when the action is applied; "
              + "'tap rollback' re-creates it from there.");
        }
      }
      if (!gone.isEmpty()) notes.add("A re-created index backfills from the table before queries can use it.");
    }

    /** The CLI call that re-creates an index from the definition the executor recorded. */
    private String createIndex(IndexDefinition d) {
      StringBuilder attrs = new StringBuilder("AttributeName=" + d.hashKey() + ",AttributeType=" + d.hashType());
      StringBuilder keys = new StringBuilder("{\"AttributeName\":\"" + d.hashKey() + "\",\"KeyType\":\"HASH\"}");
      if (d.rangeKey() != null) {
        attrs.append(" AttributeName=").append(d.rangeKey()).append(",AttributeType=").append(d.rangeType());
        keys.append(",{\"AttributeName\":\"").append(d.rangeKey()).append("\",\"KeyType\":\"RANGE\"}");
      }
      StringBuilder projection = new StringBuilder("{\"ProjectionType\":\"" + d.projection() + "\"");
      if (!d.nonKeyAttributes().isEmpty()) {
        projection.append(",\"NonKeyAttributes\":[").append(d.nonKeyAttributes().stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(","))).append("]");
      }
      projection.append("}");
      String throughput = d.readCapacity() > 0 || d.writeCapacity() > 0
          ? ",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" + d.readCapacity() + ",\"WriteCapacityUnits\":" + d.writeCapacity() + "}" : "";
      return "aws dynamodb update-table --table-name " + id + " --attribute-definitions " + attrs
          + " --global-secondary-index-updates '[{\"Create\":{\"IndexName\":\"" + d.name() + "\",\"KeySchema\":[" + keys + "],\"Projection\":" + projection
          + throughput + "}}]'" + region;
    }

    private void lambdaConcurrency() {
      if (before.containsKey(RESERVED_CONCURRENCY) || a.after().containsKey(RESERVED_CONCURRENCY)) {
        commands.add("aws lambda put-function-concurrency --function-name " + id + " --reserved-concurrent-executions " + need(RESERVED_CONCURRENCY) + region);
      }
      if (before.containsKey(PROVISIONED_CONCURRENCY) || a.after().containsKey(PROVISIONED_CONCURRENCY)) {
        commands.add("aws lambda put-provisioned-concurrency-config --function-name " + id + " --qualifier " + need("qualifier")
            + " --provisioned-concurrent-executions " + need(PROVISIONED_CONCURRENCY) + region);
      }
    }
  }
}
