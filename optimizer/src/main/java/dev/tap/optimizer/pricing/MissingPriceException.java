package dev.tap.optimizer.pricing;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;

/** A price the list does not hold: never read as zero. Names what is missing and what to do. */
public final class MissingPriceException extends UserError {
  public MissingPriceException(String what, PriceBook book) {
    super(
        ExitCode.BAD_INPUT,
        "no price for "
            + what
            + " in "
            + book.citation()
            + " (regions covered: "
            + String.join(", ", book.list().regions())
            + "). Run 'tap prices refresh --out FILE --region REGION --type SERVICE:TYPE' to price it"
            + " from the AWS Price List API and pass the file with --prices FILE.");
  }
}
