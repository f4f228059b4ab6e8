package dev.tap.optimizer.pricing;

import java.util.Arrays;
import java.util.Optional;

/**
 * A per-unit price (storage, I/O, requests, capacity units, compute seconds), with how to find it
 * in the AWS Price List: the service code and the usage type without its region prefix ("USW2-",
 * "EU-", none in some us-east-1 offers), and the factor from the API's unit to ours (the API prices
 * requests one by one; we store per million).
 *
 * <p>Where AWS tiers a price by monthly volume, the list holds the first paid tier; io2 IOPS tiers
 * are separate usage types and listed separately. Free-tier allowances are not deducted.
 */
public enum UnitRate {
  EBS_GP3_GB_MONTH("ebs.gp3.gb-month", "GB-month", "AmazonEC2", "EBS:VolumeUsage.gp3", 1),
  EBS_IO2_GB_MONTH("ebs.io2.gb-month", "GB-month", "AmazonEC2", "EBS:VolumeUsage.io2", 1),
  /** io2 provisioned IOPS 0 to 32,000 per volume. */
  EBS_IO2_IOPS_MONTH_TIER1("ebs.io2.iops-month.tier1", "IOPS-month", "AmazonEC2", "EBS:VolumeP-IOPS.io2", 1),
  /** io2 provisioned IOPS 32,001 to 64,000 per volume. */
  EBS_IO2_IOPS_MONTH_TIER2("ebs.io2.iops-month.tier2", "IOPS-month", "AmazonEC2", "EBS:VolumeP-IOPS.io2.tier2", 1),
  /** io2 provisioned IOPS above 64,000 per volume. */
  EBS_IO2_IOPS_MONTH_TIER3("ebs.io2.iops-month.tier3", "IOPS-month", "AmazonEC2", "EBS:VolumeP-IOPS.io2.tier3", 1),
  EBS_GP2_GB_MONTH("ebs.gp2.gb-month", "GB-month", "AmazonEC2", "EBS:VolumeUsage.gp2", 1),
  /** gp3 IOPS provisioned above the free 3,000. */
  EBS_GP3_IOPS_MONTH("ebs.gp3.iops-month", "IOPS-month", "AmazonEC2", "EBS:VolumeP-IOPS.gp3", 1),
  /** gp3 throughput provisioned above the free 125 MiB/s, per MiB/s (the pricing page's unit). */
  EBS_GP3_THROUGHPUT_MIBPS_MONTH("ebs.gp3.throughput-mibps-month", "MiB/s-month", "AmazonEC2", "EBS:VolumeP-Throughput.gp3", 1),
  EBS_IO1_GB_MONTH("ebs.io1.gb-month", "GB-month", "AmazonEC2", "EBS:VolumeUsage.piops", 1),
  EBS_IO1_IOPS_MONTH("ebs.io1.iops-month", "IOPS-month", "AmazonEC2", "EBS:VolumeP-IOPS.piops", 1),

  RDS_GP3_GB_MONTH("rds.gp3.gb-month", "GB-month", "AmazonRDS", "RDS:GP3-Storage", 1),
  RDS_GP3_GB_MONTH_MULTI_AZ("rds.gp3.gb-month.multi-az", "GB-month", "AmazonRDS", "RDS:Multi-AZ-GP3-Storage", 1),
  /** gp3 IOPS provisioned above the baseline (3,000, or 12,000 at 400 GiB and more). */
  RDS_GP3_IOPS_MONTH("rds.gp3.iops-month", "IOPS-month", "AmazonRDS", "RDS:GP3-PIOPS", 1),
  RDS_GP3_IOPS_MONTH_MULTI_AZ("rds.gp3.iops-month.multi-az", "IOPS-month", "AmazonRDS", "RDS:Multi-AZ-GP3-PIOPS", 1),
  RDS_GP2_GB_MONTH("rds.gp2.gb-month", "GB-month", "AmazonRDS", "RDS:GP2-Storage", 1),
  RDS_GP2_GB_MONTH_MULTI_AZ("rds.gp2.gb-month.multi-az", "GB-month", "AmazonRDS", "RDS:Multi-AZ-GP2-Storage", 1),
  /** Provisioned IOPS (io1) storage and its IOPS, all of them billed (no baseline). */
  RDS_IO1_GB_MONTH("rds.io1.gb-month", "GB-month", "AmazonRDS", "RDS:PIOPS-Storage", 1),
  RDS_IO1_GB_MONTH_MULTI_AZ("rds.io1.gb-month.multi-az", "GB-month", "AmazonRDS", "RDS:Multi-AZ-PIOPS-Storage", 1),
  RDS_IO1_IOPS_MONTH("rds.io1.iops-month", "IOPS-month", "AmazonRDS", "RDS:PIOPS", 1),
  RDS_IO1_IOPS_MONTH_MULTI_AZ("rds.io1.iops-month.multi-az", "IOPS-month", "AmazonRDS", "RDS:Multi-AZ-PIOPS", 1),
  /** Backup storage beyond the free allowance (100 % of provisioned storage). */
  RDS_BACKUP_GB_MONTH("rds.backup.gb-month", "GB-month", "AmazonRDS", "RDS:ChargedBackupUsage", 1),

