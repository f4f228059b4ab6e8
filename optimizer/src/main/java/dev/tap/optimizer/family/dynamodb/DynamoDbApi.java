package dev.tap.optimizer.family.dynamodb;

import dev.tap.optimizer.model.Resource;
import java.util.List;

/** What the executor asks of a DynamoDB table, in domain verbs. */
public interface DynamoDbApi {

  /**
   * The table with {@code billingMode}, capacities, {@code gsis}, stream keys, tags, and one
   * {@code gsi.<name>} key per index holding its {@link IndexDefinition#encode() definition}, so the
   * journal records what a rollback needs to re-create a deleted index.
   */
  Resource describeTable(String table, String region);

  /**
   * Capacities apply to the table; each GSI gets its own from {@code indexCapacity} (the recorded
   * one, on rollback) and the table's when it has none there. Ignored for PAY_PER_REQUEST.
   */
  void setBillingMode(String table, String region, String billingMode, long readCapacity, long writeCapacity,
      java.util.Map<String, Capacity> indexCapacity);

  /** Provisioned read and write capacity units. */
  record Capacity(long read, long write) {}

  void deleteIndex(String table, String region, String indexName);

  /** Re-creates an index; DynamoDB backfills it from the table before it serves queries. */
  void createIndex(String table, String region, IndexDefinition index);

  void setStream(String table, String region, boolean enabled, String viewType);

  /**
   * A GSI as DynamoDB needs it to create one: key attributes with their types (S, N, B),
   * projection, and provisioned capacity (0 for on-demand tables).
   */
  record IndexDefinition(
      String name, String hashKey, String hashType, String rangeKey, String rangeType, String projection,
      List<String> nonKeyAttributes, long readCapacity, long writeCapacity) {

    public IndexDefinition {
      nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }

    /** One line, for example {@code hash=accountId:S;range=ts:N;projection=INCLUDE:a|b;rcu=100;wcu=50}. */
    public String encode() {
      return "hash=" + hashKey + ":" + hashType
          + (rangeKey == null ? "" : ";range=" + rangeKey + ":" + rangeType)
          + ";projection=" + projection + (nonKeyAttributes.isEmpty() ? "" : ":" + String.join("|", nonKeyAttributes))
          + ";rcu=" + readCapacity + ";wcu=" + writeCapacity;
    }

    public static IndexDefinition decode(String name, String encoded) {
      String hash = null;
      String range = null;
      String projection = "ALL";
      List<String> nonKey = List.of();
      long rcu = 0;
      long wcu = 0;
      for (String part : encoded.split(";")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) throw new IllegalArgumentException("index " + name + ": cannot read '" + part + "' in " + encoded);
        switch (kv[0]) {
          case "hash" -> hash = kv[1];
          case "range" -> range = kv[1];
          case "projection" -> {
            String[] p = kv[1].split(":", 2);
            projection = p[0];
            nonKey = p.length == 2 ? List.of(p[1].split("\\|")) : List.of();
          }
          case "rcu" -> rcu = Long.parseLong(kv[1]);
          case "wcu" -> wcu = Long.parseLong(kv[1]);
          default -> throw new IllegalArgumentException("index " + name + ": unknown part '" + kv[0] + "' in " + encoded);
        }
      }
      if (hash == null) throw new IllegalArgumentException("index " + name + " has no hash key in " + encoded);
      String[] h = hash.split(":");
      String[] r = range == null ? null : range.split(":");
      return new IndexDefinition(name, h[0], h[1], r == null ? null : r[0], r == null ? null : r[1], projection, nonKey, rcu, wcu);
    }
  }
}
