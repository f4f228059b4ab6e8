package dev.tap.blueprints.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * DynamoDB tables with their GSIs, streams (new and old images), point-in-time recovery and the
 * blueprint key. Named {@code tap-{suffix}-{table}}; outputs {@code <Table>TableName/TableArn/StreamArn}.
 */
public final class DynamoTables extends Construct {

  /** A GSI over string keys; {@code sortKey} may be null. */
  public record Index(String name, String partitionKey, String sortKey) {}

  /** @param key the contract's table key, e.g. {@code trades} or {@code audit_logs} */
  public record TableSpec(String key, String partitionKey, String sortKey, List<Index> indexes) {
    public TableSpec {
      indexes = List.copyOf(indexes);
    }
  }

  /** Read/write capacity units for provisioned tables (ignored on demand); each GSI gets the same. */
  public record Throughput(int readUnits, int writeUnits) {}

  /**
   * @param throughput         null for on-demand (PAY_PER_REQUEST)
   * @param dataClassification the tag {@code DataClassification} of every table (each also gets {@code TableType} = its key)
   */
  public record Props(Names names, IKey key, List<TableSpec> tables, Throughput throughput, String dataClassification,
      RemovalPolicy removalPolicy) {}

  private final Map<String, Table> tables = new LinkedHashMap<>();

  public DynamoTables(Construct scope, String id, Props p) {
    super(scope, id);
    boolean provisioned = p.throughput() != null;
    for (TableSpec spec : p.tables()) {
      Table.Builder b = Table.Builder.create(this, Names.pascal(spec.key()))
          .tableName(p.names().unscoped(Names.kebab(spec.key())))
          .partitionKey(Attribute.builder().name(spec.partitionKey()).type(AttributeType.STRING).build())
          .billingMode(provisioned ? BillingMode.PROVISIONED : BillingMode.PAY_PER_REQUEST)
          .stream(StreamViewType.NEW_AND_OLD_IMAGES)
          .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
          .encryption(TableEncryption.CUSTOMER_MANAGED)
          .encryptionKey(p.key())
          .deletionProtection(p.removalPolicy() != RemovalPolicy.DESTROY)
          .removalPolicy(p.removalPolicy());
      if (spec.sortKey() != null) b.sortKey(Attribute.builder().name(spec.sortKey()).type(AttributeType.STRING).build());
      if (provisioned) b.readCapacity(p.throughput().readUnits()).writeCapacity(p.throughput().writeUnits());
      Table table = b.build();
      for (Index ix : spec.indexes()) {
        GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
            .indexName(ix.name())
            .partitionKey(Attribute.builder().name(ix.partitionKey()).type(AttributeType.STRING).build())
            .projectionType(ProjectionType.ALL);
        if (ix.sortKey() != null) gsi.sortKey(Attribute.builder().name(ix.sortKey()).type(AttributeType.STRING).build());
        if (provisioned) gsi.readCapacity(p.throughput().readUnits()).writeCapacity(p.throughput().writeUnits());
        table.addGlobalSecondaryIndex(gsi.build());
      }
      Tagging.add(table, "TableType", spec.key());
      Tagging.add(table, "DataClassification", p.dataClassification());
      tables.put(spec.key(), table);
    }
  }

  /** The tables by contract key, in the order given (templates must not depend on hash order). */
  public Map<String, Table> tables() {
    return java.util.Collections.unmodifiableMap(tables);
  }

  /** Table ARNs and their {@code /index/*} ARNs: what an IAM policy scoped to these tables names. */
  public List<String> tableAndIndexArns() {
    return tables.values().stream().flatMap(t -> java.util.stream.Stream.of(t.getTableArn(), t.getTableArn() + "/index/*")).toList();
  }

  public void addOutputs(StackOutputs o) {
    tables.forEach((key, t) -> {
      String prefix = Names.pascal(key);
      o.add(prefix + "TableName", t.getTableName(), "DynamoDB table " + key);
      o.add(prefix + "TableArn", t.getTableArn(), "ARN of DynamoDB table " + key);
      o.add(prefix + "StreamArn", t.getTableStreamArn(), "Stream ARN of DynamoDB table " + key);
    });
  }
}
