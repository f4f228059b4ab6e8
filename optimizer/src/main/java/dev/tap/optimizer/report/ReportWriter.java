package dev.tap.optimizer.report;

import java.io.IOException;
import java.io.OutputStream;

/** Lays out one report format from a run's rows. Writers never read anything but the view. */
public interface ReportWriter {
  ReportFormat format();

  void write(RunView view, OutputStream out, ReportProgress progress) throws IOException;

  static ReportWriter of(ReportFormat format) {
    return switch (format) {
      case XLSX -> new XlsxReport();
      case HTML -> new HtmlDashboard();
      case CSV -> new CsvReport();
      case JSON -> new JsonReport();
    };
  }
}
