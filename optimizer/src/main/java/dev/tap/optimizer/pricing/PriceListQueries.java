package dev.tap.optimizer.pricing;

import static dev.tap.optimizer.pricing.ProductFilter.contains;
import static dev.tap.optimizer.pricing.ProductFilter.equal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How each price in the list is found in the AWS Price List: the GetProducts filters, and which of
 * the returned products is the one (usage types carry a region prefix, and RDS abbreviates sizes
 * in them, so the final choice is made here rather than by exact filters).
 */
final class PriceListQueries {
  private PriceListQueries() {}

  /** A GetProducts request and the test a returned product must pass. */
  record Query(String serviceCode, List<ProductFilter> filters, Predicate<PriceListProduct> keep) {}

  static Query instance(Service service, String type, String region, Deployment deployment) {
    List<ProductFilter> f = new ArrayList<>(List.of(equal("regionCode", region)));
    return switch (service) {
      case EC2 -> {
        f.addAll(List.of(equal("instanceType", type), equal("operatingSystem", "Linux"), equal("tenancy", "Shared"),
            equal("preInstalledSw", "NA"), equal("capacitystatus", "Used")));
        yield new Query(service.serviceCode, f,
            p -> p.usageType().equals("BoxUsage:" + type) && p.attribute("operation").equals("RunInstances"));
      }
      case RDS_POSTGRESQL, AURORA_POSTGRESQL, AURORA_MYSQL -> {
        String engine = switch (service) {
          case RDS_POSTGRESQL -> "PostgreSQL";
          case AURORA_POSTGRESQL -> "Aurora PostgreSQL";
          default -> "Aurora MySQL";
        };
        boolean multiAz = deployment == Deployment.MULTI_AZ;
        f.addAll(List.of(equal("instanceType", type), equal("databaseEngine", engine),
            equal("deploymentOption", multiAz ? "Multi-AZ" : "Single-AZ")));
        // "InstanceUsage:db.r6g.2xl": the size is abbreviated; the I/O-Optimized Aurora
        // configuration is "InstanceUsageIOOptimized:" and Multi-AZ DB clusters "Multi-AZClusterUsage:".
        String prefix = multiAz ? "Multi-AZUsage:" : "InstanceUsage:";
        yield new Query(service.serviceCode, f, p -> p.usageType().startsWith(prefix));
      }
      case ELASTICACHE_REDIS -> {
        // Engines share the usage type; "Redis" is also spelled "Redis OSS", Valkey is priced lower.
        f.add(equal("instanceType", type));
        yield new Query(service.serviceCode, f,
            p -> p.usageType().equals("NodeUsage:" + type) && p.attribute("cacheEngine").startsWith("Redis"));
      }
      case DAX -> {
        f.add(equal("instanceType", type));
        yield new Query(service.serviceCode, f, p -> p.usageType().equals("NodeUsage:" + type));
      }
      case SAGEMAKER_HOSTING, SAGEMAKER_TRAINING -> {
        String usage = (service == Service.SAGEMAKER_HOSTING ? "Host:" : "Train:") + type;
        f.add(contains("usagetype", usage));
        yield new Query(service.serviceCode, f, p -> p.usageType().equals(usage));
      }
    };
  }

  static Query unit(UnitRate rate, String region) {
    return new Query(rate.serviceCode,
        List.of(equal("regionCode", region), contains("usagetype", rate.usageType)),
        p -> p.usageType().equals(rate.usageType));
  }
}
