package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.InstancePriceKey;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.SavingsPlanRates;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.UnitPriceKey;
import dev.tap.optimizer.pricing.UnitRate;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compute Savings Plans rates from served offer files in the bulk API's format (region index, then a
 * region's products and terms.savingsPlan rates; test resources under pricing/savings-plans, whose
 * figures are test inputs, to 10 decimals: Linux c5.xlarge 0.17 and Lambda's GB-second rates times 0.72 / 0.68 / 0.50 /
 * 0.46 for the 1y-no, 1y-all, 3y-no and 3y-all upfront plans), fetched over HTTP by {@link AwsOfferFiles}.
 */
class SavingsPlanRatesTest {
  static final String REGION_FILE = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261120180944/us-west-2/index.json";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:30:00Z"), ZoneOffset.UTC);

  HttpServer server;
  final List<String> requested = new ArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, String> files = Map.of(SavingsPlanRates.REGION_INDEX, "region_index.json", REGION_FILE, "us-west-2.json");
    server.createContext("/", x -> {
      requested.add(x.getRequestURI().getPath());
      String name = files.get(x.getRequestURI().getPath());
      if (name == null) {
        x.sendResponseHeaders(404, -1);
        x.close();
        return;
      }
      try (InputStream in = getClass().getResourceAsStream("/dev/tap/optimizer/pricing/savings-plans/" + name)) {
        byte[] body = in.readAllBytes();
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
      }
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** c5.xlarge and Lambda in {@code region}, with an old Savings Plans rate that the refresh must replace. */
  static PriceList list(String region) {
    return PriceListFile.parse("""
        {"schema":"tap-price-list/1","priceListDate":"2026-11-22","currency":"USD",
         "sources":{"s":"test"},
         "instances":[{"service":"ec2","type":"c5.xlarge","region":"%1$s","purchase":"on-demand","usd":0.17,"source":"s"},
                      {"service":"ec2","type":"c5.xlarge","region":"%1$s","purchase":"savings-plan-compute-1y-no-upfront","usd":0.9,"source":"s"}],
         "units":[{"rate":"lambda.duration.gb-second","region":"%1$s","usd":0.0000166667,"source":"s"},
                  {"rate":"lambda.requests.million","region":"%1$s","usd":0.2,"source":"s"},
                  {"rate":"lambda.provisioned.gb-second","region":"%1$s","usd":0.0000041667,"source":"s"},
                  {"rate":"lambda.provisioned.duration.gb-second","region":"%1$s","usd":0.0000097222,"source":"s"}]}
        """.formatted(region), "test list");
  }

  @ParameterizedTest(name = "{0}: x{1}")
  @CsvSource({"savings-plan-compute-1y-no-upfront, 0.72", "savings-plan-compute-1y-all-upfront, 0.68",
      "savings-plan-compute-3y-no-upfront, 0.50", "savings-plan-compute-3y-all-upfront, 0.46"})
  void keepsLinuxSharedEc2AndTheLambdaGbSecondRates(String optionId, double share) {
    PurchaseOption option = PurchaseOption.byId(optionId).orElseThrow();
    PriceList fresh = new SavingsPlanRates(new AwsOfferFiles(base()), CLOCK).refresh(list("us-west-2"));
    var ec2 = fresh.instances().get(new InstancePriceKey(Service.EC2, "c5.xlarge", "us-west-2", Deployment.SINGLE_AZ, option));
    assertThat(ec2.usd()).isCloseTo(0.17 * share, within(1e-9)); // not Windows, dedicated or the Local Zone
    assertThat(ec2.source()).isEqualTo(SavingsPlanRates.SOURCE_ID);
    assertThat(fresh.units().get(new UnitPriceKey(UnitRate.LAMBDA_GB_SECOND, "us-west-2", option)).usd())
        .isCloseTo(0.0000166667 * share, within(1e-10)); // not the ARM rate
    assertThat(fresh.units().get(new UnitPriceKey(UnitRate.LAMBDA_PROVISIONED_GB_SECOND, "us-west-2", option)).usd())
        .isCloseTo(0.0000041667 * share, within(1e-10));
    assertThat(fresh.units().get(new UnitPriceKey(UnitRate.LAMBDA_PROVISIONED_DURATION_GB_SECOND, "us-west-2", option)).usd())
        .isCloseTo(0.0000097222 * share, within(1e-10));
    assertThat(fresh.units()).doesNotContainKey(new UnitPriceKey(UnitRate.LAMBDA_REQUEST_MILLION, "us-west-2", option));
    assertThat(fresh.sources().get(SavingsPlanRates.SOURCE_ID)).contains("retrieved 2026-11-22T08:30:00Z")
        .contains("published 2026-11-20T18:09:44Z").contains(base() + SavingsPlanRates.REGION_INDEX);
    // every other price kept as it was
    assertThat(fresh.units().get(new UnitPriceKey(UnitRate.LAMBDA_REQUEST_MILLION, "us-west-2")).usd()).isEqualTo(0.2);
    assertThat(requested).containsExactly(SavingsPlanRates.REGION_INDEX, REGION_FILE);
  }

  @Test
  void partialUpfrontAndEc2InstanceSavingsPlansAreNotComputeOptions() {
    PriceList fresh = new SavingsPlanRates(new AwsOfferFiles(base()), CLOCK).refresh(list("us-west-2"));
    long ec2 = fresh.instances().keySet().stream().filter(k -> k.purchase().savingsPlan).count();
    long lambda = fresh.units().keySet().stream().filter(k -> k.purchase().savingsPlan).count();
    assertThat(ec2).isEqualTo(4);
    assertThat(lambda).isEqualTo(12);
  }

  @Test
  void aRegionWithoutAFileFailsNamingIt() {
    assertThatThrownBy(() -> new SavingsPlanRates(new AwsOfferFiles(base()), CLOCK).refresh(list("ap-south-1")))
        .isInstanceOf(UserError.class).hasMessageContaining("no Compute Savings Plans file for ap-south-1").hasMessageContaining("nothing was written");
  }

  @Test
  void aFileTheHostDoesNotServeIsAnAccessErrorNamingTheUrl() {
    assertThatThrownBy(() -> new SavingsPlanRates(new AwsOfferFiles(base()), CLOCK).refresh(list("eu-west-1")))
        .isInstanceOf(UserError.class).hasMessageContaining("/eu-west-1/index.json answered HTTP 404")
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.AWS_ACCESS));
  }

  @Test
  void anUnreachableHostSaysHowToSkip() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(() -> new SavingsPlanRates(new AwsOfferFiles("http://127.0.0.1:" + closed), CLOCK).refresh(list("us-west-2")))
        .isInstanceOf(UserError.class).hasMessageContaining("Cannot reach http://127.0.0.1:" + closed).hasMessageContaining("--no-savings-plans");
  }
}
