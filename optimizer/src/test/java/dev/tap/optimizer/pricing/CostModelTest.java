package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-computed expectations over a small list with round prices (730 h a month). */
class CostModelTest {
  private static final String R = "us-east-1";
  private static final CostModel MODEL = new CostModel(new PriceBook(testList(), "test list"));

  static PriceList testList() {
    Map<InstancePriceKey, Rate> hourly = new LinkedHashMap<>();
    hourly.put(od(Service.EC2, "c6i.8xlarge"), new Rate(1.36, "t"));
    hourly.put(od(Service.EC2, "c6i.4xlarge"), new Rate(0.68, "t"));
    hourly.put(od(Service.AURORA_POSTGRESQL, "db.r6g.8xlarge"), new Rate(4.153, "t"));
    hourly.put(od(Service.RDS_POSTGRESQL, "db.r6g.2xlarge"), new Rate(0.899, "t"));
    hourly.put(new InstancePriceKey(Service.RDS_POSTGRESQL, "db.r6g.2xlarge", R, Deployment.MULTI_AZ, PurchaseOption.ON_DEMAND),
        new Rate(1.798, "t"));
    hourly.put(new InstancePriceKey(Service.RDS_POSTGRESQL, "db.r6g.2xlarge", R, Deployment.MULTI_AZ,
        PurchaseOption.RESERVED_1Y_NO_UPFRONT), new Rate(1.2, "t"));
    hourly.put(new InstancePriceKey(Service.RDS_POSTGRESQL, "db.r6g.2xlarge", R, Deployment.MULTI_AZ,
        PurchaseOption.RESERVED_3Y_ALL_UPFRONT), new Rate(0.75, "t"));
    hourly.put(od(Service.ELASTICACHE_REDIS, "cache.r6gd.8xlarge"), new Rate(6.24, "t"));
    hourly.put(od(Service.DAX, "dax.r4.8xlarge"), new Rate(5.0, "t"));
    hourly.put(od(Service.SAGEMAKER_HOSTING, "ml.g4dn.xlarge"), new Rate(0.736, "t"));
    hourly.put(od(Service.SAGEMAKER_TRAINING, "ml.p3.2xlarge"), new Rate(3.825, "t"));
    Map<UnitPriceKey, Rate> units = new LinkedHashMap<>();
    Map.ofEntries(
            Map.entry(UnitRate.DYNAMODB_RCU_HOUR, 0.00013), Map.entry(UnitRate.DYNAMODB_WCU_HOUR, 0.00065),
            Map.entry(UnitRate.DYNAMODB_READ_REQUEST_MILLION, 0.125), Map.entry(UnitRate.DYNAMODB_WRITE_REQUEST_MILLION, 0.625),
            Map.entry(UnitRate.LAMBDA_REQUEST_MILLION, 0.20), Map.entry(UnitRate.LAMBDA_GB_SECOND, 0.00001),
            Map.entry(UnitRate.LAMBDA_PROVISIONED_GB_SECOND, 0.000004),
            Map.entry(UnitRate.LAMBDA_PROVISIONED_DURATION_GB_SECOND, 0.000009),
            Map.entry(UnitRate.EBS_IO2_GB_MONTH, 0.125), Map.entry(UnitRate.EBS_IO2_IOPS_MONTH_TIER1, 0.065),
            Map.entry(UnitRate.EBS_IO2_IOPS_MONTH_TIER2, 0.0455), Map.entry(UnitRate.EBS_IO2_IOPS_MONTH_TIER3, 0.03185),
            Map.entry(UnitRate.EBS_GP3_GB_MONTH, 0.08),
            Map.entry(UnitRate.RDS_GP3_GB_MONTH, 0.115), Map.entry(UnitRate.RDS_GP3_GB_MONTH_MULTI_AZ, 0.23),
            Map.entry(UnitRate.RDS_GP3_IOPS_MONTH, 0.02), Map.entry(UnitRate.RDS_GP3_IOPS_MONTH_MULTI_AZ, 0.04),
            Map.entry(UnitRate.RDS_BACKUP_GB_MONTH, 0.095), Map.entry(UnitRate.AURORA_BACKUP_GB_MONTH, 0.021),
            Map.entry(UnitRate.AURORA_GLOBAL_REPLICATED_WRITE_IO_MILLION, 0.20), Map.entry(UnitRate.AURORA_STORAGE_GB_MONTH, 0.10),
            Map.entry(UnitRate.RDS_GP2_GB_MONTH, 0.115), Map.entry(UnitRate.RDS_GP2_GB_MONTH_MULTI_AZ, 0.23),
            Map.entry(UnitRate.RDS_IO1_GB_MONTH, 0.125), Map.entry(UnitRate.RDS_IO1_GB_MONTH_MULTI_AZ, 0.25),
            Map.entry(UnitRate.RDS_IO1_IOPS_MONTH, 0.10), Map.entry(UnitRate.RDS_IO1_IOPS_MONTH_MULTI_AZ, 0.20))
        .forEach((rate, usd) -> units.put(new UnitPriceKey(rate, R), new Rate(usd, "t")));
    return new PriceList(LocalDate.of(2025, 6, 1), "test", "USD", Map.of("t", "test prices"), hourly, units,
        List.of(new SpotSavings("ml.p3.2xlarge", R, 71, ">20%", "t")));
  }

