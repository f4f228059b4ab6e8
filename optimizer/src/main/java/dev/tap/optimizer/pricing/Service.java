package dev.tap.optimizer.pricing;

import java.util.Arrays;
import java.util.Optional;

/** A priced per-hour service (instances, nodes), with its AWS Price List service code. */
public enum Service {
  EC2("ec2", "AmazonEC2"),
  RDS_POSTGRESQL("rds-postgresql", "AmazonRDS"),
  AURORA_POSTGRESQL("aurora-postgresql", "AmazonRDS"),
  AURORA_MYSQL("aurora-mysql", "AmazonRDS"),
  ELASTICACHE_REDIS("elasticache-redis", "AmazonElastiCache"),
  DAX("dax", "AmazonDAX"),
  SAGEMAKER_HOSTING("sagemaker-hosting", "AmazonSageMaker"),
  SAGEMAKER_TRAINING("sagemaker-training", "AmazonSageMaker");

  /** Name used in the price-list file and in messages. */
  public final String id;
  /** Service code of the AWS Price List API. */
  public final String serviceCode;

  Service(String id, String serviceCode) {
    this.id = id;
    this.serviceCode = serviceCode;
  }

  public static Optional<Service> byId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }
}
