package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.dax.DaxApi;
import dev.tap.optimizer.inventory.ConfigKeys;
import dev.tap.optimizer.inventory.Family;
import dev.tap.optimizer.inventory.Resource;
import java.time.Duration;

/** DAX node count with the AWS SDK: Decrease/IncreaseReplicationFactor, then wait until the cluster is available. */
public final class AwsDaxApi implements DaxApi {
  /** Adding or removing a DAX node takes minutes; a cluster still changing after this is reported, not waited on forever. */
  static final Duration AVAILABLE_WITHIN = Duration.ofMinutes(45);

  /** How the adapter waits between polls (tests pass one that does not sleep). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final AwsClients aws;
  private final DaxReader reader;
  private final Sleeper sleeper;
  private final Duration poll;

  public AwsDaxApi(AwsClients aws) {
    this(aws, d -> Thread.sleep(d.toMillis()), Duration.ofSeconds(20));
  }

  AwsDaxApi(AwsClients aws, Sleeper sleeper, Duration poll) {
    this.aws = aws;
    this.reader = new DaxReader(aws);
    this.sleeper = sleeper;
    this.poll = poll;
  }

  @Override
  public Resource describeCluster(String clusterName, String region) {
    return AwsActionCalls.describe(reader, Family.DAX, clusterName, region);
  }

  @Override
  public void setNodes(String clusterName, String region, int nodes) {
    int now = Integer.parseInt(describeCluster(clusterName, region).config().get(ConfigKeys.NODES));
    if (nodes < now) {
      run(aws, "dax:DecreaseReplicationFactor", region,
          () -> aws.dax(region).decreaseReplicationFactor(r -> r.clusterName(clusterName).newReplicationFactor(nodes)));
    } else if (nodes > now) {
      run(aws, "dax:IncreaseReplicationFactor", region,
          () -> aws.dax(region).increaseReplicationFactor(r -> r.clusterName(clusterName).newReplicationFactor(nodes)));
    }
    awaitAvailable(clusterName, region);
  }

  private void awaitAvailable(String clusterName, String region) {
    long polls = Math.max(1, AVAILABLE_WITHIN.toMillis() / Math.max(1, poll.toMillis()));
    for (long i = 0; i <= polls; i++) {
      String status = act(aws, "dax:DescribeClusters", region,
          () -> aws.dax(region).describeClusters(r -> r.clusterNames(clusterName)).clusters().get(0).status());
      if ("available".equalsIgnoreCase(status)) return;
      try {
        sleeper.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActionFailedException("interrupted while DAX cluster " + clusterName + " was " + status + "; tap resume re-reads it");
      }
    }
    throw new ActionFailedException("DAX cluster " + clusterName + " did not become available within " + AVAILABLE_WITHIN.toMinutes()
        + " minutes; check it in the DAX console, then run tap resume");
  }
}
