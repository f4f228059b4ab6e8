package dev.tap.optimizer.sim.actions;

import static dev.tap.optimizer.inventory.ConfigKeys.NODES;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.dax.DaxApi;
import dev.tap.optimizer.inventory.Family;
import dev.tap.optimizer.inventory.Resource;
import dev.tap.optimizer.sim.SimAccount;
import java.util.Map;

/** DAX on the simulated account: the node count changes at once and the CPU of the rest follows it. */
public final class SimDaxApi implements DaxApi {
  private final SimAccount account;

  public SimDaxApi(SimAccount account) {
    this.account = account;
  }

  @Override
  public Resource describeCluster(String clusterName, String region) {
    Resource r;
    try {
      r = account.resource(clusterName);
    } catch (IllegalArgumentException e) {
      throw new ActionFailedException(e.getMessage());
    }
    if (r.family() != Family.DAX) throw new ActionFailedException(clusterName + " is a " + r.family().label + " resource, not DAX");
    if (!r.region().equals(region)) throw new ActionFailedException("DAX cluster " + clusterName + " is in " + r.region() + ", not " + region);
    return r;
  }

  @Override
  public void setNodes(String clusterName, String region, int nodes) {
    describeCluster(clusterName, region);
    if (nodes < 1 || nodes > 11) throw new ActionFailedException("InvalidParameterValueException: a DAX cluster has 1 to 11 nodes, not " + nodes);
    account.reconfigure(clusterName, Map.of(NODES, String.valueOf(nodes)));
  }
}
