package dev.tap.optimizer.family.ebs;

/**
 * What each EBS volume type delivers, from the EBS volume-type documentation: gp2's baseline is
 * 3 IOPS per GiB (at least 100, at most 16,000) and bursts to 3,000 IOPS below 1,000 GiB; its
 * throughput is 128 MiB/s up to 170 GiB and 250 MiB/s above. gp3 gives 3,000 IOPS and 125 MiB/s
 * whatever its size, and up to 16,000 IOPS (500 per GiB) and 1,000 MiB/s (0.25 MiB/s per IOPS) when
 * provisioned.
 */
public final class VolumePerformance {
  private VolumePerformance() {}

  public static final int GP3_BASE_IOPS = 3_000;
  public static final int GP3_BASE_MIBPS = 125;
  public static final int GP3_MAX_IOPS = 16_000;
  public static final int GP3_MAX_MIBPS = 1_000;
  public static final int GP3_IOPS_PER_GIB = 500;
  public static final int GP2_BURST_IOPS = 3_000;
  public static final int GP2_BURST_BELOW_GIB = 1_000;

  public static int gp2BaselineIops(int sizeGib) {
    return Math.max(100, Math.min(16_000, 3 * sizeGib));
  }

  /** The IOPS a gp2 volume can reach: its baseline, or the burst of 3,000 below 1,000 GiB. */
  public static int gp2PeakIops(int sizeGib) {
    return sizeGib < GP2_BURST_BELOW_GIB ? Math.max(GP2_BURST_IOPS, gp2BaselineIops(sizeGib)) : gp2BaselineIops(sizeGib);
  }

  public static int gp2ThroughputMibps(int sizeGib) {
    return sizeGib <= 170 ? 128 : 250;
  }

  /** The most IOPS a gp3 volume of this size may be given. */
  public static int gp3MaxIops(int sizeGib) {
    return Math.max(GP3_BASE_IOPS, Math.min(GP3_MAX_IOPS, GP3_IOPS_PER_GIB * sizeGib));
  }

  /** The gp3 IOPS at least {@code iops} (never below the free 3,000); empty meaning impossible is left to the caller via {@link #gp3MaxIops}. */
  public static int gp3Iops(int iops) {
    return Math.max(GP3_BASE_IOPS, iops);
  }

  /** The gp3 throughput at least {@code mibps} (never below the free 125). */
  public static int gp3Throughput(int mibps) {
    return Math.max(GP3_BASE_MIBPS, mibps);
  }

  /** gp3 allows 0.25 MiB/s per provisioned IOPS. */
  public static int gp3MaxThroughput(int iops) {
    return Math.min(GP3_MAX_MIBPS, iops / 4);
  }
}
