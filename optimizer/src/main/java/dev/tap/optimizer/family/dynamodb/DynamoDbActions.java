package dev.tap.optimizer.family.dynamodb;

import static dev.tap.optimizer.model.ConfigKeys.BILLING_MODE;
import static dev.tap.optimizer.model.ConfigKeys.GSIS;
import static dev.tap.optimizer.model.ConfigKeys.READ_CAPACITY;
import static dev.tap.optimizer.model.ConfigKeys.STREAM_CONSUMERS;
import static dev.tap.optimizer.model.ConfigKeys.STREAM_ENABLED;
import static dev.tap.optimizer.model.ConfigKeys.STREAM_VIEW_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.WRITE_CAPACITY;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi.IndexDefinition;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DynamoDB actions: billing mode (within AWS's limit of switches to on-demand per rolling 24
 * hours), delete an unused GSI (its definition is recorded first; rollback re-creates it and the
 * backfill takes time), disable a stream nobody consumes (and re-enable it with the same view type).
 */
public final class DynamoDbActions implements FamilyActions {

  /** Key prefix of a GSI's definition in the table's configuration. */
  public static final String GSI_DEFINITION_PREFIX = "gsi.";
  /** AWS: a table may switch to on-demand at most this many times in a rolling 24 hours. */
  public static final int ON_DEMAND_SWITCHES_PER_DAY = 4;
  public static final String ON_DEMAND = "PAY_PER_REQUEST";

  private final DynamoDbApi api;

  public DynamoDbActions(DynamoDbApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(DynamoDbFamily.DYNAMODB_BILLING_MODE, DynamoDbFamily.DYNAMODB_DELETE_GSI, DynamoDbFamily.DYNAMODB_DISABLE_STREAM);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeTable(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    switch (kind.name()) {
      case "DYNAMODB_BILLING_MODE" -> {
        if (ON_DEMAND.equals(target.get(BILLING_MODE))) return switchLimit(current, context);
      }
      case "DYNAMODB_DELETE_GSI" -> {
        for (String gone : removed(current, target)) {
          if (!current.config().containsKey(GSI_DEFINITION_PREFIX + gone)) {
            return Optional.of("the definition of index " + gone + " cannot be read, so it could not be re-created on rollback");
          }
        }
      }
      case "DYNAMODB_DISABLE_STREAM" -> {
        int consumers = Integer.parseInt(current.config().getOrDefault(STREAM_CONSUMERS, "0"));
        if ("false".equals(target.get(STREAM_ENABLED)) && consumers > 0) {
          return Optional.of("the stream of " + current.id() + " now has " + consumers + " consumer(s)");
        }
      }
      default -> { }
    }
    return Optional.empty();
  }

  private Optional<String> switchLimit(Resource current, ActionContext context) {
    int switches = context.journal().changesTo(current.id(), BILLING_MODE, ON_DEMAND, context.now().minus(Duration.ofHours(24)));
    if (switches >= ON_DEMAND_SWITCHES_PER_DAY) {
      return Optional.of(current.id() + " was switched to on-demand " + switches + " times in the last 24 hours; AWS allows "
          + ON_DEMAND_SWITCHES_PER_DAY);
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    String table = current.id();
    String region = current.region();
    switch (kind.name()) {
      case "DYNAMODB_BILLING_MODE" -> {
        String mode = target.get(BILLING_MODE);
        if (mode.equals(current.config().get(BILLING_MODE))) return null;
        if (ON_DEMAND.equals(mode) && context.rollback()) {
          switchLimit(current, context).ifPresent(r -> {
            throw new ActionFailedException("cannot switch back to on-demand now: " + r);
          });
        }
        long rcu = Long.parseLong(target.getOrDefault(READ_CAPACITY, "0"));
        long wcu = Long.parseLong(target.getOrDefault(WRITE_CAPACITY, "0"));
        if (!ON_DEMAND.equals(mode) && (rcu <= 0 || wcu <= 0)) {
          throw new ActionFailedException("switching " + table + " to " + mode + " needs read and write capacity; the plan gives "
              + READ_CAPACITY + "=" + rcu + ", " + WRITE_CAPACITY + "=" + wcu);
        }
        api.setBillingMode(table, region, mode, rcu, wcu, indexCapacity(target));
        return null;
      }
      case "DYNAMODB_DELETE_GSI" -> {
        List<String> notes = new ArrayList<>();
        for (String gone : removed(current, target)) api.deleteIndex(table, region, gone);
        for (String back : added(current, target)) {
          String def = target.get(GSI_DEFINITION_PREFIX + back);
          if (def == null) throw new ActionFailedException("index " + back + " cannot be re-created: its definition was not recorded");
          api.createIndex(table, region, IndexDefinition.decode(back, def));
          notes.add("re-created index " + back + "; DynamoDB backfills it from the table, which takes time on a large table");
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
      }
      case "DYNAMODB_DISABLE_STREAM" -> {
        boolean enabled = Boolean.parseBoolean(target.get(STREAM_ENABLED));
        if (enabled == Boolean.parseBoolean(current.config().getOrDefault(STREAM_ENABLED, "false"))) return null;
        String view = target.getOrDefault(STREAM_VIEW_TYPE, current.config().getOrDefault(STREAM_VIEW_TYPE, "NEW_AND_OLD_IMAGES"));
        api.setStream(table, region, enabled, view);
        return enabled ? "re-enabled the stream: a new stream ARN; records from while it was off are not replayed" : null;
      }
      default -> throw new IllegalArgumentException(kind + " is not a DynamoDB action");
    }
  }

  /**
   * The provisioned capacity of each index whose definition {@code target} carries: on rollback the
   * before-state re-read at INTENT, so every GSI gets back exactly what it had.
   */
  static Map<String, DynamoDbApi.Capacity> indexCapacity(Map<String, String> target) {
    Map<String, DynamoDbApi.Capacity> out = new java.util.TreeMap<>();
    for (String name : indexes(target.get(GSIS))) {
      String def = target.get(GSI_DEFINITION_PREFIX + name);
      if (def == null) continue;
      IndexDefinition d = IndexDefinition.decode(name, def);
      if (d.readCapacity() > 0 && d.writeCapacity() > 0) out.put(name, new DynamoDbApi.Capacity(d.readCapacity(), d.writeCapacity()));
    }
    return out;
  }

  private static Set<String> indexes(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv != null) Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }

  private static List<String> removed(Resource current, Map<String, String> target) {
    Set<String> want = indexes(target.get(GSIS));
    return indexes(current.config().get(GSIS)).stream().filter(i -> !want.contains(i)).toList();
  }

  private static List<String> added(Resource current, Map<String, String> target) {
    Set<String> have = indexes(current.config().get(GSIS));
    return indexes(target.get(GSIS)).stream().filter(i -> !have.contains(i)).toList();
  }
}
