package dev.tap.optimizer.report.org;

import dev.tap.optimizer.org.AccountRegion;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import dev.tap.optimizer.plan.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file.getParent(), e);
    }
    AtomicFiles.write(file, OrgJson.outcome(o));
    return file;
  }

  /** The four summary files; returns their paths. */
  public static List<Path> write(Path out, OrgSummary s, OrgRunInfo info) {
    try {
      Files.createDirectories(out);
      Path json = out.resolve(JSON);
      Path csv = out.resolve(CSV);
      Path html = out.resolve(HTML);
      AtomicFiles.write(json, OrgJson.summary(s, info));
      AtomicFiles.write(csv, OrgCsv.of(s));
      AtomicFiles.write(html, OrgDashboard.of(s, info));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      OrgSheet.write(s, info, bytes);
      Path xlsx = out.resolve(XLSX);
      Path tmp = Files.createTempFile(out, ".org-summary", ".xlsx.tmp");
      Files.write(tmp, bytes.toByteArray());
      Files.move(tmp, xlsx, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return List.of(xlsx, html, json, csv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the organisation report in " + out + ": " + e.getMessage(), e);
    }
  }
}
