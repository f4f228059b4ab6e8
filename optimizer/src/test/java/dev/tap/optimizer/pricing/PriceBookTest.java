package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PriceBookTest {
  private static final PriceBook BOOK = PriceBook.bundled();
  private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");

  @Test
  void bundledListIsDatedInUsdAndCitesItsDate() {
    assertThat(BOOK.list().priceListDate()).isEqualTo(LocalDate.of(2025, 6, 1));
    assertThat(BOOK.list().currency()).isEqualTo("USD");
    assertThat(BOOK.citation()).isEqualTo("the bundled price list dated 2025-06-01 (USD)");
    assertThat(BOOK.list().regions()).containsExactly("eu-west-1", "us-east-1", "us-west-2");
  }

  @ParameterizedTest
  @CsvSource({
    "EC2, c6i.8xlarge, us-east-1, SINGLE_AZ, ON_DEMAND, 1.36",
    "EC2, m5.4xlarge, eu-west-1, SINGLE_AZ, ON_DEMAND, 0.856",
    "EC2, c5.4xlarge, us-east-1, SINGLE_AZ, RESERVED_3Y_ALL_UPFRONT, 0.256",
    "RDS_POSTGRESQL, db.r6g.2xlarge, us-east-1, SINGLE_AZ, ON_DEMAND, 0.899",
    "RDS_POSTGRESQL, db.r6g.2xlarge, us-east-1, MULTI_AZ, ON_DEMAND, 1.798",
    "AURORA_POSTGRESQL, db.r6g.8xlarge, us-east-1, SINGLE_AZ, ON_DEMAND, 4.153",
    "AURORA_MYSQL, db.r6g.4xlarge, eu-west-1, SINGLE_AZ, ON_DEMAND, 2.291",
    "ELASTICACHE_REDIS, cache.r6gd.8xlarge, us-east-1, SINGLE_AZ, ON_DEMAND, 6.24",
    "ELASTICACHE_REDIS, cache.r6g.2xlarge, us-east-1, SINGLE_AZ, RESERVED_1Y_NO_UPFRONT, 0.561",
    "SAGEMAKER_HOSTING, ml.g4dn.xlarge, us-west-2, SINGLE_AZ, ON_DEMAND, 0.736",
  })
  void looksUpHourlyPrices(
      Service service, String type, String region, Deployment deployment, PurchaseOption purchase, double usd) {
    assertThat(BOOK.hourly(service, type, region, deployment, purchase).usd()).isEqualTo(usd);
  }

  static Stream<Arguments> everyTypeTheBlueprintsAndRulesUse() {
    Stream<Arguments> byService = Stream.of(
            Arguments.of(Service.EC2, List.of("c6i.8xlarge", "c6i.4xlarge", "c6i.2xlarge", "c6i.xlarge",
                "m5.4xlarge", "m5.2xlarge", "m5.xlarge", "c5.4xlarge", "c5.2xlarge", "c5.xlarge")),
            Arguments.of(Service.AURORA_POSTGRESQL, rdsSizes("large", "xlarge", "2xlarge", "4xlarge", "8xlarge")),
            Arguments.of(Service.AURORA_MYSQL, rdsSizes("large", "xlarge", "2xlarge", "4xlarge", "8xlarge")),
            Arguments.of(Service.RDS_POSTGRESQL, rdsSizes("large", "xlarge", "2xlarge")),
            Arguments.of(Service.ELASTICACHE_REDIS, List.of("cache.r6gd.xlarge", "cache.r6gd.2xlarge",
                "cache.r6gd.4xlarge", "cache.r6gd.8xlarge", "cache.r6g.large", "cache.r6g.xlarge",
                "cache.r6g.2xlarge", "cache.r6g.4xlarge", "cache.r6g.8xlarge")),
            Arguments.of(Service.DAX, Stream.of("r4", "r5").flatMap(g -> Stream.of("large", "xlarge", "2xlarge",
                "4xlarge", "8xlarge").map(s -> "dax." + g + "." + s)).toList()),
            Arguments.of(Service.SAGEMAKER_HOSTING, List.of("ml.g4dn.xlarge", "ml.g4dn.2xlarge",
                "ml.g4dn.12xlarge", "ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.12xlarge", "ml.p3.2xlarge",
                "ml.c6i.xlarge", "ml.c6i.2xlarge", "ml.inf2.xlarge")),
            Arguments.of(Service.SAGEMAKER_TRAINING, List.of("ml.p3.2xlarge", "ml.g5.2xlarge", "ml.g4dn.xlarge")));
    return byService.flatMap(a -> ((List<?>) a.get()[1]).stream()
        .flatMap(t -> REGIONS.stream().map(r -> Arguments.of(a.get()[0], t, r))));
  }

  private static List<String> rdsSizes(String... sizes) {
    return Stream.of(sizes).map(s -> "db.r6g." + s).toList();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyTypeTheBlueprintsAndRulesUse")
  void coversEveryTypeOnDemandInEveryRegion(Service service, String type, String region) {
    assertThat(BOOK.onDemandHourly(service, type, region)).isPositive();
    if (service == Service.RDS_POSTGRESQL) {
      double multi = BOOK.hourly(service, type, region, Deployment.MULTI_AZ, PurchaseOption.ON_DEMAND).usd();
      assertThat(multi).as("Multi-AZ is a second instance").isCloseTo(2 * BOOK.onDemandHourly(service, type, region),
          org.assertj.core.data.Offset.offset(0.0011));
    }
  }

  @ParameterizedTest
  @EnumSource(UnitRate.class)
  void coversEveryUnitRateInEveryRegion(UnitRate rate) {
    for (String region : REGIONS) {
      assertThat(BOOK.unitUsd(rate, region)).as(rate.id + " " + region).isPositive();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "EC2, c5.xlarge, us-east-1, SINGLE_AZ",
    "RDS_POSTGRESQL, db.r6g.2xlarge, eu-west-1, MULTI_AZ",
    "ELASTICACHE_REDIS, cache.r6g.xlarge, us-west-2, SINGLE_AZ",
  })
  void reservedRatesForTheStagingFamiliesAreCheaperTheLongerAndTheMoreUpfront(
      Service service, String type, String region, Deployment deployment) {
    double onDemand = BOOK.hourly(service, type, region, deployment, PurchaseOption.ON_DEMAND).usd();
    double oneYearNoUpfront = BOOK.hourly(service, type, region, deployment, PurchaseOption.RESERVED_1Y_NO_UPFRONT).usd();
    double threeYearAllUpfront = BOOK.hourly(service, type, region, deployment, PurchaseOption.RESERVED_3Y_ALL_UPFRONT).usd();
    assertThat(oneYearNoUpfront).isLessThan(onDemand).isGreaterThan(threeYearAllUpfront);
  }

  /**
   * O5: Compute Savings Plans beside reserved instances for the staging group's EC2 types. A Compute
   * plan trades discount for flexibility: cheaper than on-demand, dearer than the Standard RI of the
   * same term and payment, and cheaper the longer and the more upfront.
   */
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"c5.xlarge, us-east-1", "c5.2xlarge, us-east-1", "c5.4xlarge, us-east-1", "c5.4xlarge, us-west-2"})
  void computeSavingsPlansSitBetweenOnDemandAndStandardReservedInstances(String type, String region) {
    double onDemand = BOOK.onDemandHourly(Service.EC2, type, region);
    PurchaseOption[][] pairs = {
      {PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT, PurchaseOption.RESERVED_1Y_NO_UPFRONT},
      {PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_ALL_UPFRONT, PurchaseOption.RESERVED_1Y_ALL_UPFRONT},
      {PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_NO_UPFRONT, PurchaseOption.RESERVED_3Y_NO_UPFRONT},
      {PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT, PurchaseOption.RESERVED_3Y_ALL_UPFRONT}};
    double previous = onDemand;
    for (PurchaseOption[] p : pairs) {
      double plan = BOOK.hourly(Service.EC2, type, region, Deployment.SINGLE_AZ, p[0]).usd();
      assertThat(plan).isLessThan(previous).isGreaterThan(BOOK.hourly(Service.EC2, type, region, Deployment.SINGLE_AZ, p[1]).usd());
      previous = plan;
    }
  }

  @Test
  void savingsPlansAreNotReservedTerms() {
    assertThat(PurchaseOption.SAVINGS_PLAN_COMPUTE_3Y_ALL_UPFRONT.reserved()).isFalse();
    assertThat(PurchaseOption.RESERVED_3Y_ALL_UPFRONT.reserved()).isTrue();
    assertThat(PurchaseOption.reserved("3yr", "All Upfront")).contains(PurchaseOption.RESERVED_3Y_ALL_UPFRONT);
  }

  @Test
  void missingTypeNamesTypeAndRegionAndNeverReadsAsZero() {
    assertThatThrownBy(() -> BOOK.onDemandHourly(Service.EC2, "c7i.large", "ap-southeast-7"))
        .isInstanceOf(MissingPriceException.class)
        .hasMessageContaining("ec2 c7i.large on-demand in ap-southeast-7")
        .hasMessageContaining("dated 2025-06-01")
        .hasMessageContaining("tap prices refresh")
        .extracting(e -> ((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT);
  }

  @Test
  void reservedOptionAwsDoesNotOfferIsMissingNotZero() {
    // RDS sells no 3-year no-upfront reservation.
    assertThatThrownBy(() -> BOOK.hourly(Service.RDS_POSTGRESQL, "db.r6g.large", "us-east-1",
            Deployment.SINGLE_AZ, PurchaseOption.RESERVED_3Y_NO_UPFRONT))
        .isInstanceOf(MissingPriceException.class)
        .hasMessageContaining("rds-postgresql db.r6g.large reserved-3y-no-upfront in us-east-1");
  }

  @Test
  void missingUnitRateNamesRateAndRegion() {
    assertThatThrownBy(() -> BOOK.unit(UnitRate.LAMBDA_GB_SECOND, "ap-south-1"))
        .isInstanceOf(MissingPriceException.class)
        .hasMessageContaining("lambda.duration.gb-second (per GB-second) in ap-south-1");
  }

  @ParameterizedTest
  @CsvSource({"1.0, 730", "1.36, 992.8", "0, 0"})
  void monthlyUses730Hours(double hourly, double monthly) {
    assertThat(PriceBook.monthly(hourly)).isCloseTo(monthly, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(PriceBook.annual(PriceBook.monthly(hourly))).isCloseTo(monthly * 12, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void spotTrainingSavingsComeWithTheirSource() {
    SpotSavings s = BOOK.spotTrainingSavings("ml.p3.2xlarge", "us-west-2");
    assertThat(s.savingsPercent()).isEqualTo(71);
    assertThat(s.discounted(3.825)).isCloseTo(3.825 * 0.29, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(BOOK.describeSource(s.source())).contains("2025-06-28");
  }

  @Test
  void everyPriceNamesADescribedSource() {
    BOOK.list().instances().values().forEach(r -> assertThat(BOOK.list().sources()).containsKey(r.source()));
    BOOK.list().units().values().forEach(r -> assertThat(BOOK.list().sources()).containsKey(r.source()));
  }

  @Test
  void writtenListReadsBackIdentical(@TempDir Path dir) {
    Path out = dir.resolve("nested/prices.json");
    PriceListFile.writeAtomically(BOOK.list(), out);
    assertThat(PriceListFile.read(out)).isEqualTo(BOOK.list());
    assertThat(PriceBook.load(out).citation()).isEqualTo("price list " + out + " dated 2025-06-01 (USD)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "{not json | is not valid JSON",
    "{\"schema\":\"other/2\"} | has schema 'other/2'",
    "{\"schema\":\"tap-price-list/1\",\"currency\":\"EUR\",\"priceListDate\":\"2025-06-01\"} | is in EUR",
    "{\"schema\":\"tap-price-list/1\",\"currency\":\"USD\",\"priceListDate\":\"June\"} | 'priceListDate' must be a date",
    "{\"schema\":\"tap-price-list/1\",\"currency\":\"USD\",\"priceListDate\":\"2025-06-01\",\"sources\":{},"
        + "\"instances\":[{\"service\":\"ec2\",\"type\":\"c5.xlarge\",\"region\":\"us-east-1\",\"purchase\":\"on-demand\","
        + "\"usd\":0.17,\"source\":\"nowhere\"}]} | instances[0] names source 'nowhere'",
    "{\"schema\":\"tap-price-list/1\",\"currency\":\"USD\",\"priceListDate\":\"2025-06-01\",\"sources\":{\"s\":\"x\"},"
        + "\"instances\":[{\"service\":\"ec2\",\"type\":\"c5.xlarge\",\"region\":\"us-east-1\",\"purchase\":\"on-demand\","
        + "\"source\":\"s\"}]} | instances[0] key 'usd' must be a non-negative number",
    "{\"schema\":\"tap-price-list/1\",\"currency\":\"USD\",\"priceListDate\":\"2025-06-01\",\"sources\":{\"s\":\"x\"},"
        + "\"units\":[{\"rate\":\"s3.gb-month\",\"region\":\"us-east-1\",\"usd\":1,\"source\":\"s\"}]} | units[0] has unknown rate 's3.gb-month'",
  })
  void badFilesAreRejectedWithTheirOriginAndTheFault(String json, String fault, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> PriceBook.load(file))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("price list " + file)
        .hasMessageContaining(fault);
  }
}
