package dev.tap.optimizer.plan;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.dynamodb.DynamoDbRules;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.InstancePriceKey;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.UnitRate;
import dev.tap.optimizer.rules.Stats;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The monthly list-price cost of one resource in a given configuration, from the {@link CostModel}:
 * the part a recommendation can change. Usage-billed parts (DynamoDB on-demand, Lambda requests and
 * duration, Aurora backup storage and replicated writes) come from the resource's own metrics; when
 * a needed metric is missing the cost is unavailable, never guessed.
 */
public final class ConfigCost {
  static final double DAYS_PER_MONTH = 365.0 / 12;
  private final CostModel model;

  public ConfigCost(CostModel model) {
    this.model = model;
  }

  /** Thrown when a configuration cannot be priced from the price list and the metrics at hand. */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  public double monthly(Resource r, Map<String, String> c, ResourceMetrics m) {
    String region = r.region();
    return switch (r.family()) {
      case AURORA -> aurora(r, c, m);
      case RDS -> rds(c, region);
      case ASG -> model.asgMonthly(get(c, INSTANCE_TYPE), region, i(c, DESIRED));
      case REDIS -> model.redisMonthly(get(c, NODE_TYPE), region, i(c, SHARDS), i(c, REPLICAS_PER_SHARD));
      case DAX -> model.daxMonthly(get(c, NODE_TYPE), region, i(c, NODES));
      case DYNAMODB -> dynamodb(c, region, m);
      case LAMBDA -> lambda(c, region, m);
      default -> throw new Unavailable("TAP prices no " + r.family().label + " configuration");
    };
  }

  /**
   * O5: what the instances of this configuration cost a month under each purchase option the list
   * holds (on-demand first); empty for families not billed per instance.
   */
  public Map<PurchaseOption, Double> byPurchaseOption(Resource r, Map<String, String> c) {
    String region = r.region();
    return switch (r.family()) {
      case ASG -> model.monthlyByPurchaseOption(Service.EC2, get(c, INSTANCE_TYPE), region, Deployment.SINGLE_AZ, i(c, DESIRED));
      case REDIS -> model.monthlyByPurchaseOption(Service.ELASTICACHE_REDIS, get(c, NODE_TYPE), region, Deployment.SINGLE_AZ,
          i(c, SHARDS) * (1 + i(c, REPLICAS_PER_SHARD)));
      case DAX -> model.monthlyByPurchaseOption(Service.DAX, get(c, NODE_TYPE), region, Deployment.SINGLE_AZ, i(c, NODES));
      case AURORA -> sameClass(c) ? model.monthlyByPurchaseOption(engine(c), get(c, INSTANCE_CLASS), region, Deployment.SINGLE_AZ, 1 + i(c, READERS)) : Map.of();
      case RDS -> {
        Map<PurchaseOption, Double> primary = model.monthlyByPurchaseOption(Service.RDS_POSTGRESQL, get(c, INSTANCE_CLASS), region, deployment(c), 1);
        Map<PurchaseOption, Double> replicas = i(c, READERS) == 0 ? null
            : model.monthlyByPurchaseOption(Service.RDS_POSTGRESQL, c.getOrDefault(READER_CLASS, get(c, INSTANCE_CLASS)), region, Deployment.SINGLE_AZ, i(c, READERS));
        Map<PurchaseOption, Double> sum = new EnumMap<>(PurchaseOption.class);
        primary.forEach((k, v) -> {
          if (replicas == null) sum.put(k, v);
          else if (replicas.containsKey(k)) sum.put(k, v + replicas.get(k));
        });
        yield sum;
      }
      default -> Map.of();
    };
  }

  private double aurora(Resource r, Map<String, String> c, ResourceMetrics m) {
    Service engine = engine(c);
    String writer = get(c, INSTANCE_CLASS);
    String reader = c.getOrDefault(READER_CLASS, writer);
    double cost = model.instancesMonthly(new InstancePriceKey(engine, writer, r.region(), Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND), 1)
        + model.instancesMonthly(new InstancePriceKey(engine, reader, r.region(), Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND), i(c, READERS));
    // Backup storage billed beyond the free allowance grows with the retention period.
    Optional<WindowValue> billed = m.window("TotalBackupStorageBilled", "Average");
    String currentDays = r.config().get(BACKUP_RETENTION_DAYS);
    if (billed.isPresent() && currentDays != null && c.containsKey(BACKUP_RETENTION_DAYS)) {
      double gb = billed.get().value() / 1e9 * Double.parseDouble(get(c, BACKUP_RETENTION_DAYS)) / Double.parseDouble(currentDays);
      cost += model.backupMonthly(UnitRate.AURORA_BACKUP_GB_MONTH, r.region(), gb, 0);
    }
    // Every secondary region of a global database receives the primary's writes.
    String secondaries = c.getOrDefault(SECONDARY_REGIONS, "");
    Optional<WindowValue> writes = m.window("WriteIOPS", "Average");
    if (!secondaries.isBlank() && writes.isPresent()) {
      int regions = secondaries.split(",").length;
      double iosPerMonth = writes.get().value() * DAYS_PER_MONTH * 86_400;
      cost += regions * model.auroraGlobalReplicationMonthly(r.region(), iosPerMonth);
    }
    return cost;
  }

