package dev.tap.optimizer.family.asg;

import dev.tap.optimizer.model.Resource;
import java.util.List;

/** What the executor asks of an EC2 Auto Scaling group, in domain verbs. */
public interface AsgApi {

  /** The group with {@code instanceType} (from its launch template), {@code min}, {@code desired}, {@code max} and tags. */
  Resource describeGroup(String groupName, String region);

  /** Sets all three at once (one UpdateAutoScalingGroup), so no intermediate state violates min <= desired <= max. */
  void setCapacity(String groupName, String region, int min, int desired, int max);

  /**
   * A new launch-template version with {@code instanceType}, made the group's version, rolled out
   * by an instance refresh that keeps {@code minHealthyPercent} in service and pauses at each
   * checkpoint percentage. Returns the refresh id.
   */
  String rollOutInstanceType(String groupName, String region, String instanceType, int minHealthyPercent, List<Integer> checkpoints);
}
