package dev.tap.optimizer.family.dax;

import dev.tap.optimizer.model.Resource;

/** What the executor asks of a DAX cluster, in domain verbs. */
public interface DaxApi {

  /** The cluster with {@code nodeType}, {@code nodes} (primary and replicas) and tags. */
  Resource describeDaxCluster(String clusterName, String region);

  /**
   * Nodes to {@code nodes} in total (DecreaseReplicationFactor / IncreaseReplicationFactor); returns
   * when the cluster is available again. The item cache of removed nodes is lost and new nodes start
   * cold: reads fall through to DynamoDB until they warm.
   */
  void setNodes(String clusterName, String region, int nodes);
}
