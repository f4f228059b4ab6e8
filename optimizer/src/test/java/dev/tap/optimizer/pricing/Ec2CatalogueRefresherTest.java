package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The catalogue refresh's merge: specs from DescribeInstanceTypes over the base, prices from GetProducts, fallbacks named. */
class Ec2CatalogueRefresherTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  static final String R = "eu-west-1";

  @TempDir Path dir;

  static InstanceTypesApi.Facts facts(String type, int vcpu, long mib, String arch, boolean current, String perf, double ebsMbps, int iops,
      Double... cards) {
    return new InstanceTypesApi.Facts(type, vcpu, mib, List.of(arch), current, Arrays.asList(cards), perf, ebsMbps, iops);
  }

  /** A GetProducts entry in the Price List's shape (only what the parser reads). */
  static String product(String region, String type, String os, String operation, String usagePrefix, double usd) {
    return "{\"product\":{\"sku\":\"" + type + os + "\",\"attributes\":{\"regionCode\":\"" + region + "\",\"instanceType\":\"" + type
        + "\",\"operatingSystem\":\"" + os + "\",\"operation\":\"" + operation + "\",\"usagetype\":\"" + usagePrefix + "BoxUsage:" + type + "\"}},"
        + "\"publicationDate\":\"2026-12-01T00:00:00Z\",\"terms\":{\"OnDemand\":{\"t\":{\"priceDimensions\":{\"d\":{\"unit\":\"Hrs\",\"beginRange\":\"0\","
        + "\"endRange\":\"Inf\",\"pricePerUnit\":{\"USD\":\"" + usd + "\"}}}}}}}";
  }

  @ParameterizedTest(name = "{0} with cards [{1}] -> {2}")
  @CsvSource(nullValues = "none", value = {
      "25 Gigabit,none,25",                // plain figure, no card figures
      "4x 100 Gigabit,none,400",           // p4d's way of saying 400
      "Up to 12.5 Gigabit,none,none",      // a burst ceiling is no baseline
      "Moderate,none,none",
      "Up to 12.5 Gigabit,0.781,0.781",    // m6i.large: the card's baseline
      "200 Gigabit,200;200,200",           // two cards each reporting the instance's 200: no more than the plain total
      "3200 Gigabit,100;100;100,300",      // cards below the plain figure: their sum
      "'',1.5,1.5"})
  void networkBaseline(String performance, String cards, String expected) {
    Double[] c = cards == null ? new Double[0] : Arrays.stream(cards.split(";")).map(Double::valueOf).toArray(Double[]::new);
    InstanceTypesApi.Facts f = facts("x1.large", 2, 4096, "x86_64", true, performance, 0, 0, c);
    assertThat(Ec2CatalogueRefresher.networkGbps(f)).isEqualTo(expected == null ? Optional.empty() : Optional.of(Double.valueOf(expected)));
  }

  @ParameterizedTest
  @CsvSource({"m6i.large,6", "c7gn.16xlarge,7", "x2iedn.xlarge,2", "u-6tb1.metal,0", "mac2.metal,2", "t3.micro,3"})
  void generationFromTheName(String type, int generation) {
    assertThat(Ec2CatalogueRefresher.generation(type)).isEqualTo(generation);
  }

  @Test
  void specsComeFromTheApiAndWhatItLacksFromTheBase() {
    Ec2Catalogue.InstanceSpec base = new Ec2Catalogue.InstanceSpec("m9z.large", 2, 8, 0.5, 0.3, "x86_64", 9, true, "derived");
    // "Up to" and no card figure: the base's network estimate stays; EBS and IOPS are the API's
    Ec2Catalogue.InstanceSpec s = Ec2CatalogueRefresher.spec(facts("m9z.large", 2, 16384, "x86_64", true, "Up to 12.5 Gigabit", 650, 3600),
        Optional.of(base));
    assertThat(s).isEqualTo(new Ec2Catalogue.InstanceSpec("m9z.large", 2, 16, 0.5, 0.65, "x86_64", 9, true, "api", 3600));
    // no base: network unknown (0), generation from the name; Graviton is arm64 even when the API also lists others
    Ec2Catalogue.InstanceSpec g = Ec2CatalogueRefresher.spec(facts("m9g.large", 2, 8192, "arm64", true, "Moderate", 0, 0), Optional.empty());
    assertThat(g).isEqualTo(new Ec2Catalogue.InstanceSpec("m9g.large", 2, 8, 0, 0, "arm64", 9, true, "api", 0));
    assertThat(g.baselineIops()).isEmpty();
    assertThat(s.baselineIops()).hasValue(3600);
  }

  @ParameterizedTest
  @CsvSource({"x86_64,true,true", "x86_64,false,false", "x86_64_mac,true,false", "arm64_mac,true,false", "arm64,true,true"})
  void whichTypesMustBePriced(String arch, boolean current, boolean must) {
    assertThat(Ec2CatalogueRefresher.mustBePriced(facts("z1.large", 2, 4096, arch, current, "", 0, 0))).isEqualTo(must);
  }

  /** The base: c6i.large priced in eu-west-1 and us-east-1, c5.large (previous generation) priced, r7z.large (current) priced. */
  static Ec2Catalogue base() {
    Map<String, Ec2Catalogue.InstanceSpec> specs = new LinkedHashMap<>();
    specs.put("c6i.large", new Ec2Catalogue.InstanceSpec("c6i.large", 2, 4, 0.781, 0.625, "x86_64", 6, true, "table"));
    specs.put("c5.large", new Ec2Catalogue.InstanceSpec("c5.large", 2, 4, 0.75, 0.575, "x86_64", 5, false, "table"));
    specs.put("r7z.large", new Ec2Catalogue.InstanceSpec("r7z.large", 2, 16, 0.781, 0.625, "x86_64", 7, true, "derived"));
    Map<String, Rate> prices = new LinkedHashMap<>();
    prices.put(Ec2Catalogue.key(R, "c6i.large"), new Rate(0.099, "ec2-catalogue-k"));
    prices.put(Ec2Catalogue.key("us-east-1", "c6i.large"), new Rate(0.085, "ec2-catalogue-k"));
    prices.put(Ec2Catalogue.key(R, "c5.large"), new Rate(0.096, "ec2-catalogue-e"));
    prices.put(Ec2Catalogue.key(R, "r7z.large"), new Rate(0.2, "ec2-catalogue-e"));
    return new Ec2Catalogue(specs, prices);
  }

  @Test
  void refreshPricesFromTheApiKeepsTheRestAndNamesFallbacks() {
    List<InstanceTypesApi.Facts> offered = List.of(
        facts("c6i.large", 2, 4096, "x86_64", true, "Up to 12.5 Gigabit", 650, 3600, 0.781),
        facts("c8z.large", 2, 4096, "x86_64", true, "Up to 12.5 Gigabit", 800, 4000, 0.937),  // new to the base
        facts("r7z.large", 2, 16384, "x86_64", true, "Up to 12.5 Gigabit", 650, 3600, 0.781),  // the Price List misses it
        facts("q9.large", 2, 4096, "x86_64", true, "Moderate", 0, 0),                          // priced by neither
        facts("mac2.metal", 12, 16384, "arm64_mac", true, "10 Gigabit", 8000, 55000));           // macOS only: not Linux-priced
    List<String> products = List.of(
        product(R, "c6i.large", "Linux", "RunInstances", "EU-", 0.101),
        product(R, "c6i.large", "Linux", "RunInstances:0010", "EU-", 0.5),  // Linux with SQL: another operation
        product(R, "c8z.large", "Linux", "RunInstances", "EU-", 0.09),
        product(R, "c6i.large", "Linux", "RunInstances", "EU-Dedicated", 0.2),  // not BoxUsage
        product(R, "c8z.large", "Linux", "RunInstances", "EU-", 0.3).replace("\"operation\"", "\"marketoption\":\"CapacityBlock\",\"operation\""),
        product(R, "c8z.large", "Linux", "RunInstances", "EU-", 0.09).replace("\"operation\"", "\"marketoption\":\"OnDemand\",\"operation\""));
    List<List<ProductFilter>> asked = new ArrayList<>();
    PriceListApi pricing = (code, filters) -> {
      asked.add(filters);
      return products;
    };
    Ec2CatalogueRefresher.Result r = new Ec2CatalogueRefresher(region -> offered, pricing, CLOCK).refresh(base(), List.of(R));

    Ec2Catalogue c = r.catalogue();
    assertThat(c.date()).isEqualTo("2026-12-07");
    assertThat(c.onDemand(R, "c6i.large")).contains(new Rate(0.101, "ec2-catalogue-a"));
    assertThat(c.onDemand(R, "c8z.large")).contains(new Rate(0.09, "ec2-catalogue-a"));
    assertThat(c.onDemand(R, "r7z.large")).contains(new Rate(0.2, "ec2-catalogue-e"));
    assertThat(c.onDemand(R, "c5.large")).as("a type the region no longer returns keeps its base price").contains(new Rate(0.096, "ec2-catalogue-e"));
    assertThat(c.onDemand("us-east-1", "c6i.large")).as("regions not refreshed keep theirs").contains(new Rate(0.085, "ec2-catalogue-k"));
    assertThat(c.spec("c8z.large").orElseThrow()).isEqualTo(new Ec2Catalogue.InstanceSpec("c8z.large", 2, 4, 0.937, 0.8, "x86_64", 8, true, "api", 4000));
    assertThat(c.spec("c5.large").orElseThrow().specSource()).isEqualTo("table");
    assertThat(c.describeSource("ec2-catalogue-a")).hasValueSatisfying(d -> assertThat(d).contains("retrieved 2026-12-07T10:00:00Z")
        .contains("2026-12-01T00:00:00Z").contains("DescribeInstanceTypes"));
    assertThat(c.describeSource("ec2-catalogue-e")).isEqualTo(base().describeSource("ec2-catalogue-e"));

    Ec2CatalogueRefresher.RegionSummary s = r.regions().get(0);
    assertThat(s.typesRefreshed()).isEqualTo(5);
    assertThat(s.pricesRefreshed()).isEqualTo(2);
    assertThat(s.basePriced()).containsOnlyKeys("r7z.large");
    assertThat(s.basePriced().get("r7z.large")).contains("2024-04-04");
    assertThat(s.unpriced()).containsExactly("q9.large");
    assertThat(asked).singleElement().satisfies(f -> assertThat(f).contains(ProductFilter.equal("regionCode", R),
        ProductFilter.equal("operatingSystem", "Linux"), ProductFilter.equal("tenancy", "Shared"), ProductFilter.equal("preInstalledSw", "NA"),
        ProductFilter.equal("capacitystatus", "Used"), ProductFilter.equal("licenseModel", "No License required")));
  }

  @Test
  void twoPricesForOneTypeFailTheRefresh() {
    PriceListApi pricing = (code, f) -> List.of(product(R, "c6i.large", "Linux", "RunInstances", "EU-", 0.101),
        product(R, "c6i.large", "Linux", "RunInstances", "", 0.2));
    assertThatThrownBy(() -> new Ec2CatalogueRefresher(region -> List.of(), pricing, CLOCK).refresh(base(), List.of(R)))
        .isInstanceOf(UserError.class).hasMessageContaining("c6i.large in eu-west-1: 0.101 vs 0.2").hasMessageContaining("nothing was written");
  }

  @Test
  void writtenCatalogueReadsBackTheSameAndTheBundledFormatStillReads() throws Exception {
    Ec2Catalogue c = new Ec2CatalogueRefresher(region -> List.of(facts("c8z.large", 2, 4096, "x86_64", true, "", 800, 4000, 0.937)),
        (code, f) -> List.of(product(R, "c8z.large", "Linux", "RunInstances", "EU-", 0.09)), CLOCK).refresh(base(), List.of(R)).catalogue();
    StringWriter w = new StringWriter();
    c.write(w);
    Ec2Catalogue back = Ec2Catalogue.read(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)));
    assertThat(back.date()).isEqualTo("2026-12-07");
    assertThat(back.sources()).isEqualTo(c.sources());
    assertThat(back.types()).containsExactlyInAnyOrderElementsOf(c.types());
    assertThat(back.pricesByRegionAndType()).isEqualTo(c.pricesByRegionAndType());
    // the bundled rows have ten columns: IOPS unknown, dated by the constant
    Ec2Catalogue old = Ec2Catalogue.read(new ByteArrayInputStream("T,c5.large,2,4,0.75,0.575,x86_64,5,n,table\nP,eu-west-1,c5.large,0.096,e\n".getBytes()));
    assertThat(old.spec("c5.large").orElseThrow().baselineIops()).isEmpty();
    assertThat(old.date()).isEqualTo(Ec2Catalogue.DATE);
    assertThat(Ec2Catalogue.bundled().citation()).isEqualTo("the bundled EC2 catalogue dated 2026-07-20");
  }

  /** The one place a run's catalogue is chosen: a refreshed list brings its own, and refuses a missing or stale one. */
  @Test
  void aRefreshedListIsUsedOnlyWithItsOwnCatalogue() throws Exception {
    Ec2Catalogue c = new Ec2CatalogueRefresher(region -> List.of(facts("c8z.large", 2, 4096, "x86_64", true, "", 800, 4000, 0.937)),
        (code, f) -> List.of(product(R, "c8z.large", "Linux", "RunInstances", "EU-", 0.09)), CLOCK).refresh(base(), List.of(R)).catalogue();
    Path list = dir.resolve("prices.json");
    Path sibling = Ec2CatalogueFile.besides(list);
    assertThat(sibling.getFileName().toString()).isEqualTo("prices.ec2-catalogue.csv.gz");
    Ec2CatalogueFile.writeAtomically(c, sibling);
    PriceList bundled = PriceListFile.bundled();
    Map<String, String> sources = new LinkedHashMap<>(bundled.sources());
    sources.put(Ec2CatalogueFile.LINK_SOURCE_ID, Ec2CatalogueFile.linkText(sibling, c));
    PriceListFile.writeAtomically(new PriceList(LocalDate.of(2026, 12, 7), "m", "USD", sources, bundled.instances(), bundled.units(),
        bundled.spotTrainingSavings()), list);

    PriceBook book = PriceBook.load(list);
    assertThat(book.catalogue().citation()).isEqualTo("EC2 catalogue " + sibling + " dated 2026-12-07");
    assertThat(book.citation()).isEqualTo("price list " + list + " dated 2026-12-07 (USD) with EC2 catalogue " + sibling + " dated 2026-12-07");
    assertThat(book.onDemandHourly(Service.EC2, "c8z.large", R)).isEqualTo(0.09);
    assertThat(book.describeSource("ec2-catalogue-a")).contains("AWS Price List API").contains("EC2 catalogue " + sibling + " dated 2026-12-07");

    // a catalogue from another day's refresh
    Ec2CatalogueFile.writeAtomically(new Ec2Catalogue(Map.of(), Map.of(), "2026-11-01", Map.of(), "x"), sibling);
    assertThatThrownBy(() -> PriceBook.load(list)).isInstanceOf(UserError.class)
        .hasMessageContaining("is dated 2026-11-01 but price list " + list + " is dated 2026-12-07").hasMessageContaining("tap prices refresh");
    // no catalogue beside it
    Files.delete(sibling);
    assertThatThrownBy(() -> PriceBook.load(list)).isInstanceOf(UserError.class)
        .hasMessageContaining("was written with the EC2 catalogue " + sibling).hasMessageContaining("does not exist");
    // a list that names no catalogue keeps the bundled one
    Path plain = dir.resolve("plain.json");
    PriceListFile.writeAtomically(bundled, plain);
    assertThat(PriceBook.load(plain).catalogue()).isSameAs(Ec2Catalogue.bundled());
  }
}
