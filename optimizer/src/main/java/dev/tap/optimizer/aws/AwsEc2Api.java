package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.ec2.Ec2Api;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.model.ConfigKeys;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Standalone instances with the AWS SDK: DescribeInstances, and a type change as StopInstances,
 * ModifyInstanceAttribute and StartInstances, polling the instance state between them (EC2 takes a
 * type only on a stopped instance).
 */
public final class AwsEc2Api implements Ec2Api {
  /** A stop or start normally takes a minute or two; an instance stuck longer needs a person. */
  static final Duration STATE_TIMEOUT = Duration.ofMinutes(15);

  private final AwsClients aws;
  private final AwsPolling polling;

  public AwsEc2Api(AwsClients aws, AwsPolling polling) {
    this.aws = aws;
    this.polling = polling;
  }

  @Override
  public Resource describeInstance(String instanceId, String region) {
    Found f = find(instanceId, region).orElseThrow(() -> new ActionFailedException("EC2 instance " + instanceId + " not found in " + region));
    return resource(f.instance(), f.ownerId(), region);
  }

  /** An instance and the account that owns its reservation (for its ARN). */
  private record Found(Instance instance, String ownerId) {}

  /** The instance as TAP models it: type, architecture, platform and tags. */
  static Resource resource(Instance i, String ownerId, String region) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(ConfigKeys.INSTANCE_TYPE, i.instanceTypeAsString());
    // EC2 reports an architecture for every instance; x86_64 is its default where an emulator leaves it out
    config.put(ConfigKeys.ARCHITECTURE, i.architectureAsString() == null ? "x86_64" : i.architectureAsString());
    config.put(ConfigKeys.PLATFORM, "windows".equalsIgnoreCase(i.platformAsString()) ? "windows" : "linux");
    String arn = "arn:aws:ec2:" + region + ":" + (ownerId == null ? "" : ownerId) + ":instance/" + i.instanceId();
    return new Resource(i.instanceId(), Ec2Family.EC2, region, arn, config, FamilyReader.tags(i.tags(), t -> t.key(), t -> t.value()));
  }

  private Optional<Found> find(String instanceId, String region) {
    List<Found> found = aws.call("ec2:DescribeInstances", region, () -> aws.ec2(region).describeInstances(r -> r.instanceIds(instanceId))
        .reservations().stream().flatMap(x -> x.instances().stream().map(i -> new Found(i, x.ownerId()))).toList());
    return found.stream().filter(f -> f.instance().state().name() != InstanceStateName.TERMINATED).findFirst();
  }

  @Override
  public void changeInstanceType(String instanceId, String region, String instanceType) {
    Instance i = find(instanceId, region).orElseThrow(() -> new ActionFailedException("EC2 instance " + instanceId + " not found in " + region))
        .instance();
    if (instanceType.equals(i.instanceTypeAsString())) return;
    InstanceStateName state = i.state().name();
    boolean wasRunning = state != InstanceStateName.STOPPED && state != InstanceStateName.STOPPING;
    if (wasRunning) run(aws, "ec2:StopInstances", region, () -> aws.ec2(region).stopInstances(r -> r.instanceIds(instanceId)));
    waitFor(instanceId, region, InstanceStateName.STOPPED);
    run(aws, "ec2:ModifyInstanceAttribute", region, () -> aws.ec2(region).modifyInstanceAttribute(r -> r.instanceId(instanceId)
        .instanceType(v -> v.value(instanceType))));
    // an instance TAP found stopped stays stopped: it only changes its type
    if (wasRunning) {
      act(aws, "ec2:StartInstances", region, () -> aws.ec2(region).startInstances(r -> r.instanceIds(instanceId)));
      waitFor(instanceId, region, InstanceStateName.RUNNING);
    }
  }

  private void waitFor(String instanceId, String region, InstanceStateName state) {
    polling.until("EC2 instance " + instanceId + " to be " + state, STATE_TIMEOUT, () -> {
      InstanceStateName now = find(instanceId, region).map(f -> f.instance().state().name())
          .orElseThrow(() -> new ActionFailedException("EC2 instance " + instanceId + " disappeared while TAP changed its type"));
      return now == state ? AwsPolling.Look.settled() : AwsPolling.Look.waiting(now.toString());
    });
  }
}
