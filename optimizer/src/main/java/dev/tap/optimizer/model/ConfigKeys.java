package dev.tap.optimizer.model;


/**
 * The configuration vocabulary of {@link Resource#config()}, shared by inventories (AWS and
 * simulated), rules, plans and actions. Counts are whole numbers, sizes in the unit named.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  // Aurora (cluster) and RDS (instance)
  public static final String ENGINE = "engine"; // aurora-postgresql, aurora-mysql, postgres
  public static final String INSTANCE_CLASS = "instanceClass"; // writer / primary class, db.r6g.8xlarge
  public static final String READERS = "readers"; // Aurora readers, or RDS read replicas
  public static final String READER_CLASS = "readerClass";
  public static final String BACKUP_RETENTION_DAYS = "backupRetentionDays";
  public static final String MULTI_AZ = "multiAz"; // true/false
  public static final String GLOBAL_CLUSTER_ID = "globalClusterId";
  public static final String SECONDARY_REGIONS = "secondaryRegions"; // comma-separated, may be empty
  public static final String SECONDARY_CLUSTERS = "secondaryClusters"; // region=clusterId, comma-separated, sorted by region
  public static final String MEMBER_IDS = "memberIds"; // comma-separated instance or replica ids
  public static final String STORAGE_TYPE = "storageType";
  public static final String ALLOCATED_STORAGE_GB = "allocatedStorageGb";
  public static final String IOPS = "iops";

  // EC2 Auto Scaling
  public static final String INSTANCE_TYPE = "instanceType";
  public static final String MIN = "min";
  public static final String DESIRED = "desired";
  public static final String MAX = "max";
  public static final String LAUNCH_TEMPLATE_ID = "launchTemplateId";
  /**
   * An Auto Scaling group's load-balancer target groups as CloudWatch names them, comma-separated:
   * {@code targetgroup/NAME/ID@app/LB/ID} (or {@code net/...}), the TargetGroup and LoadBalancer dimensions of UnHealthyHostCount.
   */
  public static final String TARGET_GROUPS = "targetGroups";

  // Standalone EC2 instances (also uses INSTANCE_TYPE)
  public static final String ARCHITECTURE = "architecture"; // x86_64 or arm64
  public static final String PLATFORM = "platform"; // linux or windows

  // ElastiCache Redis, DAX
  public static final String NODE_TYPE = "nodeType";
  public static final String SHARDS = "shards";
  public static final String REPLICAS_PER_SHARD = "replicasPerShard";
  public static final String DATA_TIERING = "dataTiering";
  public static final String NODES = "nodes";

  // DynamoDB
  public static final String BILLING_MODE = "billingMode"; // PROVISIONED or PAY_PER_REQUEST
  public static final String READ_CAPACITY = "readCapacityUnits";
  public static final String WRITE_CAPACITY = "writeCapacityUnits";
  public static final String GSIS = "gsis"; // comma-separated index names
  public static final String GSI_CAPACITY = "gsiCapacity"; // provisioned tables: index=RCU/WCU, comma-separated, sorted by index
  public static final String STREAM_ENABLED = "streamEnabled";
  public static final String STREAM_VIEW_TYPE = "streamViewType";
  public static final String STREAM_ARN = "streamArn";
  public static final String STREAM_CONSUMERS = "streamConsumers"; // Lambda event source mappings, count

  // Lambda
  public static final String MEMORY_MB = "memoryMb";
  public static final String TIMEOUT_S = "timeoutSeconds";
  public static final String RESERVED_CONCURRENCY = "reservedConcurrency";
  public static final String PROVISIONED_CONCURRENCY = "provisionedConcurrency";

  // Load balancers: the CloudWatch dimension value (app/name/id or net/name/id)
  public static final String LB_FULL_NAME = "fullName";
}
