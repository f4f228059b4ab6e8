package dev.tap.optimizer.plan;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.family.ec2.Ec2Metrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.Rate;
import dev.tap.optimizer.rules.MetricsFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner sizes EC2 types on the catalogue its PriceBook carries (a refreshed one with --prices FILE), not the bundled one. */
class PlannerCatalogueTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
  static final Policy TRADING = PolicyLoader.profile("trading").with("ec2.allowRestart", true);

  @Test
  void ec2CandidatesAndPricesComeFromTheBooksCatalogue() {
    Resource r = new Resource("i-0abc", Ec2Family.EC2, "us-east-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc",
        Map.of(INSTANCE_TYPE, "m6i.2xlarge", "architecture", "x86_64", "platform", "linux"), Map.of());
    var metrics = MetricsFixture.of(r, TRADING.lookbackDays()).window(Ec2Metrics.CPU, "p99.9", 10)
        .hourly(Ec2Metrics.CPU, "Maximum", MetricsFixture.diurnal(3, 10)).window(Ec2Metrics.MEMORY, "Maximum", 20)
        .hourly(Ec2Metrics.MEMORY, "Maximum", MetricsFixture.diurnal(15, 20)).build();
    Snapshot s = new Snapshot("test", "123456789012", "trading", CLOCK.instant(), List.of(r), List.of());

    // a catalogue with one smaller type, "m9i.large", that the bundled catalogue does not know
    InstanceSpec now = Ec2Catalogue.bundled().spec("m6i.2xlarge").orElseThrow();
    Ec2Catalogue refreshed = new Ec2Catalogue(
        Map.of("m6i.2xlarge", now, "m9i.large", new InstanceSpec("m9i.large", 2, 8, 12.5, 10, "x86_64", 9, true, "api", 3600)),
        Map.of("us-east-1|m6i.2xlarge", new Rate(0.384, "ec2-catalogue-a"), "us-east-1|m9i.large", new Rate(0.05, "ec2-catalogue-a")),
        "2026-12-07", Map.of("a", "AWS Price List API, retrieved 2026-12-07"), "EC2 catalogue prices.ec2-catalogue.csv.gz");
    PriceBook book = new PriceBook(PriceListFile.bundled(), "price list prices.json", refreshed);

    Analysis withRefreshed = new Planner(book, CLOCK).plan(s, List.of(metrics), TRADING);
    Action a = withRefreshed.plan().actions().stream().filter(x -> x.resourceId().equals("i-0abc")).findFirst().orElseThrow();
    assertThat(a.after()).containsEntry(INSTANCE_TYPE, "m9i.large");
    assertThat(withRefreshed.priceCitation()).contains("with EC2 catalogue prices.ec2-catalogue.csv.gz dated 2026-12-07");

    Analysis withBundled = new Planner(PriceBook.bundled(), CLOCK).plan(s, List.of(metrics), TRADING);
    assertThat(withBundled.plan().actions()).filteredOn(x -> x.resourceId().equals("i-0abc"))
        .allSatisfy(x -> assertThat(x.after().get(INSTANCE_TYPE)).isNotEqualTo("m9i.large"));
  }
}
