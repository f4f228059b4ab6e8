package dev.tap.optimizer.pricing;

/**
 * Monthly cost of a configuration at list prices (USD, 730 h a month): the arithmetic the rules
 * use to state savings. Pure functions over one {@link PriceBook}; a price the book lacks is an
 * error, never zero.
 */
public final class CostModel {
  static final double SECONDS_PER_MONTH = PriceBook.HOURS_PER_MONTH * 3600;
  /** RDS gp3 includes 3,000 IOPS below 400 GiB and 12,000 from 400 GiB (non-Oracle/SQL Server engines). */
  static final int RDS_GP3_LARGE_VOLUME_GIB = 400;
  static final int RDS_GP3_BASELINE_IOPS_SMALL = 3_000;
  static final int RDS_GP3_BASELINE_IOPS_LARGE = 12_000;
  /** io2 IOPS tiers per volume: the first 32,000, the next 32,000, then the rest. */
  static final int IO2_TIER_IOPS = 32_000;

  private final PriceBook book;

  public CostModel(PriceBook book) {
    this.book = book;
  }

  public PriceBook book() {
    return book;
  }

  /** {@code count} instances or nodes of one type, all bought the same way. */
  public double instancesMonthly(InstancePriceKey key, int count) {
    requireCount(count, "count");
    return count * PriceBook.monthly(book.hourly(key).usd());
  }

  /**
   * O5: the monthly cost of {@code count} instances under every purchase option the list holds for
   * them, on-demand first; reserved options AWS does not sell for the type are absent.
   */
  public java.util.Map<PurchaseOption, Double> monthlyByPurchaseOption(
      Service service, String type, String region, Deployment deployment, int count) {
    requireCount(count, "count");
    java.util.Map<PurchaseOption, Double> costs = new java.util.EnumMap<>(PurchaseOption.class);
    costs.put(PurchaseOption.ON_DEMAND,
        instancesMonthly(new InstancePriceKey(service, type, region, deployment, PurchaseOption.ON_DEMAND), count));
    for (PurchaseOption option : PurchaseOption.values()) {
      book.find(new InstancePriceKey(service, type, region, deployment, option))
          .ifPresent(rate -> costs.put(option, count * PriceBook.monthly(rate.usd())));
    }
    return costs;
  }

  private double onDemand(Service service, String type, String region, int count) {
    return instancesMonthly(new InstancePriceKey(service, type, region, Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND), count);
  }

  /** An Auto Scaling group running its desired capacity of on-demand instances. */
  public double asgMonthly(String instanceType, String region, int desiredCapacity) {
    return onDemand(Service.EC2, instanceType, region, desiredCapacity);
  }

  /** An Aurora cluster: one writer and {@code readers} readers of the same class. */
  public double auroraMonthly(Service engine, String instanceClass, String region, int readers) {
    if (engine != Service.AURORA_POSTGRESQL && engine != Service.AURORA_MYSQL) {
      throw new IllegalArgumentException("not an Aurora engine: " + engine);
    }
    requireCount(readers, "readers");
    return onDemand(engine, instanceClass, region, 1 + readers);
  }

  /** An RDS PostgreSQL instance (single- or Multi-AZ) with {@code readReplicas} single-AZ replicas. */
  public double rdsPostgresMonthly(String instanceClass, String region, Deployment deployment, int readReplicas) {
    requireCount(readReplicas, "readReplicas");
    return instancesMonthly(new InstancePriceKey(Service.RDS_POSTGRESQL, instanceClass, region, deployment, PurchaseOption.ON_DEMAND), 1)
        + onDemand(Service.RDS_POSTGRESQL, instanceClass, region, readReplicas);
  }

  /** A Redis cluster-mode replication group: every shard has a primary and its replicas. */
  public double redisMonthly(String nodeType, String region, int shards, int replicasPerShard) {
    requireCount(shards, "shards");
    requireCount(replicasPerShard, "replicasPerShard");
    return onDemand(Service.ELASTICACHE_REDIS, nodeType, region, shards * (1 + replicasPerShard));
  }

