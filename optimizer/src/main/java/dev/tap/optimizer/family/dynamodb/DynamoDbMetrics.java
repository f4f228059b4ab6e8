package dev.tap.optimizer.family.dynamodb;

import static dev.tap.optimizer.metrics.MetricSpec.of;

import dev.tap.optimizer.metrics.MetricSpec;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CloudWatch metrics of a DynamoDB table. Consumed capacity is read as per-hour sums
 * ({@code Sum / 3600} = units per second, compared with the provisioned units); provisioned
 * capacity only exists for PROVISIONED tables. Per global secondary index, the
 * {@code SampleCount} of {@code ConsumedReadCapacityUnits} with dimension
 * {@code GlobalSecondaryIndexName} counts the read requests (queries) the index served: DynamoDB
 * publishes no per-index query count, and every query of an index consumes read capacity on it.
 * A stream is read through {@code ReturnedRecordsCount} of {@code GetRecords} on its label.
 */
public final class DynamoDbMetrics {
  private DynamoDbMetrics() {}

  public static final String NAMESPACE = "AWS/DynamoDB";
  public static final String CONSUMED_READ = "ConsumedReadCapacityUnits";
  public static final String CONSUMED_WRITE = "ConsumedWriteCapacityUnits";
  public static final String PROVISIONED_READ = "ProvisionedReadCapacityUnits";
  public static final String PROVISIONED_WRITE = "ProvisionedWriteCapacityUnits";
  public static final String THROTTLED = "ThrottledRequests";
  /** Per index: {@code GsiReads.<index name>}, statistic SampleCount = read requests in the window. */
  public static final String GSI_READS_PREFIX = "GsiReads.";
  public static final String STREAM_RECORDS = "StreamReturnedRecords";

  public static String gsiKey(String index) {
    return GSI_READS_PREFIX + index;
  }

  public static List<MetricSpec> specs(Resource r) {
    Map<String, String> table = Map.of("TableName", r.id());
    List<MetricSpec> specs = new ArrayList<>();
    specs.add(of(CONSUMED_READ, NAMESPACE, "ConsumedReadCapacityUnits", table, List.of("Sum"), List.of("Sum")));
    specs.add(of(CONSUMED_WRITE, NAMESPACE, "ConsumedWriteCapacityUnits", table, List.of("Sum"), List.of("Sum")));
    if ("PROVISIONED".equals(r.config().get(ConfigKeys.BILLING_MODE))) {
      specs.add(of(PROVISIONED_READ, NAMESPACE, "ProvisionedReadCapacityUnits", table, List.of("Average", "Minimum"), List.of("Average")));
      specs.add(of(PROVISIONED_WRITE, NAMESPACE, "ProvisionedWriteCapacityUnits", table, List.of("Average", "Minimum"), List.of("Average")));
    }
    specs.add(of(THROTTLED, NAMESPACE, "ThrottledRequests", table, List.of("Sum"), List.of()));
    String gsis = r.config().getOrDefault(ConfigKeys.GSIS, "");
    if (!gsis.isBlank()) {
      for (String index : gsis.split(",")) {
        specs.add(of(gsiKey(index), NAMESPACE, "ConsumedReadCapacityUnits", Map.of("TableName", r.id(), "GlobalSecondaryIndexName", index),
            List.of("SampleCount", "Sum"), List.of()));
      }
    }
    String streamArn = r.config().getOrDefault(ConfigKeys.STREAM_ARN, "");
    int at = streamArn.indexOf("/stream/");
    if (Boolean.parseBoolean(r.config().getOrDefault(ConfigKeys.STREAM_ENABLED, "false")) && at > 0) {
      specs.add(of(STREAM_RECORDS, NAMESPACE, "ReturnedRecordsCount",
          Map.of("TableName", r.id(), "StreamLabel", streamArn.substring(at + "/stream/".length()), "Operation", "GetRecords"), List.of("Sum", "SampleCount"), List.of()));
    }
    return specs;
  }
}