  /** Aurora Standard cluster storage (the same rate for the PostgreSQL and MySQL editions). */
  AURORA_STORAGE_GB_MONTH("aurora.storage.gb-month", "GB-month", "AmazonRDS", "Aurora:StorageUsage", 1),
  AURORA_IO_MILLION("aurora.io.million", "million I/O requests", "AmazonRDS", "Aurora:StorageIOUsage", 1e6),
  /** Backup storage beyond the free allowance (the cluster volume's size, and the retention period). */
  AURORA_BACKUP_GB_MONTH("aurora.backup.gb-month", "GB-month", "AmazonRDS", "Aurora:BackupUsage", 1),
  /** Write I/O replicated to each secondary region of a Global Database (billed in the primary). */
  AURORA_GLOBAL_REPLICATED_WRITE_IO_MILLION(
      "aurora.global.replicated-write-io.million", "million replicated write I/Os", "AmazonRDS", "Aurora:ReplicatedWriteIO", 1e6),

  DYNAMODB_RCU_HOUR("dynamodb.provisioned.rcu-hour", "RCU-hour", "AmazonDynamoDB", "ReadCapacityUnit-Hrs", 1),
  DYNAMODB_WCU_HOUR("dynamodb.provisioned.wcu-hour", "WCU-hour", "AmazonDynamoDB", "WriteCapacityUnit-Hrs", 1),
  DYNAMODB_READ_REQUEST_MILLION(
      "dynamodb.on-demand.read.million", "million read request units", "AmazonDynamoDB", "ReadRequestUnits", 1e6),
  DYNAMODB_WRITE_REQUEST_MILLION(
      "dynamodb.on-demand.write.million", "million write request units", "AmazonDynamoDB", "WriteRequestUnits", 1e6),
  DYNAMODB_STORAGE_GB_MONTH("dynamodb.storage.gb-month", "GB-month", "AmazonDynamoDB", "TimedStorage-ByteHrs", 1),
  DYNAMODB_PITR_GB_MONTH("dynamodb.pitr.gb-month", "GB-month", "AmazonDynamoDB", "TimedPITRStorage-ByteHrs", 1),
  DYNAMODB_STREAMS_READ_MILLION(
      "dynamodb.streams.read.million", "million stream read request units", "AmazonDynamoDB", "Streams-RequestsCount", 1e6),

  /** x86 duration, first tier (the first 6 billion GB-seconds a month). */
  LAMBDA_GB_SECOND("lambda.duration.gb-second", "GB-second", "AWSLambda", "Lambda-GB-Second", 1),
  LAMBDA_REQUEST_MILLION("lambda.requests.million", "million requests", "AWSLambda", "Request", 1e6),
  /** Provisioned concurrency, charged for the configured memory whether invoked or not. */
  LAMBDA_PROVISIONED_GB_SECOND(
      "lambda.provisioned.gb-second", "GB-second", "AWSLambda", "Lambda-Provisioned-Concurrency", 1),
  /** Duration of invocations served by provisioned concurrency. */
  LAMBDA_PROVISIONED_DURATION_GB_SECOND(
      "lambda.provisioned.duration.gb-second", "GB-second", "AWSLambda", "Lambda-Provisioned-GB-Second", 1);

  public final String id;
  public final String unit;
  public final String serviceCode;
  /** Usage type without its region prefix. */
  public final String usageType;
  /** Our unit in the API's units (e.g. 1e6 requests per "million requests"). */
  public final double apiUnitsPerUnit;

  UnitRate(String id, String unit, String serviceCode, String usageType, double apiUnitsPerUnit) {
    this.id = id;
    this.unit = unit;
    this.serviceCode = serviceCode;
    this.usageType = usageType;
    this.apiUnitsPerUnit = apiUnitsPerUnit;
  }

  public static Optional<UnitRate> byId(String id) {
    return Arrays.stream(values()).filter(u -> u.id.equals(id)).findFirst();
  }
}
