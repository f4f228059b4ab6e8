package dev.tap.optimizer.plan;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.aurora.AuroraMetrics;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.UnitRate;
import dev.tap.optimizer.rules.MetricsFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCostTest {
  static final PriceBook BOOK = PriceBook.bundled();
  static final ConfigCost COST = new ConfigCost(new CostModel(BOOK));

  @Test
  void asgAndRedisAreInstancesTimesHours() {
    Resource asg = MetricsFixture.resource("asg", AsgFamily.ASG, Map.of(INSTANCE_TYPE, "m5.4xlarge", DESIRED, "15", MIN, "12", MAX, "25"));
    assertThat(COST.monthly(asg, asg.config(), MetricsFixture.of(asg, 60).build()))
        .isCloseTo(15 * 730 * BOOK.onDemandHourly(Service.EC2, "m5.4xlarge", "us-east-1"), within(1e-6));
    Resource redis = MetricsFixture.resource("r", RedisFamily.REDIS, Map.of(NODE_TYPE, "cache.r6g.4xlarge", SHARDS, "4", REPLICAS_PER_SHARD, "2"));
    assertThat(COST.monthly(redis, redis.config(), MetricsFixture.of(redis, 60).build()))
        .isCloseTo(12 * 730 * BOOK.onDemandHourly(Service.ELASTICACHE_REDIS, "cache.r6g.4xlarge", "us-east-1"), within(1e-6));
    assertThat(COST.byPurchaseOption(redis, redis.config())).containsKey(dev.tap.optimizer.pricing.PurchaseOption.ON_DEMAND);
  }

  /** O5, hand-computed: 6 x c5.2xlarge x 730 h at 0.34 on-demand, 0.214 RI 1y no upfront, 0.244 / 0.154 Compute Savings Plan 1y / 3y all upfront. */
  @Test
  void anAsgIsComparedUnderReservedInstancesAndComputeSavingsPlans() {
    Resource asg = MetricsFixture.resource("asg", AsgFamily.ASG, Map.of(INSTANCE_TYPE, "c5.2xlarge", DESIRED, "6", MIN, "3", MAX, "10"));
    var options = COST.byPurchaseOption(asg, asg.config());
    assertThat(options.get(dev.tap.optimizer.pricing.PurchaseOption.ON_DEMAND)).isCloseTo(1489.20, within(1e-6));
    assertThat(options.get(dev.tap.optimizer.pricing.PurchaseOption.RESERVED_1Y_NO_UPFRONT)).isCloseTo(937.32, within(1e-6));
    assertThat(options.get(dev.tap.optimizer.pricing.PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT)).isCloseTo(1068.72, within(1e-6));
    assertThat(options.get(dev.tap.optimizer.pricing.PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT)).isCloseTo(674.52, within(1e-6));
    // RDS has reserved instances but no Compute Savings Plan
    Resource db = MetricsFixture.resource("db", RdsFamily.RDS, Map.of(INSTANCE_CLASS, "db.r6g.2xlarge", MULTI_AZ, "false", READERS, "0"));
    assertThat(COST.byPurchaseOption(db, db.config()).keySet()).noneMatch(o -> o.savingsPlan).contains(dev.tap.optimizer.pricing.PurchaseOption.RESERVED_1Y_NO_UPFRONT);
  }

  @Test
  void onDemandTableIsPricedFromConsumedUnitsAndEachIndexFromTheTableWrites() {
    Resource t = MetricsFixture.resource("t", DynamoDbFamily.DYNAMODB, Map.of(BILLING_MODE, "PAY_PER_REQUEST", GSIS, "a,b"));
    var m = MetricsFixture.of(t, 60).hourly("ConsumedReadCapacityUnits", "Sum", MetricsFixture.constant(3600 * 10))
        .hourly("ConsumedWriteCapacityUnits", "Sum", MetricsFixture.constant(3600 * 2)).build();
    double seconds = 730 * 3600;
    double read = BOOK.unitUsd(UnitRate.DYNAMODB_READ_REQUEST_MILLION, "us-east-1");
    double write = BOOK.unitUsd(UnitRate.DYNAMODB_WRITE_REQUEST_MILLION, "us-east-1");
    double table = 10 * seconds / 1e6 * read + 2 * seconds / 1e6 * write;
    double perIndex = 2 * seconds / 1e6 * write;
    assertThat(COST.monthly(t, t.config(), m)).isCloseTo(table + 2 * perIndex, within(1e-6));
    assertThat(COST.monthly(t, Map.of(BILLING_MODE, "PAY_PER_REQUEST", GSIS, "a"), m)).isCloseTo(table + perIndex, within(1e-6));
  }

  /** Hand-computed: (table 1000 + 2 x 100) RCU x 0.00013 + (table 1000 + 2 x 500) WCU x 0.00065, x 730 h. */
  @Test
  void provisionedTablePaysForEachIndexCapacity() {
    Map<String, String> c = Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "1000", GSIS, "a,b",
        GSI_CAPACITY, "a=100/500,b=100/500");
    Resource t = MetricsFixture.resource("t", DynamoDbFamily.DYNAMODB, c);
    var m = MetricsFixture.of(t, 60).build();
    assertThat(BOOK.unitUsd(UnitRate.DYNAMODB_RCU_HOUR, "us-east-1")).isEqualTo(0.00013);
    assertThat(BOOK.unitUsd(UnitRate.DYNAMODB_WCU_HOUR, "us-east-1")).isEqualTo(0.00065);
    assertThat(COST.monthly(t, c, m)).isCloseTo((1200 * 0.00013 + 2000 * 0.00065) * 730, within(1e-9)); // 1,062.88
    assertThat(COST.monthly(t, c, m)).isCloseTo(1062.88, within(1e-9));
    // dropping index b stops its capacity (its entry may stay in gsiCapacity)
    Map<String, String> dropped = new java.util.HashMap<>(c);
    dropped.put(GSIS, "a");
    assertThat(COST.monthly(t, dropped, m)).isCloseTo((1100 * 0.00013 + 1500 * 0.00065) * 730, within(1e-9));
    // an index whose capacity was not inventoried is not priced as free
    Map<String, String> unknown = new java.util.HashMap<>(c);
    unknown.put(GSI_CAPACITY, "a=100/500");
    assertThatThrownBy(() -> COST.monthly(t, unknown, m)).isInstanceOf(CostUnavailable.class).hasMessageContaining("index b of t");
  }

  /**
   * Hand-computed: 1,000 GiB volume x (0.10 us-east-1 + 0.11 eu-west-1 copy) = 210; 300 GiB backup
   * billed x 0.021 = 6.30 at 30 days, 3.15 at 15; 100 write IOPS x 30.4167 d x 86,400 s = 262.8 M
   * replicated x 0.20 / M = 52.56.
   */
  @Test
  void auroraPaysForItsVolumeInEachRegionAndTheBackupBilledScaledByRetention() {
    Map<String, String> c = Map.of(ENGINE, "aurora-postgresql", INSTANCE_CLASS, "db.r6g.4xlarge", READERS, "0", BACKUP_RETENTION_DAYS, "30",
        SECONDARY_REGIONS, "eu-west-1");
    Resource a = MetricsFixture.resource("a", AuroraFamily.AURORA, c);
    double gib = 1024.0 * 1024 * 1024;
    var m = MetricsFixture.of(a, 60).window(AuroraMetrics.VOLUME_BYTES, "Average", 1000 * gib).window(AuroraMetrics.BACKUP_BILLED, "Average", 300 * gib)
        .window(AuroraMetrics.WRITE_IOPS, "Average", 100).build();
    double instance = 730 * BOOK.onDemandHourly(Service.AURORA_POSTGRESQL, "db.r6g.4xlarge", "us-east-1");
    assertThat(COST.monthly(a, c, m)).isCloseTo(instance + 210 + 6.30 + 52.56, within(1e-6));
    Map<String, String> shorter = new java.util.HashMap<>(c);
    shorter.put(BACKUP_RETENTION_DAYS, "15");
    assertThat(COST.monthly(a, c, m) - COST.monthly(a, shorter, m)).isCloseTo(3.15, within(1e-9));
    Map<String, String> noSecondary = new java.util.HashMap<>(c);
    noSecondary.put(SECONDARY_REGIONS, "");
    assertThat(COST.monthly(a, c, m) - COST.monthly(a, noSecondary, m)).isCloseTo(110 + 52.56, within(1e-6));
    // without the volume's size the storage cost is unknown, not zero
    var noVolume = MetricsFixture.of(a, 60).window(AuroraMetrics.BACKUP_BILLED, "Average", 300 * gib).window(AuroraMetrics.WRITE_IOPS, "Average", 100).build();
    assertThatThrownBy(() -> COST.monthly(a, c, noVolume)).isInstanceOf(CostUnavailable.class).hasMessageContaining("VolumeBytesUsed");
  }

  /** Hand-computed: gp3 1,000 GB at the 12,000 IOPS baseline: Multi-AZ 230 + one single-AZ replica volume 115. */
  @Test
  void rdsPaysForThePrimaryAndEachReplicaVolume() {
    Map<String, String> c = Map.of(ENGINE, "postgres", INSTANCE_CLASS, "db.r6g.2xlarge", MULTI_AZ, "true", READERS, "1", READER_CLASS, "db.r6g.2xlarge",
        STORAGE_TYPE, "gp3", ALLOCATED_STORAGE_GB, "1000", IOPS, "12000");
    Resource db = MetricsFixture.resource("db", RdsFamily.RDS, c);
    var m = MetricsFixture.of(db, 45).build();
    double hourly = BOOK.onDemandHourly(Service.RDS_POSTGRESQL, "db.r6g.2xlarge", "us-east-1");
    assertThat(COST.monthly(db, c, m)).isCloseTo(730 * hourly * 3 + 230 + 115, within(1e-6));
    Map<String, String> noStorage = new java.util.HashMap<>(c);
    noStorage.remove(STORAGE_TYPE);
    assertThatThrownBy(() -> COST.monthly(db, noStorage, m)).isInstanceOf(CostUnavailable.class).hasMessageContaining("storage of RDS instance db");
  }

  @Test
  void aMissingUsageMetricIsUnavailableNeverZero() {
    Resource t = MetricsFixture.resource("t", DynamoDbFamily.DYNAMODB, Map.of(BILLING_MODE, "PAY_PER_REQUEST"));
    assertThatThrownBy(() -> COST.monthly(t, t.config(), MetricsFixture.of(t, 60).build()))
        .isInstanceOf(CostUnavailable.class).hasMessageContaining("ConsumedReadCapacityUnits");
    Resource fn = MetricsFixture.resource("fn", LambdaFamily.LAMBDA, Map.of(MEMORY_MB, "1024"));
    assertThatThrownBy(() -> COST.monthly(fn, fn.config(), MetricsFixture.of(fn, 45).build()))
        .isInstanceOf(CostUnavailable.class).hasMessageContaining("Invocations");
  }
}
