package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One DynamoDB table with the fixed key schema of tap's shared state (partition key {@code pk},
 * sort key {@code sk}, both strings; the control-plane blueprint creates the same): conditional
 * writes that answer false instead of throwing, consistent reads, paged queries, and errors that
 * name the table. Every read is strongly consistent, so a process on another machine sees every
 * write that returned.
 */
final class DynamoDbTable {

  static final String PK = "pk";
  static final String SK = "sk";
  /** DynamoDB's limit on the items of one TransactWriteItems. */
  static final int MAX_TRANSACTION = 100;
  /**
   * Every conditional write stamps the item with a fresh id of its own: when the answer to a write
   * that succeeded is lost (a 500, a dropped connection) the SDK sends it again and its condition
   * now fails, and the id on the item tells our own write from another writer's.
   */
  static final String WRITE_ID = "writeId";
  /** Cancelled transactions whose every non-None reason is one of these are sent again, at most this many times. */
  static final int TRANSACTION_ATTEMPTS = 6;

  private final AwsClients clients;
  final String name;
  final String region;

  DynamoDbTable(AwsClients clients, String name, String region) {
    this.clients = clients;
    this.name = name;
    this.region = region;
  }

  /** {@code dynamodb://TABLE?region=REGION}: what {@code --state} takes and messages show. */
  String uri() {
    return "dynamodb://" + name + "?region=" + region;
  }

  /** What creates the table by hand (the same schema as tap's --create-table and the control-plane blueprint). */
  String createCommand() {
    return "aws dynamodb create-table --table-name " + name + " --region " + region
        + " --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S"
        + " --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE --billing-mode PAY_PER_REQUEST";
  }

  /** The table's description, or empty when it does not exist. */
  Optional<TableDescription> describe() {
    return clients.callIfFound("dynamodb:DescribeTable", region, () -> {
      try {
        return clients.dynamoDb(region).describeTable(b -> b.tableName(name)).table();
      } catch (ResourceNotFoundException e) {
        return null;
      }
    });
  }

  /**
   * Checks the table exists with tap's key schema; with {@code create}, creates it (on demand) when
   * absent and waits until it is active. A missing table without {@code create} is the user's error.
   */
  void requireOrCreate(boolean create, String createOption) {
    Optional<TableDescription> table = describe();
    if (table.isEmpty()) {
      if (!create) {
        throw new UserError(ExitCode.BAD_INPUT, "DynamoDB table " + name + " does not exist in " + region + " (the journal " + uri()
            + "). Create it: pass " + createOption + " to let tap create it (on-demand, key pk/sk), deploy the control-plane stack"
            + " (Tap-control-*) that creates it, or run: " + createCommand());
      }
      clients.call("dynamodb:CreateTable", region, () -> {
        try {
          return clients.dynamoDb(region).createTable(b -> b.tableName(name)
              .attributeDefinitions(AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                  AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
              .keySchema(KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                  KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
              .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException createdMeanwhile) {
          return null; // another tap created it since we looked: wait for it like for ours
        }
      });
      table = waitActive();
    }
    TableDescription d = table.get();
    Map<String, KeyType> keys = new HashMap<>();
    d.keySchema().forEach(k -> keys.put(k.attributeName(), k.keyType()));
    if (!Map.of(PK, KeyType.HASH, SK, KeyType.RANGE).equals(keys)) {
      throw new UserError(ExitCode.BAD_INPUT, "DynamoDB table " + name + " in " + region + " has the key " + d.keySchema().stream()
          .map(k -> k.attributeName() + " (" + k.keyTypeAsString() + ")").toList() + ", not tap's pk (HASH) and sk (RANGE): it is some other"
          + " table. Name another table in --state, or create one with: " + createCommand());
    }
  }

  private Optional<TableDescription> waitActive() {
    for (int i = 0; i < 120; i++) {
      Optional<TableDescription> d = describe();
      if (d.isPresent() && d.get().tableStatus() == TableStatus.ACTIVE) return d;
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new UserError(ExitCode.FAILURE, "DynamoDB table " + name + " in " + region + " did not become ACTIVE within a minute of its creation."
        + " Check it in the console and try again.");
  }

  static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
  }

  Optional<Map<String, AttributeValue>> get(String pk, String sk) {
    var r = call("dynamodb:GetItem", () -> clients.dynamoDb(region).getItem(b -> b.tableName(name).key(key(pk, sk)).consistentRead(true)));
    return r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.empty();
  }

  /** Every item of partition {@code pk} whose sort key starts with {@code skPrefix} (empty: all), in sort-key order. */
  List<Map<String, AttributeValue>> query(String pk, String skPrefix) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      // DynamoDB refuses an empty string in a key condition: no prefix is no sort-key condition
      String condition = skPrefix.isEmpty() ? "pk = :pk" : "pk = :pk AND begins_with(sk, :p)";
      Map<String, AttributeValue> values = skPrefix.isEmpty() ? Map.of(":pk", AttributeValue.fromS(pk))
          : Map.of(":pk", AttributeValue.fromS(pk), ":p", AttributeValue.fromS(skPrefix));
      QueryResponse r = call("dynamodb:Query", () -> clients.dynamoDb(region).query(b -> b.tableName(name).consistentRead(true)
          .keyConditionExpression(condition).expressionAttributeValues(values).exclusiveStartKey(from)));
      out.addAll(r.items());
      start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
    } while (start != null);
    return out;
  }

  /**
   * Puts {@code item} only when {@code condition} holds (null: always); false when it did not. A
   * conditional put carries a write id, so that a put whose answer was lost and whose retry then
   * failed the condition is recognised as done.
   */
  boolean put(Map<String, AttributeValue> item, String condition, Map<String, String> names, Map<String, AttributeValue> values) {
    Map<String, AttributeValue> stamped = condition == null ? item : stamped(item);
    boolean written = call("dynamodb:PutItem", () -> {
      try {
        clients.dynamoDb(region).putItem(b -> b.tableName(name).item(stamped).conditionExpression(condition)
            .expressionAttributeNames(names == null || names.isEmpty() ? null : names)
            .expressionAttributeValues(values == null || values.isEmpty() ? null : values));
        return true;
      } catch (ConditionalCheckFailedException e) {
        return false;
      }
    });
    return written || holdsWrite(stamped, stamped.get(WRITE_ID));
  }

  /** {@code item} with a fresh write id. */
  static Map<String, AttributeValue> stamped(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> out = new HashMap<>(item);
    out.put(WRITE_ID, AttributeValue.fromS(UUID.randomUUID().toString()));
    return out;
  }

  /** A transaction's put of {@code item} when it is absent, stamped with a write id. */
  TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> stamped = stamped(item);
    return TransactWriteItem.builder().put(p -> p.tableName(name).item(stamped).conditionExpression("attribute_not_exists(sk)")).build();
  }

