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

  @Test
  void refreshIsASubcommandThatRequiresOut() {
    CommandLine cl = new CommandLine(new PricesCommand());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("refresh")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--out=FILE'");
  }
}
