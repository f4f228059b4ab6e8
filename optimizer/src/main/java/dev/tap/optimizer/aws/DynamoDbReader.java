package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.dynamodb.DynamoDbApi;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.dynamodb.IndexCapacities;
import dev.tap.optimizer.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A DynamoDB table: billing mode, capacities, GSIs, stream, and how many Lambda event source
 * mappings consume its stream (SPEC O4: a stream with no consumer can be disabled).
 */
final class DynamoDbReader implements FamilyReader {
  private final AwsClients aws;

  DynamoDbReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    var ddb = aws.dynamoDb(region);
    Optional<TableDescription> found = aws.callIfFound("dynamodb:DescribeTable", region, () -> ddb.describeTable(r -> r.tableName(t.id())).table());
    if (found.isEmpty()) return Optional.empty();
    TableDescription table = found.get();

    Map<String, String> config = new LinkedHashMap<>();
    // DescribeTable omits BillingModeSummary for tables that were always provisioned
    BillingMode mode = table.billingModeSummary() == null || table.billingModeSummary().billingMode() == null
        ? BillingMode.PROVISIONED : table.billingModeSummary().billingMode();
    config.put(BILLING_MODE, mode.toString());
    if (mode == BillingMode.PROVISIONED && table.provisionedThroughput() != null) {
      config.put(READ_CAPACITY, String.valueOf(table.provisionedThroughput().readCapacityUnits()));
      config.put(WRITE_CAPACITY, String.valueOf(table.provisionedThroughput().writeCapacityUnits()));
    }
    config.put(GSIS, String.join(",", table.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).sorted().toList()));
    if (mode == BillingMode.PROVISIONED && !table.globalSecondaryIndexes().isEmpty()) {
      // each index holds (and is billed for) its own provisioned capacity
      Map<String, DynamoDbApi.Capacity> capacity = new TreeMap<>();
      for (GlobalSecondaryIndexDescription g : table.globalSecondaryIndexes()) {
        if (g.provisionedThroughput() == null || g.provisionedThroughput().readCapacityUnits() == null) continue;
        capacity.put(g.indexName(), new DynamoDbApi.Capacity(g.provisionedThroughput().readCapacityUnits(), g.provisionedThroughput().writeCapacityUnits()));
      }
      config.put(GSI_CAPACITY, IndexCapacities.encode(capacity));
    }
    boolean stream = table.streamSpecification() != null && Boolean.TRUE.equals(table.streamSpecification().streamEnabled());
    config.put(STREAM_ENABLED, String.valueOf(stream));
    if (stream) {
      config.put(STREAM_VIEW_TYPE, table.streamSpecification().streamViewTypeAsString());
      String streamArn = table.latestStreamArn();
      config.put(STREAM_ARN, streamArn);
      long consumers = aws.call("lambda:ListEventSourceMappings", region,
          () -> aws.lambda(region).listEventSourceMappingsPaginator(r -> r.eventSourceArn(streamArn)).eventSourceMappings().stream().count());
      config.put(STREAM_CONSUMERS, String.valueOf(consumers));
    }

    Map<String, String> tags = new TreeMap<>();
    String token = null;
    do {
      String from = token;
      ListTagsOfResourceResponse page = aws.call("dynamodb:ListTagsOfResource", region,
          () -> ddb.listTagsOfResource(r -> r.resourceArn(table.tableArn()).nextToken(from)));
      tags.putAll(FamilyReader.tags(page.tags(), x -> x.key(), x -> x.value()));
      token = page.nextToken();
    } while (token != null);
    return Optional.of(new Resource(table.tableName(), DynamoDbFamily.DYNAMODB, region, table.tableArn(), config, tags));
  }
}
