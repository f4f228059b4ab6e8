package dev.tap.optimizer.family.dynamodb;

import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.ConfigValues.perSecond;
import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.CapacityUse;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi.IndexDefinition;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** DynamoDB tables: billing mode, global secondary indexes, streams. */
public final class DynamoDbFamily extends FamilyBase {
  public static final Family DYNAMODB = new Family("DYNAMODB", "DynamoDB", "AWS/DynamoDB");
  public static final ActionKind DYNAMODB_BILLING_MODE = new ActionKind("DYNAMODB_BILLING_MODE", DYNAMODB);
  public static final ActionKind DYNAMODB_DELETE_GSI = new ActionKind("DYNAMODB_DELETE_GSI", DYNAMODB);
  public static final ActionKind DYNAMODB_DISABLE_STREAM = new ActionKind("DYNAMODB_DISABLE_STREAM", DYNAMODB);
  /** Non-critical tables go first, on their own (SPEC O4 phase 1). */
  public static final Stage STAGE = new Stage(30, "DynamoDB");

  public DynamoDbFamily() {
    super(List.of(DYNAMODB), List.of(DYNAMODB_BILLING_MODE, DYNAMODB_DELETE_GSI, DYNAMODB_DISABLE_STREAM), DynamoDbMetrics::specs, new DynamoDbRules(), STAGE, List.of());
  }

  @Override
  public Optional<CapacityUse> capacityUse() {
    return Optional.of(new CapacityUse(DynamoDbMetrics.CONSUMED_READ, READ_CAPACITY, true));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    String region = r.region();
    String mode = c.getOrDefault(BILLING_MODE, "PAY_PER_REQUEST");
    double base;
    if ("PROVISIONED".equals(mode)) {
      base = model.dynamoDbProvisionedMonthly(region, Double.parseDouble(get(c, READ_CAPACITY)), Double.parseDouble(get(c, WRITE_CAPACITY)));
    } else {
      base = model.dynamoDbOnDemandMonthly(region, perSecond(m, DynamoDbRules.CONSUMED_READ), perSecond(m, DynamoDbRules.CONSUMED_WRITE));
    }
    List<String> gsis = indexes(c);
    if ("PROVISIONED".equals(mode)) return base + indexCapacityMonthly(r, c, gsis, model);
    // On-demand: each index is billed for the writes it receives. CloudWatch gives no per-index
    // write count here, so an index is assumed to receive every table write (all items carry its
    // key): an upper bound for sparse indexes.
    return base + gsis.size() * model.dynamoDbOnDemandMonthly(region, 0, perSecond(m, DynamoDbRules.CONSUMED_WRITE));
  }

  /** A provisioned table's indexes each hold their own capacity all month; one not inventoried cannot be priced. */
  static double indexCapacityMonthly(Resource r, Map<String, String> c, List<String> gsis, CostModel model) {
    Map<String, DynamoDbApi.Capacity> capacity = IndexCapacities.decode(c.get(GSI_CAPACITY));
    double cost = 0;
    for (String index : gsis) {
      DynamoDbApi.Capacity own = capacity.get(index);
      if (own == null) {
        throw new CostUnavailable("the provisioned capacity of index " + index + " of " + r.id() + " is not in the inventory ('" + GSI_CAPACITY
            + "'): take a new snapshot or analyse the account directly");
      }
      cost += model.dynamoDbProvisionedMonthly(r.region(), own.read(), own.write());
    }
    return cost;
  }

