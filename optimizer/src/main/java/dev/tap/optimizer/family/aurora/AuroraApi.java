package dev.tap.optimizer.family.aurora;

import dev.tap.optimizer.inventory.Resource;

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

  /** Detaches the secondary cluster in {@code secondaryRegion} from the global cluster and deletes it. */
  void removeSecondaryRegion(String clusterId, String region, String secondaryRegion);

  /** Creates a secondary cluster in {@code secondaryRegion} joined to the global cluster. */
  void addSecondaryRegion(String clusterId, String region, String secondaryRegion);
}