  public double daxMonthly(String nodeType, String region, int nodes) {
    return onDemand(Service.DAX, nodeType, region, nodes);
  }

  public double sageMakerEndpointMonthly(String instanceType, String region, int instances) {
    return onDemand(Service.SAGEMAKER_HOSTING, instanceType, region, instances);
  }

  /** Training hours a month on on-demand instances. */
  public double sageMakerTrainingMonthly(String instanceType, String region, double instanceHoursPerMonth) {
    requireNonNegative(instanceHoursPerMonth, "instanceHoursPerMonth");
    return instanceHoursPerMonth * book.onDemandHourly(Service.SAGEMAKER_TRAINING, instanceType, region);
  }

  /** The same training hours on managed spot, at the list's spot savings for the type and region. */
  public double sageMakerSpotTrainingMonthly(String instanceType, String region, double instanceHoursPerMonth) {
    return book.spotTrainingSavings(instanceType, region)
        .discounted(sageMakerTrainingMonthly(instanceType, region, instanceHoursPerMonth));
  }

  /** A DynamoDB table (or index) with provisioned read and write capacity units, held all month. */
  public double dynamoDbProvisionedMonthly(String region, double readCapacityUnits, double writeCapacityUnits) {
    requireNonNegative(readCapacityUnits, "readCapacityUnits");
    requireNonNegative(writeCapacityUnits, "writeCapacityUnits");
    return PriceBook.monthly(readCapacityUnits * book.unitUsd(UnitRate.DYNAMODB_RCU_HOUR, region)
        + writeCapacityUnits * book.unitUsd(UnitRate.DYNAMODB_WCU_HOUR, region));
  }

  /**
   * The same traffic on on-demand billing, from the capacity units it consumes on average per second
   * (CloudWatch ConsumedRead/WriteCapacityUnits Sum / period): a consumed unit is one request unit.
   */
  public double dynamoDbOnDemandMonthly(String region, double avgConsumedReadUnitsPerSecond, double avgConsumedWriteUnitsPerSecond) {
    requireNonNegative(avgConsumedReadUnitsPerSecond, "avgConsumedReadUnitsPerSecond");
    requireNonNegative(avgConsumedWriteUnitsPerSecond, "avgConsumedWriteUnitsPerSecond");
    double readsMillions = avgConsumedReadUnitsPerSecond * SECONDS_PER_MONTH / 1e6;
    double writesMillions = avgConsumedWriteUnitsPerSecond * SECONDS_PER_MONTH / 1e6;
    return readsMillions * book.unitUsd(UnitRate.DYNAMODB_READ_REQUEST_MILLION, region)
        + writesMillions * book.unitUsd(UnitRate.DYNAMODB_WRITE_REQUEST_MILLION, region);
  }

  /**
   * A Lambda function (x86): requests, duration, and provisioned concurrency. Invocation time up to
   * the provisioned capacity is billed at the provisioned duration rate, the overflow at the
   * standard rate, as AWS bills spill-over; the provisioned capacity itself is billed all month.
   */
  public double lambdaMonthly(
      String region, double invocationsPerMonth, double avgDurationMs, int memoryMb, int provisionedConcurrency) {
    return lambdaMonthly(region, invocationsPerMonth, avgDurationMs, memoryMb, provisionedConcurrency, rate -> book.unitUsd(rate, region));
  }

  /** The GB-second rates Compute Savings Plans discount; requests are billed on-demand under every plan. */
  static final java.util.List<UnitRate> LAMBDA_SAVINGS_PLAN_RATES =
      java.util.List.of(UnitRate.LAMBDA_GB_SECOND, UnitRate.LAMBDA_PROVISIONED_GB_SECOND, UnitRate.LAMBDA_PROVISIONED_DURATION_GB_SECOND);

