package dev.tap.optimizer.cli;

import dev.tap.optimizer.pricing.PriceBook;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Mixin for every command that states savings: {@code --prices FILE}, else the bundled list. */
public final class PriceListOption {
  @Option(
      names = "--prices",
      paramLabel = "FILE",
      description = "Price list written by 'tap prices refresh' (default: the bundled list; 'tap prices' shows its date).")
  Path file;

  public PriceBook book() {
    return file == null ? PriceBook.bundled() : PriceBook.load(file);
  }
}
