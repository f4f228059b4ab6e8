package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.report.ml.MlReportFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --prices FILE}: a list written by 'tap prices refresh' prices what the commands state. */
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

  /** The bundled prices as 'tap prices refresh' would write them on another day. */
  static Path refreshedList(Path dir, LocalDate date) {
    PriceList b = PriceListFile.bundled();
    Path file = dir.resolve("prices-" + date + ".json");
    PriceListFile.writeAtomically(new PriceList(date, b.dateMeaning(), b.currency(), b.sources(), b.instances(), b.units(), b.spotTrainingSavings()), file);
    return file;
  }

  @Test
  void aRefreshedListDatesThePlanAndTheMlRun(@TempDir Path dir) throws Exception {
    Path prices = refreshedList(dir, LocalDate.of(2026, 10, 1));

    AnalysisCommandsTest.Run plan = AnalysisCommandsTest.tap("plan", "--sim", "trading", "--prices", prices.toString(), "--format", "json");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(new ObjectMapper().readTree(plan.out()).at("/plan/priceListDate").asText()).isEqualTo("2026-10-01");

    Path ml = dir.resolve("ml");
    AnalysisCommandsTest.Run run = AnalysisCommandsTest.tap("ml", "--out", ml.toString(),
        "--prices", prices.toString());
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode mlRun = new ObjectMapper().readTree(ml.resolve(MlReportFiles.RUN_JSON).toFile());
    assertThat(mlRun.get("priceList").asText()).startsWith("price list " + prices).contains("2026-10-01");
  }
}
