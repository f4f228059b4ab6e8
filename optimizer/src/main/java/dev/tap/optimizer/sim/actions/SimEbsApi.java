package dev.tap.optimizer.sim.actions;

import static dev.tap.optimizer.family.ebs.EbsFamily.IOPS;
import static dev.tap.optimizer.family.ebs.EbsFamily.MODIFIED_AT;
import static dev.tap.optimizer.family.ebs.EbsFamily.THROUGHPUT;
import static dev.tap.optimizer.family.ebs.EbsFamily.VOLUME_TYPE;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.ebs.EbsActions;
import dev.tap.optimizer.family.ebs.EbsApi;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ebs.VolumePerformance;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.sim.SimAccount;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ModifyVolume on the simulated account, with AWS's rules: gp2 has no provisioned IOPS (it reports
 * its baseline) nor throughput, and a volume modified less than six hours ago refuses another
 * modification (IncorrectModificationState).
 */
public final class SimEbsApi implements EbsApi {
  private final SimAccount account;

  public SimEbsApi(SimAccount account) {
    this.account = account;
  }

  @Override
  public Resource describeVolume(String volumeId, String region) {
    Resource r;
    try {
      r = account.resource(volumeId);
    } catch (IllegalArgumentException e) {
      throw new ActionFailedException("InvalidVolume.NotFound: " + e.getMessage());
    }
    if (r.family() != EbsFamily.EBS) throw new ActionFailedException(volumeId + " is a " + r.family().label() + " resource, not an EBS volume");
    // the simulated account cannot drop a key, so a move to gp2 or io1 blanks the throughput: AWS reports none
    Map<String, String> config = new LinkedHashMap<>();
    r.config().forEach((k, v) -> { if (!v.isBlank()) config.put(k, v); });
    return r.withConfig(config);
  }

  @Override
  public void modifyVolume(String volumeId, String region, Map<String, String> target) {
    Resource r = describeVolume(volumeId, region);
    Instant now = account.clock().instant();
    EbsActions.cooldownEnds(r, now).ifPresent(t -> {
      throw new ActionFailedException("IncorrectModificationState: you've reached the maximum modification rate per volume limit; volume "
          + volumeId + " can be modified again from " + t);
    });
    String type = target.getOrDefault(VOLUME_TYPE, r.config(VOLUME_TYPE));
    Map<String, String> next = new LinkedHashMap<>();
    next.put(VOLUME_TYPE, type);
    int size = r.configInt(EbsFamily.SIZE_GIB);
    switch (type) {
      case "gp2" -> {
        next.put(IOPS, String.valueOf(VolumePerformance.gp2BaselineIops(size)));
        next.put(THROUGHPUT, "");
      }
      case "gp3" -> {
        next.put(IOPS, target.getOrDefault(IOPS, String.valueOf(VolumePerformance.GP3_BASE_IOPS)));
        next.put(THROUGHPUT, target.getOrDefault(THROUGHPUT, String.valueOf(VolumePerformance.GP3_BASE_MIBPS)));
      }
      default -> {
        next.put(IOPS, target.getOrDefault(IOPS, r.config(IOPS)));
        next.put(THROUGHPUT, "");
      }
    }
    next.put(MODIFIED_AT, now.toString());
    account.reconfigure(volumeId, next);
  }
}
