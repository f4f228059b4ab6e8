package dev.tap.optimizer.cli;

import dev.tap.optimizer.pricing.PriceBook;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Mixin for every command that states savings: {@code --prices FILE}, else the bundled list. The
 * EC2 catalogue goes with the list ({@link PriceBook#load}): it cannot be chosen apart from it.
 */
public final class PriceListOption {
  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description = "Price list written by 'tap prices refresh', used with the EC2 catalogue that refresh wrote beside it "
          + "(default: the bundled list and catalogue; 'tap prices' shows their dates).")
  Path file;

  public PriceBook book() {
    return file == null ? PriceBook.bundled() : PriceBook.load(file);
  }
}