  /** One conditional UpdateItem; false when the condition (which includes the item's existence) failed, unless the item holds this very update. */
  boolean update(Update u) {
    boolean written = call("dynamodb:UpdateItem", () -> {
      try {
        clients.dynamoDb(region).updateItem(b -> b.tableName(name).key(u.key()).updateExpression(u.expression())
            .conditionExpression(u.condition()).expressionAttributeNames(u.names()).expressionAttributeValues(u.values().isEmpty() ? null : u.values()));
        return true;
      } catch (ConditionalCheckFailedException e) {
        return false;
      }
    });
    return written || holdsWrite(u.key(), u.writeId());
  }

  /**
   * Whether the item at {@code key} holds the write stamped {@code writeId}: asked after a refused
   * condition, true when the refusal answered the SDK's retry of our own write that had succeeded.
   * (If another writer changed the item after our write and before the retry, this says false: the
   * item is no longer as we left it, which is what a refusal tells the caller anyway.)
   */
  private boolean holdsWrite(Map<String, AttributeValue> key, AttributeValue writeId) {
    if (writeId == null) return false;
    return get(key.get(PK).s(), key.get(SK).s()).map(i -> writeId.equals(i.get(WRITE_ID))).orElse(false);
  }

  /**
   * One call to the table, its failures as {@link AwsClients#call} words them, except throttling,
   * which names the table and what gives it more capacity: the SDK has already retried it through
   * its attempts with back-off, so the table is short of capacity, not briefly busy.
   */
  <T> T call(String action, Supplier<T> fn) {
    return clients.call(action, region, () -> {
      try {
        return fn.get();
      } catch (AwsServiceException e) {
        if (e.isThrottlingException()) throw throttled(action, e.awsErrorDetails() == null ? e.getMessage()
            : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), e);
        throw e;
      }
    });
  }

  UserError throttled(String action, String said, Exception cause) {
    return new UserError(ExitCode.AWS_ACCESS, "DynamoDB throttled " + action + " on table " + name + " in " + region + " through every retry"
        + " (" + said + "). The journal holds what it held before this call: nothing after the last step reported done was recorded."
        + " Give the table capacity: switch it to on-demand (aws dynamodb update-table --table-name " + name + " --region " + region
        + " --billing-mode PAY_PER_REQUEST) or raise its read and write capacity units, or wait for the other writers of the table;"
        + " then run the command again ('tap resume --state " + uri() + "' continues a run).", cause);
  }

  /** Adds one to a number attribute (creating the item at 1) and returns the new value: an id no other process gets. */
  long incrementOrCreate(String pk, String sk, String attribute) {
    return increment(pk, sk, attribute, null).orElseThrow();
  }

  /** Adds one to a number attribute of an existing item and returns the new value; empty when there is no such item. */
  Optional<Long> increment(String pk, String sk, String attribute) {
    return increment(pk, sk, attribute, "attribute_exists(sk)");
  }

  private Optional<Long> increment(String pk, String sk, String attribute, String condition) {
    // Not idempotent: an ADD whose answer was lost and is sent again adds twice, which skips a number (a run id, an
    // event's) and never gives one twice; the ids need to be unique, not dense.
    return call("dynamodb:UpdateItem", () -> {
      try {
        var r = clients.dynamoDb(region).updateItem(b -> b.tableName(name).key(key(pk, sk)).updateExpression("ADD #n :one")
            .conditionExpression(condition).expressionAttributeNames(Map.of("#n", attribute))
            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).returnValues(ReturnValue.UPDATED_NEW));
        return Optional.of(Long.parseLong(r.attributes().get(attribute).n()));
      } catch (ConditionalCheckFailedException e) {
        return Optional.empty();
      }
    });
  }

  /** Deletes the item only when {@code condition} holds; false when it did not. */
  boolean delete(String pk, String sk, String condition, Map<String, String> names, Map<String, AttributeValue> values) {
    return call("dynamodb:DeleteItem", () -> {
      try {
        clients.dynamoDb(region).deleteItem(b -> b.tableName(name).key(key(pk, sk)).conditionExpression(condition)
            .expressionAttributeNames(names).expressionAttributeValues(values));
        return true;
      } catch (ConditionalCheckFailedException e) {
        return false;
      }
    });
  }

  /** Unconditional puts in batches of 25, retrying what DynamoDB left unprocessed. */
  void putAll(List<Map<String, AttributeValue>> items) {
    for (int i = 0; i < items.size(); i += 25) {
      List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
          .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()).toList();
      Map<String, List<WriteRequest>> pending = Map.of(name, batch);
      for (int attempt = 0; !pending.isEmpty(); attempt++) {
        if (attempt == 10) {
          throw throttled("dynamodb:BatchWriteItem", "items left unprocessed by ten batches in a row", null);
        }
        Map<String, List<WriteRequest>> p = pending;
        var r = call("dynamodb:BatchWriteItem", () -> clients.dynamoDb(region).batchWriteItem(b -> b.requestItems(p)));
        pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
        if (!pending.isEmpty()) sleep(50L << Math.min(attempt, 6));
      }
    }
  }

  /**
   * One TransactWriteItems; returns the indexes of the items whose condition failed (empty: all
   * written). A cancellation for a conflicting transaction on one of the items (TransactionConflict)
   * or for throttling (ThrottlingError) is sent again with back-off, {@value #TRANSACTION_ATTEMPTS}
   * attempts in all; a failed condition is an answer and is never sent again here. When a failed
   * item holds its own write id, the transaction was ours and had been applied (its answer was
   * lost and the SDK's retry then failed the conditions): all written.
   */
  List<Integer> transact(List<TransactWriteItem> items) {
    if (items.size() > MAX_TRANSACTION) throw new IllegalArgumentException(items.size() + " items in one transaction");
    for (int attempt = 1; ; attempt++) {
      // IAM authorises each item of a transaction as its own PutItem/UpdateItem: there is no TransactWriteItems permission
      List<CancellationReason> reasons = call("dynamodb:UpdateItem", () -> {
        try {
          clients.dynamoDb(region).transactWriteItems(b -> b.transactItems(items));
          return List.<CancellationReason>of();
        } catch (TransactionCanceledException c) {
          if (!c.hasCancellationReasons()) throw c;
          return c.cancellationReasons();
        }
      });
      if (reasons.isEmpty()) return List.of();
      List<Integer> failed = new ArrayList<>();
      List<String> other = new ArrayList<>();
      for (int i = 0; i < reasons.size(); i++) {
        String code = reasons.get(i).code();
        if ("ConditionalCheckFailed".equals(code)) failed.add(i);
        else if (code != null && !"None".equals(code)) other.add(code);
      }
      if (!failed.isEmpty()) {
        for (int i : failed) if (i < items.size() && holdsOwnWrite(items.get(i))) return List.of();
        return failed;
      }
      boolean retriable = other.stream().allMatch(c -> c.equals("TransactionConflict") || c.equals("ThrottlingError"));
      if (retriable && attempt < TRANSACTION_ATTEMPTS) {
        sleep(20L << attempt); // the other writer's transaction is done or undone in milliseconds; capacity returns within a second
        continue;
      }
      if (retriable && other.contains("ThrottlingError")) {
        throw throttled("TransactWriteItems", "cancelled " + attempt + " times, reasons " + other, null);
      }
      throw new UserError(ExitCode.FAILURE, "DynamoDB table " + name + " in " + region + " cancelled a transaction of the journal "
          + (retriable ? attempt + " times in a row" : "") + " (" + other + "). Nothing of it was written."
          + (other.contains("TransactionConflict") ? " Another writer kept changing the same items: is another tap running this run?"
              + " 'tap status --state " + uri() + "' shows it." : "") + " Run the command again.");
    }
  }

  private boolean holdsOwnWrite(TransactWriteItem item) {
    if (item.update() != null) return holdsWrite(item.update().key(), item.update().expressionAttributeValues().get(Update.WRITE_VALUE));
    if (item.put() != null) return holdsWrite(item.put().item(), item.put().item().get(WRITE_ID));
    return false;
  }

  UserError unreadable(String what, Exception cause) {
    return new UserError(ExitCode.BAD_INPUT, "DynamoDB table " + name + " in " + region + " holds " + what + " this tap cannot read ("
        + cause.getMessage() + "). Is it tap's journal table?", cause);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a DynamoDB write", e);
    }
  }

  /** An UpdateItem's parts: {@code SET}/{@code REMOVE} clauses and a condition, with placeholders for every name and value. */
  static final class Update {
    /** The placeholder of the update's write id. */
    static final String WRITE_VALUE = ":w";
    private final Map<String, AttributeValue> key;
    private final List<String> set = new ArrayList<>();
    private final List<String> remove = new ArrayList<>();
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();

    Update(String pk, String sk) {
      this.key = DynamoDbTable.key(pk, sk);
      conditions.add("attribute_exists(sk)");
      set.add(name(WRITE_ID) + " = " + WRITE_VALUE);
      values.put(WRITE_VALUE, AttributeValue.fromS(UUID.randomUUID().toString()));
    }

    AttributeValue writeId() {
      return values.get(WRITE_VALUE);
    }

    private String name(String attribute) {
      String n = "#" + attribute;
      names.put(n, attribute);
      return n;
    }

    private String value(AttributeValue v) {
      String p = ":v" + values.size();
      values.put(p, v);
      return p;
    }

    /** Sets the attribute; a null value removes it. */
    Update set(String attribute, AttributeValue v) {
      if (v == null) remove.add(name(attribute));
      else set.add(name(attribute) + " = " + value(v));
      return this;
    }

    /** Sets the attribute only when {@code v} is not null (keeps the old value otherwise). */
    Update setIfGiven(String attribute, AttributeValue v) {
      return v == null ? this : set(attribute, v);
    }

    /** The attribute must equal {@code v}. */
    Update when(String attribute, AttributeValue v) {
      conditions.add(name(attribute) + " = " + value(v));
      return this;
    }

    /** The attribute must equal one of {@code vs}. */
    Update whenIn(String attribute, List<AttributeValue> vs) {
      conditions.add(name(attribute) + " IN (" + String.join(", ", vs.stream().map(this::value).toList()) + ")");
      return this;
    }

    /** The attribute must be absent. */
    Update whenAbsent(String attribute) {
      conditions.add("attribute_not_exists(" + name(attribute) + ")");
      return this;
    }

    Map<String, AttributeValue> key() {
      return key;
    }

    String expression() {
      String e = set.isEmpty() ? "" : "SET " + String.join(", ", set);
      if (!remove.isEmpty()) e += (e.isEmpty() ? "" : " ") + "REMOVE " + String.join(", ", remove);
      return e;
    }

    String condition() {
      return String.join(" AND ", conditions);
    }

    Map<String, String> names() {
      return names;
    }

    Map<String, AttributeValue> values() {
      return values;
    }

    TransactWriteItem transactItem(String table) {
      return TransactWriteItem.builder().update(b -> b.tableName(table).key(key).updateExpression(expression()).conditionExpression(condition())
          .expressionAttributeNames(names).expressionAttributeValues(values.isEmpty() ? null : values)).build();
    }
  }
}
