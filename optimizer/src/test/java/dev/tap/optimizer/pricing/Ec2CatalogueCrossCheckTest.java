package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the bundled instance catalogue against both public tables in ../shared/data/aws_prices
 * (prices within 1 %, specs equal), and its derived specs' method against the table's own types.
 * Skipped with a message when the shared data is not next to the checkout.
 */
class Ec2CatalogueCrossCheckTest {
  private static final Ec2Catalogue CATALOGUE = Ec2Catalogue.bundled();
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
        + "; the catalogue cross-check needs the shared price tables");
    Path p = prices.resolve(name);
    assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent");
    return p;
  }

  @Test
  void everyKarpenterPriceWithinOnePercent() throws IOException {
    int compared = 0;
    for (String line : Files.readAllLines(table("karpenter_ec2_ondemand_linux_per_hour.csv"))) {
      String[] f = line.split(",");
      if (!f[3].equals("USD") || Double.parseDouble(f[2]) <= 0) continue;
      assertThat(CATALOGUE.onDemand(f[0], f[1])).as(f[0] + " " + f[1]).isPresent();
      assertThat(CATALOGUE.onDemand(f[0], f[1]).get().usd()).as(f[0] + " " + f[1]).isCloseTo(Double.parseDouble(f[2]), Percentage.withPercentage(1));
      compared++;
    }
    assertThat(compared).isGreaterThan(2_600);
  }

  @Test
  void ec2InstancesInfoSpecsEqualAndPricesWithinOnePercentWhereKarpenterHasNone() throws IOException {
    JsonNode data = new ObjectMapper().readTree(table("ec2instances_info_ec2_ondemand_spot_2024-04-04.json").toFile()).get("data");
    int compared = 0;
    for (JsonNode e : data) {
      String type = e.path("instance-type").asText();
      InstanceSpec s = CATALOGUE.spec(type).orElseThrow(() -> new AssertionError(type + " missing"));
      assertThat(s.vcpu()).as(type).isEqualTo(e.path("vCPU").asInt());
      assertThat(s.memoryGib()).as(type).isEqualTo(e.path("memory").asDouble());
      Rate r = CATALOGUE.onDemand(e.path("region").asText(), type).orElse(null);
      String od = e.path("ondemand").asText();
      if (r != null && r.source().endsWith("-e") && !od.isEmpty() && !od.equals("N/A") && Double.parseDouble(od) > 0) {
        assertThat(r.usd()).as(type + " in " + e.path("region").asText()).isCloseTo(Double.parseDouble(od), Percentage.withPercentage(1));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(5_000);
  }

  /** The derivation (size ladder x the class's memory per vCPU) reproduces every generation 6+ m/c/r type the 2024 table lists. */
  @Test
  void derivationMethodReproducesTheTable() throws IOException {
    table("ec2instances_info_ec2_ondemand_spot_2024-04-04.json");
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (InstanceSpec s : CATALOGUE.types()) {
      if (!s.specSource().equals("table") || !s.family().matches("[mcr][6-9][aig]?") || s.size().startsWith("metal")) continue;
      int ladder = switch (s.size()) {
        case "medium" -> 1;
        case "large" -> 2;
        case "xlarge" -> 4;
        default -> 4 * Integer.parseInt(s.size().replace("xlarge", ""));
      };
      double perVcpu = switch (s.family().charAt(0)) {
        case 'c' -> 2;
        case 'm' -> 4;
        default -> 8;
      };
      if (ladder != s.vcpu() || ladder * perVcpu != s.memoryGib()) wrong.add(s.type());
      checked++;
    }
    assertThat(wrong).isEmpty();
    assertThat(checked).isGreaterThan(150);
  }
}
