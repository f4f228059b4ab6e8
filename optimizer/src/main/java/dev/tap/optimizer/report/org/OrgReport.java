package dev.tap.optimizer.report.org;

import dev.tap.optimizer.org.AccountRegion;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import dev.tap.optimizer.plan.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organisation report in {@code --out DIR}: {@code org-summary.xlsx}, {@code org-dashboard.html},
 * {@code org-summary.json}, {@code org-summary.csv}, and under {@code accounts/ACCOUNT/REGION/} each
 * account-region's own files and its {@code outcome.json}, written the moment it finishes, so a run
 * stopped half-way keeps every account-region already done.
 */
public final class OrgReport {
  private OrgReport() {}

  public static final String XLSX = "org-summary.xlsx";
  public static final String HTML = "org-dashboard.html";
  public static final String JSON = "org-summary.json";
  public static final String CSV = "org-summary.csv";
  public static final String OUTCOME = "outcome.json";

  /** Where an account-region's own files go, relative to the report directory. */
  public static String detail(AccountRegion ar) {
    return "accounts/" + ar.account().id() + "/" + ar.region();
  }

  /** Writes one account-region's outcome (atomically) beside its own files. */
  public static Path writeOutcome(Path out, Outcome o) {
    Path file = out.resolve(detail(o.where())).resolve(OUTCOME);
    AtomicFiles.write(file, OrgJson.outcome(o));
    return file;
  }

  /** The four summary files, written whole or not at all; returns their paths. */
  public static List<Path> write(Path out, OrgSummary s, OrgRunInfo info) {
    Path xlsx = out.resolve(XLSX);
    Path html = out.resolve(HTML);
    Path json = out.resolve(JSON);
    Path csv = out.resolve(CSV);
    ByteArrayOutputStream workbook = new ByteArrayOutputStream();
    try {
      OrgSheet.write(s, info, workbook);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the organisation workbook: " + e.getMessage(), e);
    }
    Map<Path, byte[]> files = new LinkedHashMap<>();
    files.put(json, OrgJson.summary(s, info).getBytes(StandardCharsets.UTF_8));
    files.put(csv, OrgCsv.of(s).getBytes(StandardCharsets.UTF_8));
    files.put(html, OrgDashboard.of(s, info).getBytes(StandardCharsets.UTF_8));
    files.put(xlsx, workbook.toByteArray());
    AtomicFiles.writeAllBytes(files);
    return List.of(xlsx, html, json, csv);
  }
}
