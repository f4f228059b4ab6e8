package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceListFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class PriceListOptionTest {

  @Command(name = "savings")
  static final class UsesPrices implements Runnable {
    @Mixin PriceListOption prices;
    PriceBook book;

    @Override
    public void run() {
      book = prices.book();
    }
  }

  @Test
  void pricesOptionDefaultsToTheBundledListAndReadsAFile(@TempDir Path dir) throws Exception {
    UsesPrices cmd = new UsesPrices();
    new CommandLine(cmd).execute();
    assertThat(cmd.book.citation()).startsWith("the bundled price list dated ");
    Path file = dir.resolve("p.json");
    PriceListFile.writeAtomically(PriceListFile.bundled(), file);
    new CommandLine(cmd).execute("--prices", file.toString());
    assertThat(cmd.book.citation()).startsWith("price list " + file);
  }
}
