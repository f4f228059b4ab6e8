package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PricesCommandTest {
  @Test
  void showsWhichDatedListSavingsUse() {
    CommandLine cl = new CommandLine(new PricesCommand());
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute()).isZero();
    PriceList bundled = PriceListFile.bundled();
    assertThat(out.toString())
        .contains("Savings use the bundled price list dated 2025-06-01 (USD): " + bundled.instances().size()
            + " hourly prices and " + bundled.units().size() + " unit prices for eu-west-1, us-east-1, us-west-2.")
        .contains("tap prices refresh --out FILE");
  }

  /** With --prices, the list and the catalogue a refresh wrote beside it. */
  @Test
  void showsARefreshedListWithItsCatalogue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path list = dir.resolve("prices.json");
    java.nio.file.Path sibling = dev.tap.optimizer.pricing.Ec2CatalogueFile.besides(list);
    dev.tap.optimizer.pricing.Ec2Catalogue c = new dev.tap.optimizer.pricing.Ec2Catalogue(
        java.util.Map.of("m9i.large", new dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec("m9i.large", 2, 8, 12.5, 10, "x86_64", 9, true, "api", 3600)),
        java.util.Map.of(), "2025-06-01", java.util.Map.of(), "x");
    dev.tap.optimizer.pricing.Ec2CatalogueFile.writeAtomically(c, sibling);
    PriceList bundled = PriceListFile.bundled();
    java.util.Map<String, String> sources = new java.util.LinkedHashMap<>(bundled.sources());
    sources.put(dev.tap.optimizer.pricing.Ec2CatalogueFile.LINK_SOURCE_ID, dev.tap.optimizer.pricing.Ec2CatalogueFile.linkText(sibling, c));
    PriceListFile.writeAtomically(new PriceList(bundled.priceListDate(), bundled.dateMeaning(), "USD", sources, bundled.instances(), bundled.units(),
        bundled.spotTrainingSavings()), list);
    CommandLine cl = new CommandLine(new PricesCommand());
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("--prices", list.toString())).isZero();
    assertThat(out.toString()).contains("Savings use price list " + list + " dated 2025-06-01 (USD) with EC2 catalogue " + sibling + " dated 2025-06-01")
        .contains("come from EC2 catalogue " + sibling + " dated 2025-06-01: 1 types.");
  }

  @Test
  void refreshIsASubcommandThatRequiresOut() {
    CommandLine cl = new CommandLine(new PricesCommand());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("refresh")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--out=FILE'");
  }
}
