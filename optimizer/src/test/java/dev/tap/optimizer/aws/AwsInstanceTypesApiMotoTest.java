package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2CatalogueRefresher;
import dev.tap.optimizer.pricing.InstanceTypesApi;
import dev.tap.optimizer.pricing.PriceListApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DescribeInstanceTypes against moto (which serves AWS's own instance-type data), and the
 * issue-13 cross-check: a catalogue refreshed for us-east-1 from moto's types and GetProducts
 * answers built from the Karpenter on-demand table (../shared/data/aws_prices) prices every
 * current-generation Linux type.
 */
@ExtendWith(MotoServer.Extension.class)
class AwsInstanceTypesApiMotoTest {
  static final String REGION = "us-east-1";

  @Test
  void readsEveryTypeWithItsSpecs(MotoServer moto) {
    List<InstanceTypesApi.Facts> all;
    try (AwsClients aws = moto.clients(REGION)) {
      all = new AwsInstanceTypesApi(aws).instanceTypes(REGION);
    }
    Map<String, InstanceTypesApi.Facts> byType = all.stream().collect(Collectors.toMap(InstanceTypesApi.Facts::type, Function.identity()));
    assertThat(all).hasSizeGreaterThan(500);
    InstanceTypesApi.Facts t3 = byType.get("t3.micro");
    assertThat(t3.vcpu()).isEqualTo(2);
    assertThat(t3.memoryMib()).isEqualTo(1024);
    assertThat(t3.architectures()).containsExactly("x86_64");
    assertThat(t3.currentGeneration()).isTrue();
    assertThat(t3.networkPerformance()).isEqualTo("Up to 5 Gigabit");
    assertThat(t3.cardBaselineGbps()).containsExactly(0.064);
    assertThat(t3.ebsBaselineMbps()).isEqualTo(87);
    assertThat(t3.ebsBaselineIops()).isEqualTo(500);
    assertThat(byType.get("m6g.large").architectures()).contains("arm64");
    // two network cards each reporting the instance's 200 Gbit/s: the plain figure caps their sum
    assertThat(Ec2CatalogueRefresher.networkGbps(byType.get("c6in.32xlarge"))).contains(200.0);
  }

  @Test
  void anUnknownRegionIsABadInputBeforeAnyCall(MotoServer moto) {
    try (AwsClients aws = moto.clients(REGION)) {
      assertThatThrownBy(() -> new AwsInstanceTypesApi(aws).instanceTypes("eu-nowhere-9")).isInstanceOf(UserError.class)
          .hasMessageContaining("Unknown AWS region 'eu-nowhere-9'");
    }
  }

  @Test
  void aRefreshedCatalogueFromServedDataPricesEveryCurrentGenerationType(MotoServer moto) throws IOException {
    Path karpenter = karpenterTable();
    List<String> products = new ArrayList<>();
    for (String line : Files.readAllLines(karpenter)) {
      String[] f = line.split(",");
      if (!f[0].equals(REGION) || !f[3].equals("USD")) continue;
      products.add(product(f[1], Double.parseDouble(f[2])));
    }
    PriceListApi served = (code, filters) -> products;
    Ec2CatalogueRefresher.Result r;
    try (AwsClients aws = moto.clients(REGION)) {
      r = new Ec2CatalogueRefresher(new AwsInstanceTypesApi(aws), served, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC))
          .refresh(Ec2Catalogue.bundled(), List.of(REGION));
    }
    Ec2CatalogueRefresher.RegionSummary s = r.regions().get(0);
    System.out.printf("us-east-1 refresh from moto + Karpenter table: %d types, %d prices refreshed, %d current-generation types priced from the base, "
        + "%d unpriced%n", s.typesRefreshed(), s.pricesRefreshed(), s.basePriced().size(), s.unpriced().size());
    assertThat(s.typesRefreshed()).isGreaterThan(500);
    assertThat(s.pricesRefreshed()).isGreaterThan(500);
    assertThat(s.unpriced()).as("current-generation types without any price").isEmpty();
    // every current-generation type with specs is priced in the region, from the API or the named base
    List<String> missing = r.catalogue().types().stream().filter(t -> t.current() && t.specSource().equals("api") && !t.arch().endsWith("_mac"))
        .filter(t -> r.catalogue().onDemand(REGION, t.type()).isEmpty()).map(Ec2Catalogue.InstanceSpec::type).toList();
    assertThat(missing).isEmpty();
  }

  /**
   * The bundled catalogue's specs against DescribeInstanceTypes: every table and derived (size
   * ladder) entry moto describes has its vCPUs, and its memory within 2 % (the 2024 table rounds
   * a few old types: m1.medium 3.75 GiB is 3,788 MiB). Network estimates are only printed: they are
   * estimates, which is why the refresh replaces them.
   */
  @Test
  void bundledSpecsAgreeWithDescribeInstanceTypes(MotoServer moto) {
    Map<String, InstanceTypesApi.Facts> api;
    try (AwsClients aws = moto.clients(REGION)) {
      api = new AwsInstanceTypesApi(aws).instanceTypes(REGION).stream().collect(Collectors.toMap(InstanceTypesApi.Facts::type, Function.identity()));
    }
    int compared = 0;
    int derived = 0;
    List<Double> networkRatio = new ArrayList<>();
    for (Ec2Catalogue.InstanceSpec s : Ec2Catalogue.bundled().types()) {
      InstanceTypesApi.Facts f = api.get(s.type());
      if (f == null || !s.hasSpecs()) continue;
      compared++;
      if (s.specSource().equals("derived")) derived++;
      assertThat(s.vcpu()).as(s.type() + " vCPU (" + s.specSource() + ")").isEqualTo(f.vcpu());
      assertThat(s.memoryGib()).as(s.type() + " GiB (" + s.specSource() + ")").isCloseTo(f.memoryMib() / 1024.0, org.assertj.core.data.Percentage.withPercentage(2));
      f.cardsBaseline().filter(g -> g > 0).ifPresent(g -> networkRatio.add(s.networkGbps() / g));
    }
    networkRatio.sort(null);
    long within = networkRatio.stream().filter(x -> x >= 0.9 && x <= 1.1).count();
    long above = networkRatio.stream().filter(x -> x > 1.1).count();
    System.out.printf("bundled specs vs DescribeInstanceTypes (moto, us-east-1): %d types compared (%d derived), vCPU and memory agree; network estimate "
        + "within 10 %% of the card baseline for %d of %d, above it for %d%n", compared, derived, within, networkRatio.size(), above);
    assertThat(derived).isGreaterThan(300);
  }

  static Path karpenterTable() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve("shared/data/aws_prices/karpenter_ec2_ondemand_linux_per_hour.csv");
      if (Files.isRegularFile(p)) return p;
    }
    assumeTrue(false, "skipped: no shared/data/aws_prices/karpenter_ec2_ondemand_linux_per_hour.csv above " + Path.of("").toAbsolutePath());
    return null;
  }

  /** A GetProducts entry for on-demand Linux in us-east-1, as the Price List shapes it. */
  static String product(String type, double usd) {
    return new ServedPriceListApi.Product("AmazonEC2", "SKU-" + type, "regionCode", REGION, "instanceType", type, "operatingSystem", "Linux",
        "tenancy", "Shared", "preInstalledSw", "NA", "capacitystatus", "Used", "licenseModel", "No License required", "operation", "RunInstances",
        "usagetype", "BoxUsage:" + type).onDemand(usd).json();
  }
}
