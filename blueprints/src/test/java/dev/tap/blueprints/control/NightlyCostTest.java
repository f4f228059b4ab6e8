package dev.tap.blueprints.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.blueprints.shared.BlueprintContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.App;

/** The nightly cost of the control plane: its arithmetic, and docs/organisation.md printing exactly what it computes. */
class NightlyCostTest {
  static final String BEGIN = "<!-- control-cost:begin (NightlyCostTest writes nothing: it compares) -->", END = "<!-- control-cost:end -->";

  @ParameterizedTest(name = "{0} s billed as {1} s")
  @CsvSource({"0, 60", "59.9, 60", "60, 60", "60.2, 61", "3600, 3600"})
  void fargateBillsPerSecondWithAOneMinuteMinimum(double seconds, double billed) {
    assertThat(NightlyCost.billedSeconds(seconds)).isEqualTo(billed);
  }

  @ParameterizedTest(name = "{0} bytes -> {1} PUT requests")
  @CsvSource({"1, 1", "8388608, 1", "8388609, 4", "16777216, 4", "16777217, 5"})
  void uploadsAboveEightMibGoInParts(double bytes, double requests) {
    assertThat(NightlyCost.uploadRequests(bytes)).isEqualTo(requests);
  }

  /** A small organisation worked by hand: 2 accounts x 1 region, 10 resources each, the measured run had 5 resources and 20 queries. */
  @Test
  void smallOrganisationByHand() throws Exception {
    ObjectMapper m = new ObjectMapper();
    var prices = m.readTree("{\"region\":\"r\",\"asOf\":\"d\",\"prices\":{\"fargateVcpuHour\":{\"usd\":0.036},\"fargateGbHour\":{\"usd\":0.0036},"
        + "\"stepFunctionsTransition\":{\"usd\":0.001},\"getMetricDataMetric\":{\"usd\":0.01},\"s3PutRequest\":{\"usd\":0.1},"
        + "\"s3StandardGbMonth\":{\"usd\":1},\"s3StandardIaGbMonth\":{\"usd\":0.5},\"natGatewayHour\":{\"usd\":0.01},\"kmsKeyMonth\":{\"usd\":1}}}");
    var workload = m.readTree("{\"accounts\":2,\"regionsPerAccount\":1,\"resourcesPerAccountRegion\":10,\"nightsPerMonth\":30,"
        + "\"measured\":{\"resources\":5,\"metricQueries\":20,\"snapshotBytes\":1000000,\"snapshotFiles\":5,\"planBytes\":10000,\"planFiles\":3,"
        + "\"containerSeconds\":90}}");
    NightlyCost cost = new NightlyCost(prices, workload, new NightlyCost.Setup(1024, 2048, 60, 7, 30, 400, 1));
    List<NightlyCost.Line> lines = cost.atMeasuredTime();
    // 2 tasks x 90 s = 0.05 h: 0.05 vCPU-h at 0.036, 0.1 GB-h at 0.0036
    assertThat(lines.get(0).usd()).isCloseTo(0.0018, within(1e-12));
    assertThat(lines.get(1).usd()).isCloseTo(0.00036, within(1e-12));
    // 1 + 2 x 2 transitions; 2 x 10 x 20/5 = 80 metrics; 2 x (1 + 4 + 3) = 16 PUTs (2 MB snapshot: one request)
    assertThat(lines.get(2).quantity()).isEqualTo(5);
    assertThat(lines.get(3).quantity()).isEqualTo(80);
    assertThat(lines.get(3).usd()).isCloseTo(0.8, within(1e-12));
    assertThat(lines.get(4).quantity()).isEqualTo(16);
    // snapshots: 2 x 2 MB x 7 nights = 0.028 GB-months; plans 2 x 20 kB x 30 and x 370
    assertThat(lines.get(5).quantity()).isCloseTo(0.028, within(1e-12));
    assertThat(lines.get(6).quantity()).isCloseTo(0.0012, within(1e-12));
    assertThat(lines.get(7).quantity()).isCloseTo(0.0148, within(1e-12));
    assertThat(lines.get(8).usd()).isCloseTo(7.3, within(1e-12));
    // per night x 30 + monthly once
    double night = 0.0018 + 0.00036 + 0.005 + 0.8 + 1.6;
    double month = 0.028 + 0.0012 + 0.0148 * 0.5 + 7.3 + 1;
    assertThat(cost.monthly(lines)).isCloseTo(night * 30 + month, within(1e-9));
    // the timeout bound bills the whole hour
    assertThat(cost.atTimeout().get(0).quantity()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void docsPrintTheComputedCost() throws Exception {
    ControlConfig defaults = ControlConfig.from(new BlueprintContext(new App()));
    String table = NightlyCost.standard(defaults).markdown();
    System.out.println(table);
    Path doc = Path.of("../docs/organisation.md");
    assertThat(doc).as("docs/organisation.md").exists();
    String text = Files.readString(doc);
    assertThat(text).as("docs/organisation.md holds the cost between the markers").contains(BEGIN, END);
    String printed = text.substring(text.indexOf(BEGIN) + BEGIN.length(), text.indexOf(END)).strip();
    assertThat(printed).as("docs/organisation.md's cost table; replace it with the computed one above").isEqualTo(table.strip());
  }
}