  /**
   * O5 for a Lambda function: its monthly cost on-demand and under every Compute Savings Plans option
   * for which the list holds all three GB-second rates (duration, provisioned concurrency, provisioned
   * duration); an option with any of them missing is absent, never priced in part.
   */
  public java.util.Map<PurchaseOption, Double> lambdaMonthlyByPurchaseOption(
      String region, double invocationsPerMonth, double avgDurationMs, int memoryMb, int provisionedConcurrency) {
    java.util.Map<PurchaseOption, Double> costs = new java.util.EnumMap<>(PurchaseOption.class);
    costs.put(PurchaseOption.ON_DEMAND, lambdaMonthly(region, invocationsPerMonth, avgDurationMs, memoryMb, provisionedConcurrency));
    for (PurchaseOption option : PurchaseOption.values()) {
      if (!option.savingsPlan) continue;
      java.util.Map<UnitRate, Double> discounted = new java.util.EnumMap<>(UnitRate.class);
      LAMBDA_SAVINGS_PLAN_RATES.forEach(rate -> book.findUnit(rate, region, option).ifPresent(r -> discounted.put(rate, r.usd())));
      if (discounted.size() == LAMBDA_SAVINGS_PLAN_RATES.size()) {
        costs.put(option, lambdaMonthly(region, invocationsPerMonth, avgDurationMs, memoryMb, provisionedConcurrency,
            rate -> discounted.containsKey(rate) ? discounted.get(rate) : book.unitUsd(rate, region)));
      }
    }
    return costs;
  }

  private double lambdaMonthly(String region, double invocationsPerMonth, double avgDurationMs, int memoryMb, int provisionedConcurrency,
      java.util.function.ToDoubleFunction<UnitRate> usd) {
    requireNonNegative(invocationsPerMonth, "invocationsPerMonth");
    requireNonNegative(avgDurationMs, "avgDurationMs");
    requireCount(memoryMb, "memoryMb");
    requireCount(provisionedConcurrency, "provisionedConcurrency");
    double memoryGb = memoryMb / 1024.0;
    double demandGbSeconds = invocationsPerMonth * avgDurationMs / 1000.0 * memoryGb;
    double provisionedGbSeconds = provisionedConcurrency * memoryGb * SECONDS_PER_MONTH;
    double servedByProvisioned = Math.min(demandGbSeconds, provisionedGbSeconds);
    return invocationsPerMonth / 1e6 * usd.applyAsDouble(UnitRate.LAMBDA_REQUEST_MILLION)
        + provisionedGbSeconds * usd.applyAsDouble(UnitRate.LAMBDA_PROVISIONED_GB_SECOND)
        + servedByProvisioned * usd.applyAsDouble(UnitRate.LAMBDA_PROVISIONED_DURATION_GB_SECOND)
        + (demandGbSeconds - servedByProvisioned) * usd.applyAsDouble(UnitRate.LAMBDA_GB_SECOND);
  }

  /** An io2 EBS volume: storage plus provisioned IOPS at the tiered rates. */
  public double ebsIo2Monthly(String region, double sizeGb, int provisionedIops) {
    requireNonNegative(sizeGb, "sizeGb");
    requireCount(provisionedIops, "provisionedIops");
    int tier1 = Math.min(provisionedIops, IO2_TIER_IOPS);
    int tier2 = Math.min(provisionedIops - tier1, IO2_TIER_IOPS);
    int tier3 = provisionedIops - tier1 - tier2;
    return sizeGb * book.unitUsd(UnitRate.EBS_IO2_GB_MONTH, region)
        + tier1 * book.unitUsd(UnitRate.EBS_IO2_IOPS_MONTH_TIER1, region)
        + tier2 * book.unitUsd(UnitRate.EBS_IO2_IOPS_MONTH_TIER2, region)
        + tier3 * book.unitUsd(UnitRate.EBS_IO2_IOPS_MONTH_TIER3, region);
  }

  public double ebsGp3Monthly(String region, double sizeGb) {
    requireNonNegative(sizeGb, "sizeGb");
    return sizeGb * book.unitUsd(UnitRate.EBS_GP3_GB_MONTH, region);
  }

