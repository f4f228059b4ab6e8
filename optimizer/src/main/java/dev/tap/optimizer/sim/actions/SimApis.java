package dev.tap.optimizer.sim.actions;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.MaintenanceWindow;
import dev.tap.optimizer.exec.PendingChanges;
import dev.tap.optimizer.family.asg.AsgApi;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraApi;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxApi;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.dynamodb.IndexCapacities;
import dev.tap.optimizer.family.lambda.LambdaApi;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.rds.RdsActions;
import dev.tap.optimizer.family.rds.RdsApi;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisApi;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.family.redis.RedisNodeMemory;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.sim.SimAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every family's action port on the simulated account. Each verb changes exactly the configuration
 * keys its action governs through {@link SimAccount#reconfigure}, effective from the virtual
 * clock's current minute, so the metrics that follow reflect the new capacity.
 *
 * <p>Databases have AWS's weekly maintenance window ({@link #MAINTENANCE_WINDOW}, reported as
 * {@code preferredMaintenanceWindow}): a class change without "apply immediately" stays pending
 * (reported as {@code pendingModifiedValues}, the class unchanged) until the window's next start,
 * and takes effect at the first look at the resource from then on (the executor looks exactly at
 * the window's start); an immediate modification also makes whatever was pending, its own values
 * replacing pending ones (which is how a pending change is cancelled). A blue/green switch takes no
 * virtual time; its deployment keeps the old instance (reported as {@code blueGreenDeployments})
 * until {@link #deleteBlueGreen}.
 */
public final class SimApis implements AuroraApi, RdsApi, AsgApi, RedisApi, DynamoDbApi, LambdaApi, DaxApi {

  private static final List<String> NODE_SIZES = List.of("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge");

  private final SimAccount account;
  /** The simulated tables' index definitions (the fleet lists index names only); kept when an index is deleted. */
  private final Map<String, Map<String, IndexDefinition>> indexes = new HashMap<>();
  private int deployments;
  private int refreshes;

  /** Every simulated Aurora cluster and RDS instance has this weekly window (UTC), as AWS's PreferredMaintenanceWindow. */
  public static final String MAINTENANCE_WINDOW = "sun:05:00-sun:05:30";

  private record Pending(Map<String, String> values, Instant due) {}

  /** Changes waiting for the maintenance window, per resource. */
  private final Map<String, Pending> pending = new HashMap<>();
  /** Switched-over blue/green deployments whose old instance is kept: id -> instance. */
  private final Map<String, String> keptDeployments = new LinkedHashMap<>();
  private int deletedDeployments;

  public SimApis(SimAccount account) {
    this.account = account;
  }

  private Resource get(String id, Family family) {
    if (family == AuroraFamily.AURORA || family == RdsFamily.RDS) applyDue(id);
    Resource r;
    try {
      r = account.resource(id);
    } catch (IllegalArgumentException e) {
      throw new ActionFailedException(e.getMessage());
    }
    if (r.family() != family) throw new ActionFailedException(id + " is a " + r.family().label() + " resource, not " + family.label());
    return r;
  }

  private void set(String id, Object... kv) {
    Map<String, String> changes = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) changes.put((String) kv[i], String.valueOf(kv[i + 1]));
    account.reconfigure(id, changes);
  }

  // ------------------------------------------------------------------ maintenance window

  /** A database as describe reports it: its window, what is pending, and (RDS) its kept blue/green deployments. */
  private Resource database(String id, Family family) {
    Resource r = get(id, family);
    Map<String, String> config = new LinkedHashMap<>(r.config());
    config.put(MaintenanceWindow.CONFIG_KEY, MAINTENANCE_WINDOW);
    Pending p = pending.get(id);
    config.put(PendingChanges.CONFIG_KEY, p == null ? "" : PendingChanges.encode(p.values()));
    if (family == RdsFamily.RDS) {
      config.put(RdsActions.BLUE_GREEN_DEPLOYMENTS, keptDeployments.entrySet().stream().filter(e -> e.getValue().equals(id))
          .map(Map.Entry::getKey).collect(Collectors.joining(",")));
    }
    return r.withConfig(config);
  }

  /** Makes the pending changes of {@code id} whose window has come. */
  private void applyDue(String id) {
    Pending p = pending.get(id);
    if (p != null && !account.clock().instant().isBefore(p.due())) {
      pending.remove(id);
      account.reconfigure(id, p.values());
    }
  }

  /** A database modification: now (with whatever was pending, its own value replacing a pending one) or in the next window. */
  private void modify(String id, Family family, String key, String value, boolean applyImmediately) {
    get(id, family);
    Pending p = pending.remove(id);
    Map<String, String> values = new LinkedHashMap<>(p == null ? Map.of() : p.values());
    values.put(key, value);
    if (applyImmediately) account.reconfigure(id, values);
    else requestInWindow(id, values);
  }

  /** Makes {@code values} pending until the next maintenance window from now (also: a rebuilt simulation restoring what the journal says is pending). */
  public void requestInWindow(String id, Map<String, String> values) {
    Instant now = account.clock().instant();
    pending.put(id, new Pending(Map.copyOf(values), MaintenanceWindow.parse(MAINTENANCE_WINDOW).nextStart(now)));
  }

  /** Re-registers a switched-over deployment whose old instance the journal says is still kept (a rebuilt simulation). */
  public void keepDeployment(String deploymentId, String instanceId) {
    keptDeployments.put(deploymentId, instanceId);
  }

  /** Blue/green deployments deleted so far (tests: a resumed clean-up deletes once). */
  public int deletedDeployments() {
    return deletedDeployments;
  }

  // ------------------------------------------------------------------ Aurora

  @Override
  public Resource describeCluster(String clusterId, String region) {
    return database(clusterId, AuroraFamily.AURORA);
  }

  @Override
  public void modifyWriterClass(String clusterId, String region, String instanceClass, boolean applyImmediately) {
    modify(clusterId, AuroraFamily.AURORA, INSTANCE_CLASS, instanceClass, applyImmediately);
  }

  @Override
  public void modifyReaderClass(String clusterId, String region, String instanceClass, boolean applyImmediately) {
    modify(clusterId, AuroraFamily.AURORA, READER_CLASS, instanceClass, applyImmediately);
  }

  @Override
  public void addReader(String clusterId, String region, String instanceClass) {
    Resource c = get(clusterId, AuroraFamily.AURORA);
    set(clusterId, READERS, c.configInt(READERS) + 1, READER_CLASS, instanceClass);
  }

  @Override
  public void removeReader(String clusterId, String region) {
    Resource c = get(clusterId, AuroraFamily.AURORA);
    if (c.configInt(READERS) == 0) throw new ActionFailedException(clusterId + " has no reader to remove");
    set(clusterId, READERS, c.configInt(READERS) - 1);
  }

  @Override
  public void setBackupRetention(String clusterId, String region, int days) {
    if (days < 1 || days > 35) throw new ActionFailedException("backup retention must be 1..35 days for Aurora, not " + days);
    get(clusterId, AuroraFamily.AURORA);
    set(clusterId, BACKUP_RETENTION_DAYS, days);
  }

  @Override
  public void removeSecondaryRegion(String clusterId, String region, String secondaryRegion) {
    List<String> regions = csv(get(clusterId, AuroraFamily.AURORA).config().get(SECONDARY_REGIONS));
    if (!regions.remove(secondaryRegion)) throw new ActionFailedException(clusterId + " has no secondary region " + secondaryRegion);
    set(clusterId, SECONDARY_REGIONS, String.join(",", regions));
  }

  @Override
  public void addSecondaryRegion(String clusterId, String region, String secondaryRegion, Map<String, String> recorded) {
    // The simulated account keeps no secondary clusters of its own: the region's name is all it re-creates.
    List<String> regions = csv(get(clusterId, AuroraFamily.AURORA).config().get(SECONDARY_REGIONS));
    if (!regions.contains(secondaryRegion)) regions.add(secondaryRegion);
    set(clusterId, SECONDARY_REGIONS, String.join(",", regions));
  }

  // ------------------------------------------------------------------ RDS

  @Override
  public Resource describeInstance(String instanceId, String region) {
    return database(instanceId, RdsFamily.RDS);
  }

  @Override
  public void modifyInstanceClass(String instanceId, String region, String instanceClass, boolean applyImmediately) {
    modify(instanceId, RdsFamily.RDS, INSTANCE_CLASS, instanceClass, applyImmediately);
  }

  /**
   * The green copy is made from the current instance and switched over at once; the deployment
   * keeps the old instance. The id carries the virtual time, so a rebuilt simulation (a new
   * process) never reuses one.
   */
  @Override
  public String blueGreenSwitch(String instanceId, String region, String instanceClass, Duration switchoverTimeout) {
    Resource db = get(instanceId, RdsFamily.RDS);
    // TargetDBInstanceClass applies to every instance of the green environment, read replicas included.
    if (db.config().containsKey(READER_CLASS)) set(instanceId, INSTANCE_CLASS, instanceClass, READER_CLASS, instanceClass);
    else set(instanceId, INSTANCE_CLASS, instanceClass);
    String id = "bgd-sim-" + Long.toString(account.clock().instant().getEpochSecond(), 36) + "-" + (++deployments);
    keptDeployments.put(id, instanceId);
    return id;
  }

  @Override
  public void deleteBlueGreen(String deploymentId, String region, boolean deleteOldSource) {
    if (keptDeployments.remove(deploymentId) == null) {
      throw new ActionFailedException("BlueGreenDeploymentNotFoundFault: no blue/green deployment " + deploymentId + " in the simulated account");
    }
    deletedDeployments++;
  }

  // ------------------------------------------------------------------ Auto Scaling

  @Override
  public Resource describeGroup(String groupName, String region) {
    Resource r;
    try {
      r = account.resource(groupName);
    } catch (IllegalArgumentException e) {
      throw new ActionFailedException(e.getMessage());
    }
    if (r.family() != AsgFamily.ASG && r.family() != RedisFamily.REDIS) throw new ActionFailedException(groupName + " is not an Auto Scaling or Redis group");
    return r;
  }

  @Override
  public void setCapacity(String groupName, String region, int min, int desired, int max) {
    get(groupName, AsgFamily.ASG);
    if (min > desired || desired > max) throw new ActionFailedException("ValidationError: min " + min + " <= desired " + desired + " <= max " + max + " does not hold");
    set(groupName, MIN, min, DESIRED, desired, MAX, max);
  }

  @Override
  public String rollOutInstanceType(String groupName, String region, String instanceType, int minHealthyPercent, List<Integer> checkpoints) {
    get(groupName, AsgFamily.ASG);
    set(groupName, INSTANCE_TYPE, instanceType);
    return "refresh-sim-" + (++refreshes);
  }

  // ------------------------------------------------------------------ Redis

  @Override
  public List<String> allowedNodeTypes(String groupId, String region) {
    String type = get(groupId, RedisFamily.REDIS).config(NODE_TYPE);
    String family = type.substring(0, type.lastIndexOf('.') + 1);
    return NODE_SIZES.stream().map(s -> family + s).filter(t -> !t.equals(type)).toList();
  }

  @Override
  public OptionalLong memoryInUseBytes(String groupId, String region) {
    Resource g = get(groupId, RedisFamily.REDIS);
    OptionalDouble perNode = RedisNodeMemory.gib(g.config(NODE_TYPE));
    if (perNode.isEmpty()) return OptionalLong.empty();
    Instant end = account.clock().instant();
    MetricQuery q = new MetricQuery("memory", "AWS/ElastiCache", "DatabaseMemoryUsagePercentage",
        Map.of("ReplicationGroupId", groupId, "Role", "Primary"), "Maximum", 3600);
    double peak = Double.NaN;
    String token = null;
    do {
      MetricDataPage page = account.cloudWatch().getMetricData(new MetricDataRequest(List.of(q), end.minus(Duration.ofDays(1)), end, token));
      for (MetricSeries s : page.results()) for (double v : s.values()) if (!Double.isNaN(v)) peak = Double.isNaN(peak) ? v : Math.max(peak, v);
      token = page.nextToken();
    } while (token != null);
    if (Double.isNaN(peak)) return OptionalLong.empty();
    return OptionalLong.of((long) (peak / 100 * perNode.getAsDouble() * (1L << 30) * g.configInt(SHARDS)));
  }

  @Override
  public void modifyNodeType(String groupId, String region, String nodeType) {
    if (!allowedNodeTypes(groupId, region).contains(nodeType)) {
      throw new ActionFailedException("InvalidParameterCombination: " + groupId + " cannot be modified to " + nodeType);
    }
    set(groupId, NODE_TYPE, nodeType);
  }

  @Override
  public void reshard(String groupId, String region, int shards) {
    get(groupId, RedisFamily.REDIS);
    if (shards < 1 || shards > 500) throw new ActionFailedException("InvalidParameterValue: NodeGroupCount " + shards);
    set(groupId, SHARDS, shards);
  }

  @Override
  public void setReplicasPerShard(String groupId, String region, int replicas) {
    get(groupId, RedisFamily.REDIS);
    if (replicas < 0 || replicas > 5) throw new ActionFailedException("InvalidParameterValue: replicas per shard " + replicas);
    set(groupId, REPLICAS_PER_SHARD, replicas);
  }

  // ------------------------------------------------------------------ DynamoDB

  @Override
  public Resource describeTable(String table, String region) {
    Resource t = get(table, DynamoDbFamily.DYNAMODB);
    Map<String, String> config = new LinkedHashMap<>(t.config());
    Map<String, IndexDefinition> defs = definitions(t);
    for (String name : csv(t.config().get(GSIS))) config.put(DynamoDbActions.GSI_DEFINITION_PREFIX + name, defs.get(name).encode());
    return t.withConfig(config);
  }

  /** The simulated index definitions: a string partition key named after the index, all attributes projected. */
  private Map<String, IndexDefinition> definitions(Resource t) {
    Map<String, IndexDefinition> defs = indexes.computeIfAbsent(t.id(), k -> new HashMap<>());
    for (String name : csv(t.config().get(GSIS))) {
      defs.computeIfAbsent(name, n -> new IndexDefinition(n, n + "Key", "S", null, null, "ALL", List.of(), 0, 0));
    }
    // an index's capacity is the table's current one (provisioned tables), as DescribeTable reports it
    Map<String, Capacity> capacity = IndexCapacities.decode(t.config().get(GSI_CAPACITY));
    defs.replaceAll((n, d) -> {
      Capacity c = capacity.getOrDefault(n, new Capacity(0, 0));
      return new IndexDefinition(n, d.hashKey(), d.hashType(), d.rangeKey(), d.rangeType(), d.projection(), d.nonKeyAttributes(), c.read(), c.write());
    });
    return defs;
  }

  @Override
  public void setBillingMode(String table, String region, String billingMode, long readCapacity, long writeCapacity,
      Map<String, Capacity> indexCapacity) {
    Resource t = get(table, DynamoDbFamily.DYNAMODB);
    if (DynamoDbActions.ON_DEMAND.equals(billingMode)) {
      set(table, BILLING_MODE, billingMode, GSI_CAPACITY, "");
      return;
    }
    // as UpdateTable: each index gets its own capacity when given, else the table's
    Map<String, Capacity> indexes = new TreeMap<>();
    for (String name : csv(t.config().get(GSIS))) indexes.put(name, indexCapacity.getOrDefault(name, new Capacity(readCapacity, writeCapacity)));
    set(table, BILLING_MODE, billingMode, READ_CAPACITY, readCapacity, WRITE_CAPACITY, writeCapacity, GSI_CAPACITY, IndexCapacities.encode(indexes));
  }

  @Override
  public void deleteIndex(String table, String region, String indexName) {
    Resource t = get(table, DynamoDbFamily.DYNAMODB);
    definitions(t);
    TreeSet<String> names = new TreeSet<>(csv(t.config().get(GSIS)));
    if (!names.remove(indexName)) throw new ActionFailedException("ResourceNotFoundException: " + table + " has no index " + indexName);
    // the index's entry stays in gsiCapacity: only listed indexes are billed, and the table's other settings do not move
    set(table, GSIS, String.join(",", names));
  }

  @Override
  public void createIndex(String table, String region, IndexDefinition index) {
    Resource t = get(table, DynamoDbFamily.DYNAMODB);
    definitions(t).put(index.name(), index);
    TreeSet<String> names = new TreeSet<>(csv(t.config().get(GSIS)));
    names.add(index.name());
    if ("PROVISIONED".equals(t.config().get(BILLING_MODE))) {
      Map<String, Capacity> capacity = IndexCapacities.decode(t.config().get(GSI_CAPACITY));
      capacity.put(index.name(), new Capacity(index.readCapacity(), index.writeCapacity()));
      set(table, GSIS, String.join(",", names), GSI_CAPACITY, IndexCapacities.encode(capacity));
    } else {
      set(table, GSIS, String.join(",", names));
    }
  }

  @Override
  public void setStream(String table, String region, boolean enabled, String viewType) {
    get(table, DynamoDbFamily.DYNAMODB);
    if (enabled) set(table, STREAM_ENABLED, true, STREAM_VIEW_TYPE, viewType);
    else set(table, STREAM_ENABLED, false);
  }

  // ------------------------------------------------------------------ Lambda

  @Override
  public Resource describeFunction(String functionName, String region) {
    return get(functionName, LambdaFamily.LAMBDA);
  }

  @Override
  public void setMemory(String functionName, String region, int memoryMb) {
    get(functionName, LambdaFamily.LAMBDA);
    set(functionName, MEMORY_MB, memoryMb);
  }

  @Override
  public void setReservedConcurrency(String functionName, String region, Integer reserved) {
    get(functionName, LambdaFamily.LAMBDA);
    // The simulated configuration cannot drop a key: an empty value stands for "unreserved".
    set(functionName, RESERVED_CONCURRENCY, reserved == null ? "" : reserved);
  }

  @Override
  public void setProvisionedConcurrency(String functionName, String region, int provisioned) {
    Resource f = get(functionName, LambdaFamily.LAMBDA);
    String reserved = f.config().getOrDefault(RESERVED_CONCURRENCY, "");
    if (!reserved.isEmpty() && provisioned > Integer.parseInt(reserved)) {
      throw new ActionFailedException("InvalidParameterValueException: provisioned " + provisioned + " exceeds reserved " + reserved);
    }
    set(functionName, PROVISIONED_CONCURRENCY, provisioned);
  }

  // ------------------------------------------------------------------ DAX

  @Override
  public Resource describeDaxCluster(String clusterName, String region) {
    return get(clusterName, DaxFamily.DAX);
  }

  @Override
  public void setNodes(String clusterName, String region, int nodes) {
    get(clusterName, DaxFamily.DAX);
    if (nodes < 1 || nodes > 11) throw new ActionFailedException("InvalidParameterValueException: a DAX cluster has 1 to 11 nodes, not " + nodes);
    set(clusterName, NODES, nodes);
  }

  private static List<String> csv(String s) {
    if (s == null || s.isBlank()) return new ArrayList<>();
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toCollection(ArrayList::new));
  }
}
