package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.AccountLock;
import dev.tap.optimizer.exec.LockOwner;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The account lock as an item of the shared journal table ({@code pk = LOCK#<account>},
 * {@code sk = <region>}): every scheduler and operator that writes the table meets it, and unlike
 * an SSM parameter DynamoDB compares and sets in one call, so a take-over or naming the run needs
 * no lock file on this host. Created with {@code attribute_not_exists}, rewritten and deleted only
 * while it still holds the expected owner's token.
 */
public final class DynamoDbAccountLock implements AccountLock {

  private final DynamoDbTable table;
  private final String account;

  DynamoDbAccountLock(DynamoDbTable table, String account) {
    this.table = table;
    this.account = account;
  }

  private Map<String, AttributeValue> item(String region, LockOwner owner) {
    return Map.of(DynamoDbTable.PK, AttributeValue.fromS(DynamoDbItems.lockPk(account)), DynamoDbTable.SK, AttributeValue.fromS(region),
        "token", AttributeValue.fromS(owner.token()), "owner", AttributeValue.fromS(owner.encode()));
  }

  @Override
  public Optional<LockOwner> tryCreate(String region, LockOwner owner) {
    for (int attempt = 0; ; attempt++) {
      if (table.put(item(region, owner), "attribute_not_exists(sk)", null, null)) return Optional.empty();
      Optional<LockOwner> holder = read(region);
      if (holder.isPresent() || attempt == 5) return holder;
      // released between our write and our read: try again
    }
  }

  @Override
  public boolean replace(String region, LockOwner expected, LockOwner owner) {
    return table.put(item(region, owner), "#t = :t", Map.of("#t", "token"), Map.of(":t", AttributeValue.fromS(expected.token())));
  }

  @Override
  public void release(String region, LockOwner owner) {
    table.delete(DynamoDbItems.lockPk(account), region, "#t = :t", Map.of("#t", "token"), Map.of(":t", AttributeValue.fromS(owner.token())));
  }

  @Override
  public String where(String region) {
    return "item " + DynamoDbItems.lockPk(account) + " / " + region + " of DynamoDB table " + table.name + " (" + table.region + ")";
  }

  @Override
  public String removeCommand(String region) {
    return "aws dynamodb delete-item --table-name " + table.name + " --region " + table.region + " --key '{\"pk\":{\"S\":\""
        + DynamoDbItems.lockPk(account) + "\"},\"sk\":{\"S\":\"" + region + "\"}}'";
  }

  private Optional<LockOwner> read(String region) {
    return table.get(DynamoDbItems.lockPk(account), region)
        .map(i -> LockOwner.decode(i.get("owner") == null ? "" : i.get("owner").s(), where(region)));
  }
}
