package dev.tap.optimizer.family.ec2;

import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;

/**
 * Standalone EC2 instances (not in an Auto Scaling group). The names are fixed first so that
 * discovery and the family itself can be built side by side (issue 13).
 */
public final class Ec2Family {
  public static final Family EC2 = new Family("EC2", "EC2 instance", "AWS/EC2");
  public static final ActionKind EC2_INSTANCE_TYPE = new ActionKind("EC2_INSTANCE_TYPE", EC2);

  private Ec2Family() {}
}
