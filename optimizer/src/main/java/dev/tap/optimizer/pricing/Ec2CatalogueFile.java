package dev.tap.optimizer.pricing;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The EC2 catalogue a refreshed price list carries: a file beside it ({@code prices.json} ->
 * {@code prices.ec2-catalogue.csv.gz}), named in the list's {@code sources} under {@link #LINK_SOURCE_ID}
 * and dated as the list. A list that names one is only ever used with it, so a new price list
 * cannot meet a stale catalogue by accident; a list that names none uses the bundled catalogue.
 */
public final class Ec2CatalogueFile {
  /** The price-list source id that links a list to its catalogue. */
  public static final String LINK_SOURCE_ID = "ec2-catalogue";
  private static final String SUFFIX = ".ec2-catalogue.csv.gz";

  private Ec2CatalogueFile() {}

  /** Where the catalogue of {@code priceList} lives. */
  public static Path besides(Path priceList) {
    String name = priceList.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    return priceList.resolveSibling(stem + SUFFIX);
  }

  /** The {@code sources} entry a refreshed list gets for its catalogue. */
  public static String linkText(Path catalogue, Ec2Catalogue c) {
    return "EC2 instance catalogue " + catalogue.getFileName() + " (beside this file), dated " + c.date()
        + ": specs and on-demand Linux prices of every instance type; 'tap prices refresh' wrote both together.";
  }

  /**
   * The catalogue a price list read from {@code file} goes with: its sibling when the list names one
   * (it must exist and carry the list's date), else empty (the bundled catalogue).
   */
  public static Optional<Ec2Catalogue> forPriceList(Path file, PriceList list) {
    if (!list.sources().containsKey(LINK_SOURCE_ID)) return Optional.empty();
    Path sibling = besides(file);
    Ec2Catalogue c;
    try {
      c = read(sibling);
    } catch (UserError e) {
      throw new UserError(ExitCode.BAD_INPUT, "price list " + file + " was written with the EC2 catalogue " + sibling
          + ", which cannot be read (" + e.getMessage() + "). Keep the two files together, or rerun 'tap prices refresh --out " + file + "'.", e);
    }
    if (!c.date().equals(list.priceListDate().toString())) {
      throw new UserError(ExitCode.BAD_INPUT, "EC2 catalogue " + sibling + " is dated " + c.date() + " but price list " + file + " is dated "
          + list.priceListDate() + ": they come from different refreshes. Rerun 'tap prices refresh --out " + file + "' to write both again.");
    }
    return Optional.of(c);
  }

  public static Ec2Catalogue read(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return Ec2Catalogue.read(in).withOrigin("EC2 catalogue " + file);
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.BAD_INPUT, "EC2 catalogue " + file + " does not exist", e);
    } catch (IOException | RuntimeException e) {
      throw new UserError(ExitCode.BAD_INPUT, "EC2 catalogue " + file + " is not a TAP catalogue (gzip CSV): " + e.getMessage(), e);
    }
  }

  /** Writes {@code c} gzip-compressed through a temporary file in the same directory, then a move. */
  public static void writeAtomically(Ec2Catalogue c, Path out) {
    WholeFile.write(out, "EC2 catalogue", o -> {
      try (Writer w = new OutputStreamWriter(new GZIPOutputStream(o), StandardCharsets.UTF_8)) {
        c.write(w);
      }
    });
  }
}
