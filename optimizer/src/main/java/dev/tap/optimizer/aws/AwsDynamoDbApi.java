package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** DynamoDB billing mode, GSIs and streams with the AWS SDK. */
public final class AwsDynamoDbApi implements DynamoDbApi {
  private final AwsClients aws;
  private final DynamoDbReader reader;

  public AwsDynamoDbApi(AwsClients aws) {
    this.aws = aws;
    this.reader = new DynamoDbReader(aws);
  }

  private TableDescription table(String table, String region) {
    return act(aws, "dynamodb:DescribeTable", region, () -> aws.dynamoDb(region).describeTable(r -> r.tableName(table)).table());
  }

  /** The inventory's view plus one {@code gsi.<name>} definition per index, so rollback can re-create a deleted one. */
  @Override
  public Resource describeTable(String table, String region) {
    Resource r = AwsActionCalls.describe(reader, DynamoDbFamily.DYNAMODB, table, region);
    TableDescription t = table(table, region);
    Map<String, String> types = new LinkedHashMap<>();
    for (AttributeDefinition a : t.attributeDefinitions()) types.put(a.attributeName(), a.attributeTypeAsString());
    Map<String, String> config = new LinkedHashMap<>(r.config());
    for (GlobalSecondaryIndexDescription g : t.globalSecondaryIndexes()) config.put(DynamoDbActions.GSI_DEFINITION_PREFIX + g.indexName(), definition(g, types).encode());
    return r.withConfig(config);
  }

  static IndexDefinition definition(GlobalSecondaryIndexDescription g, Map<String, String> types) {
    String hash = null;
    String range = null;
    for (KeySchemaElement k : g.keySchema()) {
      if (k.keyType() == KeyType.HASH) hash = k.attributeName();
      else range = k.attributeName();
    }
    long rcu = g.provisionedThroughput() == null || g.provisionedThroughput().readCapacityUnits() == null ? 0 : g.provisionedThroughput().readCapacityUnits();
    long wcu = g.provisionedThroughput() == null || g.provisionedThroughput().writeCapacityUnits() == null ? 0 : g.provisionedThroughput().writeCapacityUnits();
    return new IndexDefinition(g.indexName(), hash, types.get(hash), range, range == null ? null : types.get(range),
        g.projection().projectionTypeAsString(), g.projection().nonKeyAttributes(), rcu, wcu);
  }

  @Override
  public void setBillingMode(String table, String region, String billingMode, long readCapacity, long writeCapacity,
      Map<String, Capacity> indexCapacity) {
    if (DynamoDbActions.ON_DEMAND.equals(billingMode)) {
      run(aws, "dynamodb:UpdateTable", region, () -> aws.dynamoDb(region).updateTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)));
      return;
    }
    ProvisionedThroughput capacity = ProvisionedThroughput.builder().readCapacityUnits(readCapacity).writeCapacityUnits(writeCapacity).build();
    // Switching to provisioned needs every GSI's capacity too: the index's recorded one, else the table's.
    List<GlobalSecondaryIndexUpdate> indexes = new ArrayList<>();
    for (GlobalSecondaryIndexDescription g : table(table, region).globalSecondaryIndexes()) {
      Capacity own = indexCapacity.get(g.indexName());
      ProvisionedThroughput c = own == null ? capacity
          : ProvisionedThroughput.builder().readCapacityUnits(own.read()).writeCapacityUnits(own.write()).build();
      indexes.add(GlobalSecondaryIndexUpdate.builder().update(u -> u.indexName(g.indexName()).provisionedThroughput(c)).build());
    }
    run(aws, "dynamodb:UpdateTable", region, () -> aws.dynamoDb(region).updateTable(r -> r.tableName(table).billingMode(BillingMode.PROVISIONED)
        .provisionedThroughput(capacity).globalSecondaryIndexUpdates(indexes.isEmpty() ? null : indexes)));
  }

  @Override
  public void deleteIndex(String table, String region, String indexName) {
    run(aws, "dynamodb:UpdateTable", region, () -> aws.dynamoDb(region).updateTable(r -> r.tableName(table)
        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName(indexName)).build())));
  }

  @Override
  public void createIndex(String table, String region, IndexDefinition index) {
    // The table's own definitions too: AWS merges them, moto replaces them, and an index kept
    // beside the re-created one must not lose its key's type.
    Map<String, AttributeDefinition> byName = new LinkedHashMap<>();
    for (AttributeDefinition a : table(table, region).attributeDefinitions()) byName.put(a.attributeName(), a);
    byName.put(index.hashKey(), AttributeDefinition.builder().attributeName(index.hashKey()).attributeType(index.hashType()).build());
    if (index.rangeKey() != null) {
      byName.put(index.rangeKey(), AttributeDefinition.builder().attributeName(index.rangeKey()).attributeType(index.rangeType()).build());
    }
    List<AttributeDefinition> attrs = new ArrayList<>(byName.values());
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(KeySchemaElement.builder().attributeName(index.hashKey()).keyType(KeyType.HASH).build());
    if (index.rangeKey() != null) {
      keys.add(KeySchemaElement.builder().attributeName(index.rangeKey()).keyType(KeyType.RANGE).build());
    }
    boolean provisioned = index.readCapacity() > 0 && index.writeCapacity() > 0;
    run(aws, "dynamodb:UpdateTable", region, () -> aws.dynamoDb(region).updateTable(r -> r.tableName(table).attributeDefinitions(attrs)
        .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(c -> {
          c.indexName(index.name()).keySchema(keys).projection(p -> {
            p.projectionType(index.projection());
            if (!index.nonKeyAttributes().isEmpty()) p.nonKeyAttributes(index.nonKeyAttributes());
          });
          if (provisioned) c.provisionedThroughput(t -> t.readCapacityUnits(index.readCapacity()).writeCapacityUnits(index.writeCapacity()));
        }).build())));
  }

  @Override
  public void setStream(String table, String region, boolean enabled, String viewType) {
    run(aws, "dynamodb:UpdateTable", region, () -> aws.dynamoDb(region).updateTable(r -> r.tableName(table).streamSpecification(s -> {
      s.streamEnabled(enabled);
      if (enabled) s.streamViewType(viewType);
    })));
  }
}
