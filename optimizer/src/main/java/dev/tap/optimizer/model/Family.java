package dev.tap.optimizer.model;

/** The resource families TAP inventories and right-sizes; each has its own package of rules. */
public enum Family {
  AURORA("Aurora", "AWS/RDS"),
  RDS("RDS", "AWS/RDS"),
  ASG("EC2/ASG", "AWS/EC2"),
  REDIS("Redis", "AWS/ElastiCache"),
  DYNAMODB("DynamoDB", "AWS/DynamoDB"),
  DAX("DAX", "AWS/DAX"),
  LAMBDA("Lambda", "AWS/Lambda"),
  ALB("ALB", "AWS/ApplicationELB"),
  NLB("NLB", "AWS/NetworkELB"),
  SAGEMAKER("ML", "AWS/SageMaker");

  /** Name used in reports ("savings by component"). */
  public final String label;
  /** CloudWatch namespace of the family's main metrics. */
  public final String namespace;

  Family(String label, String namespace) {
    this.label = label;
    this.namespace = namespace;
  }
}
