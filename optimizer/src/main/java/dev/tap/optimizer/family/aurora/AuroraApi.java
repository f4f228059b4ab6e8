package dev.tap.optimizer.family.aurora;

import dev.tap.optimizer.model.Resource;
import java.util.Map;

/**
 * What the executor asks of an Aurora cluster, in domain verbs (adapters: AWS SDK, simulated
 * account). Failures are {@link dev.tap.optimizer.exec.ActionFailedException}s.
 */
public interface AuroraApi {

  /** The cluster with {@code instanceClass}, {@code readers}, {@code readerClass}, {@code backupRetentionDays}, global-cluster keys and tags. */
  Resource describeCluster(String clusterId, String region);

  void modifyWriterClass(String clusterId, String region, String instanceClass, boolean applyImmediately);

  /** Every reader to this class. */
  void modifyReaderClass(String clusterId, String region, String instanceClass, boolean applyImmediately);

  /** Adds one reader of the given class; the cluster's storage is shared, so no data is copied. */
  void addReader(String clusterId, String region, String instanceClass);

  /** Removes one reader (the newest); no snapshot is needed, the cluster keeps its data. */
  void removeReader(String clusterId, String region);

  void setBackupRetention(String clusterId, String region, int days);

  /**
   * Detaches the secondary cluster in {@code secondaryRegion} from the global cluster and deletes
   * it. What re-creating it takes must be in the before-state the executor recorded (describe's
   * {@code secondary.<region>.*} keys) before this is called.
   */
  void removeSecondaryRegion(String clusterId, String region, String secondaryRegion);

  /**
   * Re-creates the secondary cluster of {@code secondaryRegion}, joined to the global cluster, as
   * {@code recorded} describes it: the primary's configuration recorded before the removal (the
   * action's restore target), whose {@code secondary.<region>.*} keys ({@link #SECONDARY_PREFIX})
   * hold the secondary's identifier, engine version, subnet group, security groups, KMS key and
   * instances. An adapter that needs them and finds none fails, saying how to re-create the region.
   */
  void addSecondaryRegion(String clusterId, String region, String secondaryRegion, Map<String, String> recorded);

  /** Prefix of the configuration keys that describe each secondary cluster: {@code secondary.us-west-2.cluster} and so on. */
  String SECONDARY_PREFIX = "secondary.";
}