  /** RDS gp3 storage of one instance: GiB-months plus the IOPS provisioned above the baseline. */
  public double rdsGp3StorageMonthly(String region, Deployment deployment, double sizeGb, int provisionedIops) {
    requireNonNegative(sizeGb, "sizeGb");
    requireCount(provisionedIops, "provisionedIops");
    boolean multiAz = deployment == Deployment.MULTI_AZ;
    int baseline = sizeGb >= RDS_GP3_LARGE_VOLUME_GIB ? RDS_GP3_BASELINE_IOPS_LARGE : RDS_GP3_BASELINE_IOPS_SMALL;
    int extraIops = Math.max(0, provisionedIops - baseline);
    return sizeGb * book.unitUsd(multiAz ? UnitRate.RDS_GP3_GB_MONTH_MULTI_AZ : UnitRate.RDS_GP3_GB_MONTH, region)
        + extraIops * book.unitUsd(multiAz ? UnitRate.RDS_GP3_IOPS_MONTH_MULTI_AZ : UnitRate.RDS_GP3_IOPS_MONTH, region);
  }

  /**
   * RDS storage of one instance by storage type: gp3 (IOPS above the baseline billed), gp2 (GB only),
   * io1 (GB and every provisioned IOPS). Any other type is not in the price list: an error naming
   * it, never zero.
   */
  public double rdsStorageMonthly(String region, Deployment deployment, String storageType, double sizeGb, int provisionedIops) {
    requireNonNegative(sizeGb, "sizeGb");
    requireCount(provisionedIops, "provisionedIops");
    boolean multiAz = deployment == Deployment.MULTI_AZ;
    return switch (storageType) {
      case "gp3" -> rdsGp3StorageMonthly(region, deployment, sizeGb, provisionedIops);
      case "gp2" -> sizeGb * book.unitUsd(multiAz ? UnitRate.RDS_GP2_GB_MONTH_MULTI_AZ : UnitRate.RDS_GP2_GB_MONTH, region);
      case "io1" -> sizeGb * book.unitUsd(multiAz ? UnitRate.RDS_IO1_GB_MONTH_MULTI_AZ : UnitRate.RDS_IO1_GB_MONTH, region)
          + provisionedIops * book.unitUsd(multiAz ? UnitRate.RDS_IO1_IOPS_MONTH_MULTI_AZ : UnitRate.RDS_IO1_IOPS_MONTH, region);
      default -> throw new CostUnavailable("RDS storage type '" + storageType + "' is not priced (gp3, gp2 and io1 are)");
    };
  }

  /** Aurora Standard cluster storage: the volume's GB-months (one copy per region of a global database). */
  public double auroraStorageMonthly(String region, double sizeGb) {
    requireNonNegative(sizeGb, "sizeGb");
    return sizeGb * book.unitUsd(UnitRate.AURORA_STORAGE_GB_MONTH, region);
  }

  /**
   * Backup storage billed beyond the free allowance (equal to the storage provisioned), e.g. from a
   * longer retention: {@code backupGb} is the total backup storage, {@code freeGb} the allowance.
   */
  public double backupMonthly(UnitRate backupRate, String region, double backupGb, double freeGb) {
    if (backupRate != UnitRate.RDS_BACKUP_GB_MONTH && backupRate != UnitRate.AURORA_BACKUP_GB_MONTH) {
      throw new IllegalArgumentException("not a backup rate: " + backupRate);
    }
    requireNonNegative(backupGb, "backupGb");
    requireNonNegative(freeGb, "freeGb");
    return Math.max(0, backupGb - freeGb) * book.unitUsd(backupRate, region);
  }

  /** Write I/O replicated to one Aurora Global Database secondary region. */
  public double auroraGlobalReplicationMonthly(String primaryRegion, double writeIosPerMonth) {
    requireNonNegative(writeIosPerMonth, "writeIosPerMonth");
    return writeIosPerMonth / 1e6 * book.unitUsd(UnitRate.AURORA_GLOBAL_REPLICATED_WRITE_IO_MILLION, primaryRegion);
  }

  private static void requireCount(int n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + n);
    }
  }

  private static void requireNonNegative(double v, String name) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite non-negative number: " + v);
    }
  }
}