  private double rds(Map<String, String> c, String region) {
    double cost = model.rdsPostgresMonthly(get(c, INSTANCE_CLASS), region, deployment(c), i(c, READERS));
    if ("gp3".equals(c.get(STORAGE_TYPE)) && c.containsKey(ALLOCATED_STORAGE_GB)) {
      cost += model.rdsGp3StorageMonthly(region, deployment(c), Double.parseDouble(get(c, ALLOCATED_STORAGE_GB)), i(c, IOPS));
    }
    return cost;
  }

  private double dynamodb(Map<String, String> c, String region, ResourceMetrics m) {
    String mode = c.getOrDefault(BILLING_MODE, "PAY_PER_REQUEST");
    double base;
    if ("PROVISIONED".equals(mode)) {
      base = model.dynamoDbProvisionedMonthly(region, Double.parseDouble(get(c, READ_CAPACITY)), Double.parseDouble(get(c, WRITE_CAPACITY)));
    } else {
      base = model.dynamoDbOnDemandMonthly(region, perSecond(m, DynamoDbRules.CONSUMED_READ), perSecond(m, DynamoDbRules.CONSUMED_WRITE));
    }
    // On-demand: each index is billed for the writes it receives. CloudWatch gives no per-index
    // write count here, so an index is assumed to receive every table write (all items carry its
    // key): an upper bound for sparse indexes. Provisioned index capacity is not in the inventory.
    double indexes = 0;
    if (!"PROVISIONED".equals(mode)) {
      String gsis = c.getOrDefault(GSIS, "");
      int count = gsis.isBlank() ? 0 : gsis.split(",").length;
      indexes = count * model.dynamoDbOnDemandMonthly(region, 0, perSecond(m, DynamoDbRules.CONSUMED_WRITE));
    }
    return base + indexes;
  }

  private double lambda(Map<String, String> c, String region, ResourceMetrics m) {
    WindowValue invocations = m.window("Invocations", "Sum").orElseThrow(() -> new Unavailable("needs Lambda Invocations Sum over the window"));
    WindowValue duration = m.window("Duration", "Average").orElseThrow(() -> new Unavailable("needs Lambda Duration Average over the window"));
    double days = Math.max(1, Duration.between(m.start(), m.end()).toHours() / 24.0);
    double perMonth = invocations.value() / days * DAYS_PER_MONTH;
    return model.lambdaMonthly(region, perMonth, duration.value(), i(c, MEMORY_MB), Integer.parseInt(c.getOrDefault(PROVISIONED_CONCURRENCY, "0")));
  }

  /** Mean units per second over the window from the hourly Sum series. */
  private static double perSecond(ResourceMetrics m, String metric) {
    MetricSeries s = m.hourly(metric, "Sum").orElseThrow(() -> new Unavailable("needs hourly " + metric + " Sum to price on-demand requests"));
    double mean = Stats.mean(s.values());
    return Double.isNaN(mean) ? 0 : mean / 3600.0;
  }

  private static boolean sameClass(Map<String, String> c) {
    return c.getOrDefault(READER_CLASS, c.get(INSTANCE_CLASS)).equals(c.get(INSTANCE_CLASS));
  }

  static Service engine(Map<String, String> c) {
    String e = c.getOrDefault(ENGINE, "");
    if (e.equals("aurora-postgresql")) return Service.AURORA_POSTGRESQL;
    if (e.equals("aurora-mysql") || e.equals("aurora")) return Service.AURORA_MYSQL;
    throw new Unavailable("unknown Aurora engine '" + e + "'");
  }

  private static Deployment deployment(Map<String, String> c) {
    return "true".equals(c.get(MULTI_AZ)) ? Deployment.MULTI_AZ : Deployment.SINGLE_AZ;
  }

  private static String get(Map<String, String> c, String key) {
    String v = c.get(key);
    if (v == null) throw new Unavailable("configuration has no '" + key + "' " + Arrays.toString(c.keySet().toArray()));
    return v;
  }

  private static int i(Map<String, String> c, String key) {
    return Integer.parseInt(get(c, key));
  }
}
