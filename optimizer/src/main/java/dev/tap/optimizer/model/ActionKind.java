package dev.tap.optimizer.model;

import dev.tap.optimizer.model.Family;

/** What an action changes; each kind has an exact inverse that the executor applies on rollback. */
public enum ActionKind {
  DB_INSTANCE_CLASS(Family.AURORA),
  DB_REMOVE_READER(Family.AURORA),
  DB_BACKUP_RETENTION(Family.AURORA),
  DB_REMOVE_SECONDARY_REGION(Family.AURORA),
  RDS_INSTANCE_CLASS_BLUE_GREEN(Family.RDS),
  ASG_INSTANCE_TYPE(Family.ASG),
  ASG_CAPACITY(Family.ASG),
  REDIS_NODE_TYPE(Family.REDIS),
  REDIS_SHARDS(Family.REDIS),
  REDIS_REPLICAS(Family.REDIS),
  DYNAMODB_BILLING_MODE(Family.DYNAMODB),
  DYNAMODB_DELETE_GSI(Family.DYNAMODB),
  DYNAMODB_DISABLE_STREAM(Family.DYNAMODB),
  DAX_NODES(Family.DAX),
  LAMBDA_MEMORY(Family.LAMBDA),
  LAMBDA_CONCURRENCY(Family.LAMBDA),
  SAGEMAKER_ENDPOINT(Family.SAGEMAKER),
  SAGEMAKER_TRAINING_SPOT(Family.SAGEMAKER);

  public final Family family;

  ActionKind(Family family) {
    this.family = family;
  }
}
