package dev.tap.optimizer.sim.actions;

import static dev.tap.optimizer.model.ConfigKeys.ARCHITECTURE;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.ec2.Ec2Api;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.sim.SimAccount;
import java.util.Map;

/**
 * Standalone instances on the simulated account: a type change is a stop, modify and start that
 * takes no virtual time, effective from the clock's current minute. Like EC2, it refuses a type
 * that does not exist and one of the other architecture (the image would not boot).
 */
public final class SimEc2Api implements Ec2Api {
  private final SimAccount account;

  public SimEc2Api(SimAccount account) {
    this.account = account;
  }

  @Override
  public Resource describeInstance(String instanceId, String region) {
    Resource r;
    try {
      r = account.resource(instanceId);
    } catch (IllegalArgumentException e) {
      throw new ActionFailedException("InvalidInstanceID.NotFound: " + instanceId);
    }
    if (r.family() != Ec2Family.EC2) throw new ActionFailedException(instanceId + " is not an EC2 instance");
    return r;
  }

  @Override
  public void changeInstanceType(String instanceId, String region, String instanceType) {
    Resource r = describeInstance(instanceId, region);
    if (instanceType.equals(r.config().get(INSTANCE_TYPE))) return;
    Ec2Catalogue.InstanceSpec spec = Ec2Catalogue.bundled().spec(instanceType)
        .orElseThrow(() -> new ActionFailedException("InvalidParameterValue: instance type " + instanceType + " does not exist"));
    String arch = r.config().get(ARCHITECTURE);
    if (arch != null && !spec.arch().isEmpty() && !arch.equals(spec.arch())) {
      throw new ActionFailedException("InvalidParameterValue: " + instanceType + " is " + spec.arch() + " and the instance's image is " + arch);
    }
    account.reconfigure(instanceId, Map.of(INSTANCE_TYPE, instanceType));
  }
}
