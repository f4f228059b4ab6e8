package dev.tap.optimizer.report;

/** Told how far a render has got; long renders (a workbook with many charts) report each step. */
@FunctionalInterface
public interface ReportProgress {
  void step(ReportFormat format, String what, int done, int total);

  static ReportProgress silent() {
    return (format, what, done, total) -> {};
  }
}