  private static InstancePriceKey od(Service s, String type) {
    return new InstancePriceKey(s, type, R, Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND);
  }

  @ParameterizedTest(name = "ASG {0} x {1} = {2}")
  @CsvSource({
    "c6i.8xlarge, 20, 19856.0",  // 20 x 1.36 x 730
    "c6i.8xlarge, 0, 0",
    "c6i.4xlarge, 15, 7446.0",   // 15 x 0.68 x 730
  })
  void asgCountsDesiredCapacity(String type, int desired, double monthly) {
    assertThat(MODEL.asgMonthly(type, R, desired)).isCloseTo(monthly, offset(1e-6));
  }

  @Test
  void asgDownsizeSavings() {
    Savings s = Savings.of(MODEL.asgMonthly("c6i.8xlarge", R, 20), MODEL.asgMonthly("c6i.4xlarge", R, 15));
    assertThat(s.monthly()).isCloseTo(12410.0, offset(1e-6));
    assertThat(s.annual()).isCloseTo(148920.0, offset(1e-6));
    assertThat(s.fraction()).isCloseTo(12410.0 / 19856.0, offset(1e-12));
  }

  @ParameterizedTest(name = "Aurora writer + {0} readers = {1}")
  @CsvSource({
    "4, 15158.45",  // 5 x 4.153 x 730
    "0, 3031.69",   // writer only
  })
  void auroraCountsWriterAndReaders(int readers, double monthly) {
    assertThat(MODEL.auroraMonthly(Service.AURORA_POSTGRESQL, "db.r6g.8xlarge", R, readers)).isCloseTo(monthly, offset(1e-6));
  }

