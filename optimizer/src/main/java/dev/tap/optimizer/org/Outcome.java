package dev.tap.optimizer.org;

import java.util.List;

/** What one account-region gave: analysed (with its figures) or failed (with the reason). */
public sealed interface Outcome permits Outcome.Analysed, Outcome.Failed {

  AccountRegion where();

  /**
   * Read and analysed. {@code problems} are what the inventory skipped (a service that refused, say);
   * {@code detail} the directory, relative to the report, with this account-region's own files.
   */
  record Analysed(AccountRegion where, List<FamilyFigures> families, List<String> problems, String detail) implements Outcome {
    public Analysed {
      families = List.copyOf(families);
      problems = List.copyOf(problems);
    }

    public int resources() {
      return families.stream().mapToInt(FamilyFigures::resources).sum();
    }

    public double plannedMonthly() {
      return families.stream().mapToDouble(FamilyFigures::plannedMonthly).sum();
    }
  }

  /** Could not be read: the reason, the AWS error code (empty when there was none) and the message. */
  record Failed(AccountRegion where, FailureReason reason, String code, String message) implements Outcome {
    public Failed {
      code = code == null ? "" : code;
    }
  }
}
