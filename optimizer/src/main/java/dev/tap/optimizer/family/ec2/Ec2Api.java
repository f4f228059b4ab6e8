package dev.tap.optimizer.family.ec2;

import dev.tap.optimizer.model.Resource;

/** What the executor asks of a standalone EC2 instance, in domain verbs. */
public interface Ec2Api {

  /** The instance with {@code instanceType}, {@code architecture}, {@code platform} and its tags. */
  Resource describeInstance(String instanceId, String region);

  /**
   * Stops the instance (waits until stopped), sets its type, starts it again (waits until running):
   * EC2 changes a type only on a stopped instance. An instance already of the type is left alone.
   */
  void changeInstanceType(String instanceId, String region, String instanceType);
}
