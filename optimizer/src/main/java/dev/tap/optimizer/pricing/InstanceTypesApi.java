package dev.tap.optimizer.pricing;

import java.util.List;
import java.util.Optional;

/** The EC2 instance types a region offers, with their specs (EC2 DescribeInstanceTypes, every page). */
public interface InstanceTypesApi {

  /**
   * One type as DescribeInstanceTypes describes it. {@code cardBaselineGbps} holds each network
   * card's BaselineBandwidthInGbps (empty list when the API gives none); {@code networkPerformance}
   * is the instance's text ("25 Gigabit", "Up to 12.5 Gigabit"); EBS figures are 0 when absent.
   */
  record Facts(String type, int vcpu, long memoryMib, List<String> architectures, boolean currentGeneration,
      List<Double> cardBaselineGbps, String networkPerformance, double ebsBaselineMbps, int ebsBaselineIops) {

    public Optional<Double> cardsBaseline() {
      return cardBaselineGbps.isEmpty() ? Optional.empty() : Optional.of(cardBaselineGbps.stream().mapToDouble(Double::doubleValue).sum());
    }
  }

  /**
   * @throws dev.tap.optimizer.error.UserError when the region is unknown, unreachable or refuses the caller
   */
  List<Facts> instanceTypes(String region);
}
