package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.family.dax.DaxApi;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;

/** DAX node count with the AWS SDK: Decrease/IncreaseReplicationFactor, then wait until the cluster is available. */
public final class AwsDaxApi implements DaxApi {
  /** Adding or removing a DAX node takes minutes; a cluster still changing after this is reported, not waited on forever. */
  static final Duration AVAILABLE_WITHIN = Duration.ofMinutes(45);

  private final AwsClients aws;
  private final DaxReader reader;
  private final AwsPolling polling;

  AwsDaxApi(AwsClients aws, AwsPolling polling) {
    this.aws = aws;
    this.reader = new DaxReader(aws);
    this.polling = polling;
  }

  @Override
  public Resource describeDaxCluster(String clusterName, String region) {
    return AwsActionCalls.describe(reader, DaxFamily.DAX, clusterName, region);
  }

  @Override
  public void setNodes(String clusterName, String region, int nodes) {
    int now = Integer.parseInt(describeDaxCluster(clusterName, region).config().get(ConfigKeys.NODES));
    if (nodes < now) {
      run(aws, "dax:DecreaseReplicationFactor", region,
          () -> aws.dax(region).decreaseReplicationFactor(r -> r.clusterName(clusterName).newReplicationFactor(nodes)));
    } else if (nodes > now) {
      run(aws, "dax:IncreaseReplicationFactor", region,
          () -> aws.dax(region).increaseReplicationFactor(r -> r.clusterName(clusterName).newReplicationFactor(nodes)));
    }
    polling.until("DAX cluster " + clusterName + " to be available with " + nodes + " nodes", AVAILABLE_WITHIN, () -> {
      var c = act(aws, "dax:DescribeClusters", region, () -> aws.dax(region).describeClusters(r -> r.clusterNames(clusterName)).clusters().get(0));
      return "available".equalsIgnoreCase(c.status()) && c.totalNodes() == nodes ? AwsPolling.Look.settled()
          : AwsPolling.Look.waiting(c.status() + ", " + c.totalNodes() + " nodes");
    });
  }
}