  static List<String> indexes(Map<String, String> c) {
    String v = c.getOrDefault(GSIS, "");
    return v.isBlank() ? List.of() : java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @Override
  public void rollback(RollbackScript s) {
    ActionKind k = s.action().kind();
    if (k.equals(DYNAMODB_BILLING_MODE)) billing(s);
    else if (k.equals(DYNAMODB_DELETE_GSI)) index(s);
    else if (k.equals(DYNAMODB_DISABLE_STREAM)) {
      s.command("aws dynamodb update-table --table-name " + s.id() + " --stream-specification StreamEnabled=true,StreamViewType="
          + s.need(STREAM_VIEW_TYPE) + s.region());
      s.note("A re-enabled stream gets a new ARN: point its consumers (event source mappings) at the new one.");
    }
  }

  private static void billing(RollbackScript s) {
    String mode = s.need(BILLING_MODE);
    if ("PROVISIONED".equals(mode)) {
      List<String> gsis = RollbackScript.list(s.value(GSIS));
      Map<String, DynamoDbApi.Capacity> recorded = recordedIndexCapacity(s, gsis);
      List<String> missing = gsis.stream().filter(g -> !recorded.containsKey(g)).toList();
      String updates = recorded.entrySet().stream()
          .map(e -> "{\"Update\":{\"IndexName\":\"" + e.getKey() + "\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" + e.getValue().read()
              + ",\"WriteCapacityUnits\":" + e.getValue().write() + "}}}")
          .collect(Collectors.joining(","));
      s.command("aws dynamodb update-table --table-name " + s.id() + " --billing-mode PROVISIONED --provisioned-throughput ReadCapacityUnits="
          + s.need(READ_CAPACITY) + ",WriteCapacityUnits=" + s.need(WRITE_CAPACITY)
          + (updates.isEmpty() ? "" : " --global-secondary-index-updates '[" + updates + "]'") + s.region());
      if (!missing.isEmpty()) {
        s.note("The provisioned throughput of index(es) " + String.join(", ", missing) + " is not in the run records: add each to --global-secondary-index-updates.");
      }
      s.note("DynamoDB allows one switch to on-demand per table per 24 hours.");
    } else {
      s.command("aws dynamodb update-table --table-name " + s.id() + " --billing-mode " + mode + s.region());
    }
  }

  /** Each index's capacity before the change: its recorded definition (the executor's re-read), else the inventory's {@code gsiCapacity}. */
  static Map<String, DynamoDbApi.Capacity> recordedIndexCapacity(RollbackScript s, List<String> gsis) {
    Map<String, DynamoDbApi.Capacity> inventoried = IndexCapacities.decode(s.value(GSI_CAPACITY));
    Map<String, DynamoDbApi.Capacity> out = new java.util.TreeMap<>();
    for (String g : gsis) {
      String definition = s.before().get(DynamoDbActions.GSI_DEFINITION_PREFIX + g);
      IndexDefinition d = definition == null ? null : IndexDefinition.decode(g, definition);
      if (d != null && d.readCapacity() > 0 && d.writeCapacity() > 0) out.put(g, new DynamoDbApi.Capacity(d.readCapacity(), d.writeCapacity()));
      else if (inventoried.containsKey(g)) out.put(g, inventoried.get(g));
    }
    return out;
  }

  private static void index(RollbackScript s) {
    List<String> gone = s.removed(GSIS);
    if (gone.isEmpty()) s.note("The deleted index names were not recorded in '" + GSIS + "'.");
    for (String index : gone) {
      String definition = s.before().get(DynamoDbActions.GSI_DEFINITION_PREFIX + index);
      if (definition != null) {
        s.command(createIndex(s, IndexDefinition.decode(index, definition)));
      } else {
        s.note("The definition of index " + index + " (key schema, projection) is recorded in the journal when the action is applied; "
            + "'tap rollback' re-creates it from there.");
      }
    }
    if (!gone.isEmpty()) s.note("A re-created index backfills from the table before queries can use it.");
  }

  /** The CLI call that re-creates an index from the definition the executor recorded. */
  private static String createIndex(RollbackScript s, IndexDefinition d) {
    StringBuilder attrs = new StringBuilder("AttributeName=" + d.hashKey() + ",AttributeType=" + d.hashType());
    StringBuilder keys = new StringBuilder("{\"AttributeName\":\"" + d.hashKey() + "\",\"KeyType\":\"HASH\"}");
    if (d.rangeKey() != null) {
      attrs.append(" AttributeName=").append(d.rangeKey()).append(",AttributeType=").append(d.rangeType());
      keys.append(",{\"AttributeName\":\"").append(d.rangeKey()).append("\",\"KeyType\":\"RANGE\"}");
    }
    StringBuilder projection = new StringBuilder("{\"ProjectionType\":\"" + d.projection() + "\"");
    if (!d.nonKeyAttributes().isEmpty()) {
      projection.append(",\"NonKeyAttributes\":[").append(d.nonKeyAttributes().stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","))).append("]");
    }
    projection.append("}");
    String throughput = d.readCapacity() > 0 || d.writeCapacity() > 0
        ? ",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":" + d.readCapacity() + ",\"WriteCapacityUnits\":" + d.writeCapacity() + "}" : "";
    return "aws dynamodb update-table --table-name " + s.id() + " --attribute-definitions " + attrs
        + " --global-secondary-index-updates '[{\"Create\":{\"IndexName\":\"" + d.name() + "\",\"KeySchema\":[" + keys + "],\"Projection\":" + projection
        + throughput + "}}]'" + s.region();
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    ActionKind k = a.kind();
    if (k.equals(DYNAMODB_DELETE_GSI)) {
      return in.result("index needed again", Objective.open("0 (index exists)"), Objective.open("index backfill (depends on table size)"),
          Objective.NONE_LOST, Objective.NONE_LOST,
          "A deleted index is rebuilt from the table, so nothing is lost; queries on it fail until the backfill finishes.");
    }
    if (k.equals(DYNAMODB_DISABLE_STREAM)) {
      return in.result("change capture needed again", Objective.open("0 (stream on)"), Objective.open("minutes (re-enable, re-point consumers)"),
          Objective.NONE_LOST, Objective.open("changes made while the stream is off are not replayable"),
          "Streams keep 24 h of changes only while enabled; no consumer was found, so no consumer loses data today.");
    }
    return in.result("AZ failure", Objective.open("0 (regional service)"), Objective.open("0 (regional service)"),
        Objective.NONE_LOST, Objective.NONE_LOST,
        "Billing mode changes price and throttling, not durability: DynamoDB keeps three copies across AZs either way.");
  }

  /** Throttled requests: what a table that lost capacity (or an index) shows. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    return List.of(HealthSignal.countPerMinute(r.id(), "DynamoDB throttled requests", DynamoDbMetrics.NAMESPACE, "ThrottledRequests",
        java.util.Map.of("TableName", r.id()), "guard.dynamodb.throttledRequestsMaxPerMinute"));
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after);
    if (kind.equals(DYNAMODB_BILLING_MODE)) {
      v.only(BILLING_MODE, READ_CAPACITY, WRITE_CAPACITY).required(BILLING_MODE).oneOf(BILLING_MODE, "PROVISIONED", "PAY_PER_REQUEST")
          .integer(READ_CAPACITY, 1, 1_000_000_000L).integer(WRITE_CAPACITY, 1, 1_000_000_000L);
      if ("PROVISIONED".equals(after.get(BILLING_MODE))) v.required(READ_CAPACITY, WRITE_CAPACITY);
    } else if (kind.equals(DYNAMODB_DELETE_GSI)) {
      v.only(GSIS).required(GSIS).list(GSIS, "[A-Za-z0-9_.-]{3,255}", "a DynamoDB index name");
    } else {
      v.only(STREAM_ENABLED, STREAM_VIEW_TYPE).required(STREAM_ENABLED).oneOf(STREAM_ENABLED, "true", "false")
          .oneOf(STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES", "NEW_IMAGE", "OLD_IMAGE", "KEYS_ONLY");
    }
    return v.problems();
  }
}
