package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;
import static dev.tap.optimizer.family.ebs.EbsFamily.IOPS;
import static dev.tap.optimizer.family.ebs.EbsFamily.THROUGHPUT;
import static dev.tap.optimizer.family.ebs.EbsFamily.VOLUME_TYPE;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.ebs.EbsApi;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.VolumeModification;

/**
 * EBS volumes with the AWS SDK: DescribeVolumes (with the latest DescribeVolumesModifications entry,
 * whose start is the six-hour cooldown's), and ModifyVolume, then a wait until the modification is
 * optimizing or completed: from then on the volume has its new type, IOPS and throughput.
 */
public final class AwsEbsApi implements EbsApi {
  /** A modification reaches "optimizing" within seconds to minutes; one still "modifying" after this is reported. */
  static final Duration IN_EFFECT_WITHIN = Duration.ofMinutes(30);

  private final AwsClients aws;
  private final AwsPolling polling;

  AwsEbsApi(AwsClients aws, AwsPolling polling) {
    this.aws = aws;
    this.polling = polling;
  }

  @Override
  public Resource describeVolume(String volumeId, String region) {
    var volumes = act(aws, "ec2:DescribeVolumes", region, () -> aws.ec2(region).describeVolumes(r -> r.volumeIds(volumeId)).volumes());
    if (volumes.isEmpty()) throw new ActionFailedException("EBS volume " + volumeId + " not found in " + region);
    String account = aws.callerIdentity(region).account();
    Resource r = AwsDiscovery.volume(volumes.get(0), region, account);
    Map<String, String> config = new LinkedHashMap<>(r.config());
    latest(volumeId, region).ifPresent(m -> config.put(EbsFamily.MODIFIED_AT, m.startTime().toString()));
    return r.withConfig(config);
  }

  private java.util.Optional<VolumeModification> latest(String volumeId, String region) {
    return act(aws, "ec2:DescribeVolumesModifications", region,
        () -> aws.ec2(region).describeVolumesModifications(r -> r.volumeIds(volumeId)).volumesModifications()).stream()
        .filter(m -> m.startTime() != null).max(Comparator.comparing(VolumeModification::startTime));
  }

  @Override
  public void modifyVolume(String volumeId, String region, Map<String, String> target) {
    String type = target.get(VOLUME_TYPE);
    run(aws, "ec2:ModifyVolume", region, () -> aws.ec2(region).modifyVolume(r -> {
      r.volumeId(volumeId).volumeType(type);
      // gp2 takes neither; io1/io2 take IOPS; gp3 both
      if (!"gp2".equals(type) && target.get(IOPS) != null) r.iops(Integer.parseInt(target.get(IOPS)));
      if ("gp3".equals(type) && target.get(THROUGHPUT) != null) r.throughput(Integer.parseInt(target.get(THROUGHPUT)));
    }));
    polling.until("EBS volume " + volumeId + " to take its new configuration", IN_EFFECT_WITHIN, () -> {
      var m = latest(volumeId, region);
      String state = m.map(VolumeModification::modificationStateAsString).orElse("completed");
      if (state.equals("failed")) {
        throw new ActionFailedException("ModifyVolume of " + volumeId + " failed: " + m.map(VolumeModification::statusMessage).orElse("no reason given"));
      }
      return state.equals("optimizing") || state.equals("completed") ? AwsPolling.Look.settled() : AwsPolling.Look.waiting(state);
    });
  }
}