  @Test
  void auroraRejectsANonAuroraEngine() {
    assertThatThrownBy(() -> MODEL.auroraMonthly(Service.RDS_POSTGRESQL, "db.r6g.2xlarge", R, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "RDS {0} + {1} replicas = {2}")
  @CsvSource({
    "MULTI_AZ, 1, 1968.81",  // (1.798 + 0.899) x 730
    "SINGLE_AZ, 0, 656.27",  // 0.899 x 730
  })
  void rdsCountsDeploymentAndReplicas(Deployment deployment, int replicas, double monthly) {
    assertThat(MODEL.rdsPostgresMonthly("db.r6g.2xlarge", R, deployment, replicas)).isCloseTo(monthly, offset(1e-6));
  }

  @Test
  void reservedOptionsBesideOnDemand() {
    assertThat(MODEL.monthlyByPurchaseOption(Service.RDS_POSTGRESQL, "db.r6g.2xlarge", R, Deployment.MULTI_AZ, 2))
        .containsExactly(
            Map.entry(PurchaseOption.ON_DEMAND, 2 * 1.798 * 730),
            Map.entry(PurchaseOption.RESERVED_1Y_NO_UPFRONT, 2 * 1.2 * 730),
            Map.entry(PurchaseOption.RESERVED_3Y_ALL_UPFRONT, 2 * 0.75 * 730));
    assertThat(MODEL.monthlyByPurchaseOption(Service.EC2, "c6i.4xlarge", R, Deployment.SINGLE_AZ, 1))
        .containsOnlyKeys(PurchaseOption.ON_DEMAND);
  }

  @ParameterizedTest(name = "Redis {0} shards x (1 + {1}) = {2}")
  @CsvSource({
    "15, 2, 204984.0",  // 45 nodes x 6.24 x 730
    "15, 0, 68328.0",   // 15 nodes
    "2, 1, 18220.8",    // 4 nodes
  })
  void redisCountsShardsTimesOnePlusReplicas(int shards, int replicas, double monthly) {
    assertThat(MODEL.redisMonthly("cache.r6gd.8xlarge", R, shards, replicas)).isCloseTo(monthly, offset(1e-6));
  }

  @Test
  void daxAndSageMakerCountNodes() {
    assertThat(MODEL.daxMonthly("dax.r4.8xlarge", R, 6)).isCloseTo(21900.0, offset(1e-6));  // 6 x 5 x 730
    assertThat(MODEL.sageMakerEndpointMonthly("ml.g4dn.xlarge", R, 4)).isCloseTo(2149.12, offset(1e-6));  // 4 x 0.736 x 730
  }

  @Test
  void spotTrainingAppliesTheListedSavings() {
    assertThat(MODEL.sageMakerTrainingMonthly("ml.p3.2xlarge", R, 120)).isCloseTo(459.0, offset(1e-9));  // 120 h x 3.825
    assertThat(MODEL.sageMakerSpotTrainingMonthly("ml.p3.2xlarge", R, 120)).isCloseTo(133.11, offset(1e-9));  // x 0.29
  }

  @ParameterizedTest(name = "DynamoDB provisioned {0} RCU {1} WCU = {2}")
  @CsvSource({
    "1000, 500, 332.15",  // (1000 x 0.00013 + 500 x 0.00065) x 730
    "0, 0, 0",
  })
  void dynamoDbProvisioned(double rcu, double wcu, double monthly) {
    assertThat(MODEL.dynamoDbProvisionedMonthly(R, rcu, wcu)).isCloseTo(monthly, offset(1e-9));
  }

  @ParameterizedTest(name = "DynamoDB on-demand {0} reads/s {1} writes/s = {2}")
  @CsvSource({
    "100, 20, 65.70",  // 262.8 M reads x 0.125 + 52.56 M writes x 0.625 (2,628,000 s a month)
    "0, 1, 1.6425",    // 2.628 M writes x 0.625
  })
  void dynamoDbOnDemandFromConsumedUnits(double reads, double writes, double monthly) {
    assertThat(MODEL.dynamoDbOnDemandMonthly(R, reads, writes)).isCloseTo(monthly, offset(1e-9));
  }

  @Test
  void lowUtilisedProvisionedTableSavesOnOnDemand() {
    // 1000 RCU / 500 WCU provisioned, 100 / 20 consumed (10 % and 4 %): on-demand is cheaper.
    Savings s = Savings.of(MODEL.dynamoDbProvisionedMonthly(R, 1000, 500), MODEL.dynamoDbOnDemandMonthly(R, 100, 20));
    assertThat(s.monthly()).isCloseTo(266.45, offset(1e-9));
    // Fully used, provisioned stays cheaper: moving would cost more (negative savings).
    assertThat(Savings.of(MODEL.dynamoDbProvisionedMonthly(R, 1000, 500),
        MODEL.dynamoDbOnDemandMonthly(R, 1000, 500)).monthly()).isNegative();
  }

  @ParameterizedTest(name = "Lambda {0} invocations x {1} ms x {2} MB, PC {3} = {4}")
  @CsvSource({
    // no PC: 1,468,750 GB-s x 0.00001 + 1 M requests x 0.20
    "1000000, 500, 3008, 0, 14.8875",
    // PC 50 x 2.9375 GB x 2,628,000 s x 0.000004 = 1543.95; all 1,468,750 GB-s at 0.000009 = 13.21875; + 0.20
    "1000000, 500, 3008, 50, 1557.36875",
    // PC 1 x 1 GB: 2,628,000 GB-s capacity x 0.000004 = 10.512, served 2,628,000 x 0.000009 = 23.652,
    // overflow 7,372,000 x 0.00001 = 73.72, 10 M requests = 2.00
    "10000000, 1000, 1024, 1, 109.884",
    "0, 0, 128, 0, 0",
  })
  void lambdaRequestsDurationAndProvisionedConcurrency(
      double invocations, double durationMs, int memoryMb, int provisioned, double monthly) {
    assertThat(MODEL.lambdaMonthly(R, invocations, durationMs, memoryMb, provisioned)).isCloseTo(monthly, offset(1e-6));
  }

  @ParameterizedTest(name = "io2 {0} GB {1} IOPS = {2}")
  @CsvSource({
    "500, 10000, 712.5",    // 62.5 + 10,000 x 0.065
    "500, 32000, 2142.5",   // 62.5 + 32,000 x 0.065
    "500, 40000, 2506.5",   // 62.5 + 2080 + 8,000 x 0.0455
    "0, 70000, 3727.1",     // 2080 + 32,000 x 0.0455 + 6,000 x 0.03185
  })
  void io2IopsAreTiered(double gb, int iops, double monthly) {
    assertThat(MODEL.ebsIo2Monthly(R, gb, iops)).isCloseTo(monthly, offset(1e-6));
  }

  @Test
  void gp3Storage() {
    assertThat(MODEL.ebsGp3Monthly(R, 100)).isCloseTo(8.0, offset(1e-9));
  }

  @ParameterizedTest(name = "RDS gp3 {0} {1} GB {2} IOPS = {3}")
  @CsvSource({
    "MULTI_AZ, 1000, 12000, 230.0",   // at the 12,000 baseline: storage only
    "MULTI_AZ, 1000, 15000, 350.0",   // + 3,000 x 0.04
    "SINGLE_AZ, 399, 3000, 45.885",   // below 400 GiB the baseline is 3,000
    "SINGLE_AZ, 399, 12000, 225.885", // + 9,000 x 0.02
    "SINGLE_AZ, 400, 12000, 46.0",    // from 400 GiB 12,000 are included
  })
  void rdsGp3ChargesIopsAboveTheBaseline(Deployment deployment, double gb, int iops, double monthly) {
    assertThat(MODEL.rdsGp3StorageMonthly(R, deployment, gb, iops)).isCloseTo(monthly, offset(1e-6));
  }

  /** Hand-computed from this list's rates (the bundled us-east-1 ones): gp2 0.115 (Multi-AZ 0.23), io1 0.125 + 0.10/IOPS (Multi-AZ 0.25 + 0.20). */
  @ParameterizedTest(name = "RDS {0} {1} {2} GB {3} IOPS = {4}")
  @CsvSource({
    "gp3, SINGLE_AZ, 1000, 12000, 115.0",
    "gp2, SINGLE_AZ, 500, 0, 57.5",
    "gp2, MULTI_AZ, 500, 0, 115.0",
    "io1, SINGLE_AZ, 200, 3000, 325.0",
    "io1, MULTI_AZ, 200, 3000, 650.0"})
  void rdsStorageByType(String type, Deployment deployment, double gb, int iops, double monthly) {
    assertThat(MODEL.rdsStorageMonthly(R, deployment, type, gb, iops)).isCloseTo(monthly, offset(1e-9));
  }

  @Test
  void anRdsStorageTypeNotInTheListIsUnavailableNeverZero() {
    assertThatThrownBy(() -> MODEL.rdsStorageMonthly(R, Deployment.SINGLE_AZ, "magnetic", 100, 0))
        .isInstanceOf(CostUnavailable.class).hasMessageContaining("'magnetic'");
  }

  @Test
  void auroraStorage() {
    assertThat(MODEL.auroraStorageMonthly(R, 3072)).isCloseTo(307.2, offset(1e-9)); // 3,072 GB x 0.10
  }

  @ParameterizedTest(name = "backup {0} GB, {1} GB free = {2}")
  @CsvSource({"500, 300, 19.0", "300, 300, 0", "200, 300, 0"})
  void backupBeyondTheFreeAllowance(double backupGb, double freeGb, double monthly) {
    assertThat(MODEL.backupMonthly(UnitRate.RDS_BACKUP_GB_MONTH, R, backupGb, freeGb)).isCloseTo(monthly, offset(1e-9));
  }

  @Test
  void auroraGlobalReplication() {
    assertThat(MODEL.auroraGlobalReplicationMonthly(R, 50e6)).isCloseTo(10.0, offset(1e-9));  // 50 M x 0.20 / M
  }

  @Test
  void savingsAddUpAndCanBeNegative() {
    Savings a = Savings.of(100, 60);
    Savings b = Savings.of(10, 25);
    assertThat(a.monthly()).isEqualTo(40);
    assertThat(a.annual()).isEqualTo(480);
    assertThat(b.monthly()).isEqualTo(-15);
    assertThat(a.plus(b)).isEqualTo(Savings.of(110, 85));
    assertThat(Savings.of(0, 0).fraction()).isZero();
  }

  @Test
  void missingPriceIsAnErrorNotZero() {
    assertThatThrownBy(() -> MODEL.asgMonthly("m5.4xlarge", "ap-southeast-7", 15)).isInstanceOf(MissingPriceException.class)
        .hasMessageContaining("ec2 m5.4xlarge on-demand in ap-southeast-7");
  }

  @Test
  void negativeCountsAreRejected() {
    assertThatThrownBy(() -> MODEL.redisMonthly("cache.r6gd.8xlarge", R, 2, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicasPerShard");
  }
}
