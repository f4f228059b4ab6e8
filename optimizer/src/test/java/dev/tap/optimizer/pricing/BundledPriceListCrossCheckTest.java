package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the bundled list against the public price tables in ../shared/data/aws_prices (see its
 * README). Tolerances follow each table's age: the Karpenter EC2 table (generated 2026-07-20) must
 * agree within 1 %; ec2instances.info EC2 (2024-04-04) within 1 %; RDS (2021-08-03) and ElastiCache
 * (2022-02-13) within 10 %, room for a repricing since then that the 2025 list would carry. Skipped
 * with a message when the shared data is not next to the checkout.
 */
class BundledPriceListCrossCheckTest {
  private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PriceList LIST = PriceListFile.bundled();
  private static Path prices;

  @BeforeAll
  static void locateSharedData() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("shared/data/README.md"))) {
        prices = dir.resolve("shared/data/aws_prices");
        return;
      }
    }
  }

  private static Path table(String name) {
    assumeTrue(prices != null, "skipped: no shared/data/README.md above " + Path.of("").toAbsolutePath()
        + "; the price cross-check needs the shared price tables");
    Path p = prices.resolve(name);
    assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent");
    return p;
  }

  private List<String> compare(Service service, Map<String, Double> reference, String region, double tolerance) {
    List<String> compared = new ArrayList<>();
    LIST.instances().forEach((k, rate) -> {
      if (k.service() == service && k.region().equals(region) && k.deployment() == Deployment.SINGLE_AZ
          && k.purchase() == PurchaseOption.ON_DEMAND && reference.containsKey(k.type())) {
        assertThat(rate.usd()).as(k.describe()).isCloseTo(reference.get(k.type()),
            org.assertj.core.data.Percentage.withPercentage(tolerance));
        compared.add(k.type());
      }
    });
    return compared;
  }

  @Test
  void ec2OnDemandAgreesWithKarpenterTableWithinOnePercent() throws IOException {
    Map<String, Double> usEast1 = new HashMap<>();
    for (String line : Files.readAllLines(table("karpenter_ec2_ondemand_linux_per_hour.csv"))) {
      String[] f = line.split(",");
      if (f[0].equals("us-east-1") && f[3].equals("USD")) {
        usEast1.put(f[1], Double.parseDouble(f[2]));
      }
    }
    assertThat(compare(Service.EC2, usEast1, "us-east-1", 1.0)).hasSize(10);
  }

  @Test
  void ec2OnDemandAgreesWithEc2InstancesInfo2024WithinOnePercent() throws IOException {
    JsonNode data = JSON.readTree(table("ec2instances_info_ec2_ondemand_spot_2024-04-04.json").toFile()).get("data");
    for (String region : REGIONS) {
      Map<String, Double> ref = new HashMap<>();
      for (JsonNode e : data) {
        if (e.path("region").asText().equals(region) && !e.path("ondemand").asText().isEmpty()) {
          ref.put(e.get("instance-type").asText(), e.get("ondemand").asDouble());
        }
      }
      assertThat(compare(Service.EC2, ref, region, 1.0)).as(region).hasSize(10);
    }
  }

  @Test
  void rdsAndAuroraOnDemandAgreeWithEc2InstancesInfo2021WithinTenPercent() throws IOException {
    JsonNode classes = JSON.readTree(table("ec2instances_info_rds_2021-08-03.json").toFile());
    Map<Service, String> engine = Map.of(
        Service.RDS_POSTGRESQL, "PostgreSQL",
        Service.AURORA_POSTGRESQL, "Aurora PostgreSQL",
        Service.AURORA_MYSQL, "Aurora MySQL");
    for (String region : REGIONS) {
      for (Map.Entry<Service, String> e : engine.entrySet()) {
        Map<String, Double> ref = new HashMap<>();
        for (JsonNode c : classes) {
          JsonNode price = c.path("pricing").path(region).path(e.getValue()).path("ondemand");
          if (price.isNumber()) {
            ref.put(c.get("instance_type").asText(), price.asDouble());
          }
        }
        int expected = e.getKey() == Service.RDS_POSTGRESQL ? 3 : 5;
        assertThat(compare(e.getKey(), ref, region, 10.0)).as(e.getValue() + " " + region).hasSize(expected);
      }
    }
  }

  @Test
  void elastiCacheOnDemandAndReservedAgreeWithEc2InstancesInfo2022WithinTenPercent() throws IOException {
    JsonNode nodes = JSON.readTree(table("ec2instances_info_elasticache_2022-02-13.json").toFile());
    int reservedCompared = 0;
    for (String region : REGIONS) {
      Map<String, Double> ref = new HashMap<>();
      for (JsonNode n : nodes) {
        JsonNode redis = n.path("pricing").path(region).path("Redis");
        if (redis.path("ondemand").isNumber()) {
          String type = n.get("instance_type").asText();
          ref.put(type, redis.get("ondemand").asDouble());
          JsonNode oneYear = redis.path("reserved").path("yrTerm1Standard.noUpfront");
          Rate listed = LIST.instances().get(new InstancePriceKey(Service.ELASTICACHE_REDIS, type, region,
              Deployment.SINGLE_AZ, PurchaseOption.RESERVED_1Y_NO_UPFRONT));
          if (listed != null && oneYear.isNumber()) {
            assertThat(listed.usd()).as(type + " 1y " + region)
                .isCloseTo(oneYear.asDouble(), org.assertj.core.data.Percentage.withPercentage(10));
            reservedCompared++;
          }
        }
      }
      // The 2022 table lacks cache.r6gd.8xlarge in eu-west-1, which the list carries.
      assertThat(compare(Service.ELASTICACHE_REDIS, ref, region, 10.0)).as(region)
          .hasSize(region.equals("eu-west-1") ? 8 : 9);
    }
    assertThat(reservedCompared).isEqualTo(15);
  }
}
