package dev.tap.optimizer.family.ebs;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.UnitRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** EBS volumes: type, IOPS and throughput by ModifyVolume (online); unattached volumes reported. */
public final class EbsFamily extends FamilyBase {
  public static final Family EBS = new Family("EBS", "EBS volume", "AWS/EBS");
  public static final ActionKind EBS_MODIFY_VOLUME = new ActionKind("EBS_MODIFY_VOLUME", EBS);

  /** Configuration keys of a volume. */
  public static final String VOLUME_TYPE = "volumeType";
  public static final String SIZE_GIB = "sizeGiB";
  public static final String IOPS = "iops";
  public static final String THROUGHPUT = "throughputMiBps";
  /** The instance it is attached to; absent when unattached. */
  public static final String ATTACHED_TO = "attachedTo";
  /** When it was created (ISO-8601). */
  public static final String CREATED = "createTime";
  /** The start of its latest modification (ISO-8601); absent when never modified. */
  public static final String MODIFIED_AT = "modifiedAt";

  /** AWS allows the next modification of a volume six hours after the last one. */
  public static final Duration MODIFICATION_COOLDOWN = Duration.ofHours(6);

  /** Volumes last, after the databases: their inverse cannot run for six hours, the slowest undo of all. */
  public static final Stage STAGE = new Stage(60, "EBS volumes");

  public EbsFamily() {
    super(List.of(EBS), List.of(EBS_MODIFY_VOLUME), EbsMetrics::specs, new EbsRules(), STAGE, List.of());
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    return monthly(model.book(), r.region(), c);
  }

  /** Storage plus provisioned IOPS and throughput of one volume, at the list's rates. */
  public static double monthly(PriceBook book, String region, Map<String, String> c) {
    String type = c.get(VOLUME_TYPE);
    double size = Double.parseDouble(c.getOrDefault(SIZE_GIB, "0"));
    int iops = value(c, IOPS) == null ? 0 : Integer.parseInt(value(c, IOPS));
    int mibps = value(c, THROUGHPUT) == null ? 0 : Integer.parseInt(value(c, THROUGHPUT));
    return switch (type == null ? "" : type) {
      case "gp2" -> size * book.unitUsd(UnitRate.EBS_GP2_GB_MONTH, region);
      case "gp3" -> size * book.unitUsd(UnitRate.EBS_GP3_GB_MONTH, region)
          + Math.max(0, iops - VolumePerformance.GP3_BASE_IOPS) * book.unitUsd(UnitRate.EBS_GP3_IOPS_MONTH, region)
          + Math.max(0, mibps - VolumePerformance.GP3_BASE_MIBPS) * book.unitUsd(UnitRate.EBS_GP3_THROUGHPUT_MIBPS_MONTH, region);
      case "io1" -> size * book.unitUsd(UnitRate.EBS_IO1_GB_MONTH, region) + iops * book.unitUsd(UnitRate.EBS_IO1_IOPS_MONTH, region);
      case "io2" -> new CostModel(book).ebsIo2Monthly(region, size, iops);
      default -> throw new CostUnavailable("EBS volume type '" + type + "' is not in the price list (gp2, gp3, io1, io2 are)");
    };
  }

  /** A configuration value, null when absent or blank (a simulated volume that lost its throughput on a move to gp2 holds ""). */
  public static String value(Map<String, String> c, String key) {
    String v = c.get(key);
    return v == null || v.isBlank() ? null : v;
  }

  @Override
  public boolean hasConfigurationFindings() {
    return true;
  }

  @Override
  public List<Finding> configurationFindings(Resource r, Instant asOf, Policy policy, double monthlyUsd) {
    return EbsRules.unattached(r, asOf, policy.number(EbsRules.UNATTACHED_MIN_DAYS), monthlyUsd);
  }

  @Override
  public void rollback(RollbackScript s) {
    String type = s.need(VOLUME_TYPE);
    StringBuilder c = new StringBuilder("aws ec2 modify-volume --volume-id " + s.id() + " --volume-type " + type);
    if (!type.equals("gp2") && s.value(IOPS) != null) c.append(" --iops ").append(s.value(IOPS));
    if (type.equals("gp3") && s.value(THROUGHPUT) != null) c.append(" --throughput ").append(s.value(THROUGHPUT));
    s.command(c + s.region());
    s.note("AWS refuses a volume's next modification for six hours after the last one: this command fails with IncorrectModificationState "
        + "until six hours after the change (the journal's call time); from then on 'tap rollback RUN --phase N' finishes a rollback the guard could not.");
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    Objective none = Objective.open("no change (the volume keeps its data)");
    return in.result("the volume falls short of its load after the change", none,
        Objective.of(MODIFICATION_COOLDOWN, "the inverse ModifyVolume is allowed six hours after the change, then applies online"),
        Objective.NONE_LOST, Objective.NONE_LOST,
        "Type " + RecoveryInputs.shown(in.before(), VOLUME_TYPE) + " -> " + RecoveryInputs.shown(in.after(), VOLUME_TYPE) + ", IOPS "
            + RecoveryInputs.shown(in.before(), IOPS) + " -> " + RecoveryInputs.shown(in.after(), IOPS)
            + ": ModifyVolume keeps the data and the attachment; only the performance changes, and it cannot be undone for six hours.");
  }

  /** The average queue of outstanding I/O: a volume short of IOPS or throughput queues. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    return List.of(HealthSignal.above(r.id(), "EBS queue length", EbsMetrics.NAMESPACE, EbsMetrics.QUEUE_LENGTH, EbsMetrics.dims(r), "Average",
        "guard.ebs.queueLengthMax"));
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after).only(VOLUME_TYPE, IOPS, THROUGHPUT)
        .oneOf(VOLUME_TYPE, "gp2", "gp3", "io1", "io2").integer(IOPS, 100, 256_000).integer(THROUGHPUT, 125, 1_000);
    String type = after.get(VOLUME_TYPE);
    if ("gp3".equals(type)) {
      v.required(IOPS, THROUGHPUT).integer(IOPS, VolumePerformance.GP3_BASE_IOPS, VolumePerformance.GP3_MAX_IOPS)
          .check(v.longOr(THROUGHPUT, 0) <= v.longOr(IOPS, 0) / 4, "gp3 throughput " + after.get(THROUGHPUT) + " MiB/s is above 0.25 MiB/s per IOPS");
    } else if ("gp2".equals(type)) {
      v.check(!after.containsKey(IOPS) && !after.containsKey(THROUGHPUT), "gp2 takes neither iops nor throughputMiBps");
    } else if (type != null) {
      v.check(!after.containsKey(THROUGHPUT), type + " takes no throughputMiBps");
    }
    return v.problems();
  }
}
