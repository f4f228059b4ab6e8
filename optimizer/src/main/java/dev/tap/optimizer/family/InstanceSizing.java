package dev.tap.optimizer.family;

import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Sizing an EC2 instance type both ways from what it carries (issue 13), for standalone instances
 * and Auto Scaling groups alike: the vCPUs that put a high CPU percentile at the target
 * utilisation, the memory that keeps the maximum in use at its target (or today's memory when it
 * is not measured: never less), and network and EBS bandwidth that cover the observed peaks. The
 * cheapest current-generation general purpose, compute or memory optimised type that fits wins.
 */
public final class InstanceSizing {
  private InstanceSizing() {}

  /** General purpose, compute and memory optimised classes. */
  private static final Set<String> CLASSES = Set.of("m", "c", "r");
  /** Plain Intel, AMD and Graviton variants (no local disks, no network-optimised, no flex). */
  private static final Set<String> VARIANTS = Set.of("", "i", "a", "g");
  /** Candidates come from this generation on; older families migrate (m4 -> m6i/m7i). */
  public static final int MIN_GENERATION = 6;

  /**
   * What the instance carries. {@code cpuHighPct} is a high percentile of CPU (% of today's vCPUs);
   * memory is the maximum in use (% of today's memory), empty when the CloudWatch agent does not
   * publish it; network and EBS peaks are Gbit/s, empty when not read.
   */
  public record Demand(double cpuHighPct, Optional<Double> memoryUsedMaxPct, Optional<Double> networkPeakGbps, Optional<Double> ebsPeakGbps) {}

  /** The policy's targets (percentages 0 to 100). */
  public record Targets(double cpuPct, double memoryPct, double bandwidthPct, boolean allowArchChange) {}

  /** What a type must have. {@code memoryMeasured} false means {@code memoryGib} is today's memory (a floor). */
  public record Need(double vcpu, double memoryGib, double networkGbps, double ebsGbps, boolean memoryMeasured) {
    public boolean fits(InstanceSpec s) {
      return s.vcpu() >= vcpu - 1e-9 && s.memoryGib() >= memoryGib - 1e-9 && s.networkGbps() >= networkGbps - 1e-9 && s.ebsGbps() >= ebsGbps - 1e-9;
    }
  }

  /** A type that fits, with its on-demand hourly price in the region. */
  public record Choice(InstanceSpec spec, double hourlyUsd) {}

  public static Need need(InstanceSpec current, Demand d, Targets t) {
    double vcpu = current.vcpu() * d.cpuHighPct() / t.cpuPct();
    double memory = d.memoryUsedMaxPct().map(pct -> current.memoryGib() * pct / t.memoryPct()).orElse(current.memoryGib());
    double network = d.networkPeakGbps().map(g -> g * 100 / t.bandwidthPct()).orElse(0.0);
    double ebs = d.ebsPeakGbps().map(g -> g * 100 / t.bandwidthPct()).orElse(0.0);
    return new Need(vcpu, memory, network, ebs, d.memoryUsedMaxPct().isPresent());
  }

  /** Whether {@code s} may replace {@code current}: a plain m/c/r type of generation 6 or later, or today's own family. */
  public static boolean candidate(InstanceSpec current, InstanceSpec s, boolean allowArchChange) {
    if (!s.hasSpecs() || !s.current() || s.size().startsWith("metal")) return false;
    if (!allowArchChange && !s.arch().equals(current.arch())) return false;
    if (s.family().equals(current.family())) return true;
    String f = s.family();
    String cls = f.replaceAll("\\d.*", "");
    String variant = f.replaceAll("^[a-z]+\\d+", "");
    return CLASSES.contains(cls) && VARIANTS.contains(variant) && s.generation() >= MIN_GENERATION;
  }

  /** The cheapest candidate in {@code region} that fits {@code need} (ties: fewer vCPUs, then name). */
  public static Optional<Choice> cheapest(InstanceSpec current, Need need, String region, boolean allowArchChange, Ec2Catalogue catalogue) {
    return cheapest(current, need, region, allowArchChange, catalogue, s -> true);
  }

  /** As above, among the types that also pass {@code also} (the EC2 family's EBS IOPS check). */
  public static Optional<Choice> cheapest(InstanceSpec current, Need need, String region, boolean allowArchChange, Ec2Catalogue catalogue,
      java.util.function.Predicate<InstanceSpec> also) {
    return catalogue.types().stream()
        .filter(s -> candidate(current, s, allowArchChange) && need.fits(s) && also.test(s))
        .flatMap(s -> catalogue.onDemand(region, s.type()).map(r -> new Choice(s, r.usd())).stream())
        .min(Comparator.comparingDouble(Choice::hourlyUsd).thenComparingInt(c -> c.spec().vcpu()).thenComparing(c -> c.spec().type()));
  }
}
