package dev.tap.optimizer.family.asg;

import dev.tap.optimizer.pricing.Ec2Catalogue;
import java.util.Map;
import java.util.Optional;

/**
 * Baseline (sustained) network bandwidth of EC2 types in Gbit/s: the types the blueprints and
 * rules use from the EC2 instance-type documentation ("network performance", baseline column),
 * every other type from the dated instance catalogue ({@link Ec2Catalogue}). The burst figure ("up
 * to 10 Gigabit") is not sustainable and is not used.
 */
public final class NetworkBandwidth {
  private NetworkBandwidth() {}

  private static final Map<String, Double> BASELINE_GBPS = Map.ofEntries(
      Map.entry("m5.large", 0.75), Map.entry("m5.xlarge", 1.25), Map.entry("m5.2xlarge", 2.5),
      Map.entry("m5.4xlarge", 5.0), Map.entry("m5.8xlarge", 10.0),
      Map.entry("c5.large", 0.75), Map.entry("c5.xlarge", 1.25), Map.entry("c5.2xlarge", 2.5),
      Map.entry("c5.4xlarge", 5.0), Map.entry("c5.9xlarge", 10.0),
      Map.entry("c6i.large", 0.781), Map.entry("c6i.xlarge", 1.562), Map.entry("c6i.2xlarge", 3.125),
      Map.entry("c6i.4xlarge", 6.25), Map.entry("c6i.8xlarge", 12.5));

  /** The documented figure, else the catalogue's (the bundled one). */
  public static Optional<Double> gbps(String instanceType) {
    return gbps(instanceType, Ec2Catalogue.bundled());
  }

  /** The documented figure, else {@code catalogue}'s (the run's: a refreshed catalogue has DescribeInstanceTypes' baselines). */
  public static Optional<Double> gbps(String instanceType, Ec2Catalogue catalogue) {
    Double known = BASELINE_GBPS.get(instanceType);
    if (known != null) return Optional.of(known);
    return catalogue.spec(instanceType).map(Ec2Catalogue.InstanceSpec::networkGbps).filter(g -> g > 0);
  }
}
