package dev.tap.optimizer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Opens the reports in the programs a reviewer uses: LibreOffice converts the workbook to PDF, and
 * headless Chromium runs the dashboard's scripts. Skipped with a message where a program is absent
 * (a fresh machine); CI installs both. The outputs stay in target/report-render for a person to look at.
 */
class RenderedReportsTest {
  private static final Path OUT = Path.of("target", "report-render");

  static Optional<String> onPath(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : names) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }

  private static Process run(Path workDir, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().put("HOME", workDir.toAbsolutePath().toString()); // LibreOffice and Chromium write profiles here
    pb.redirectOutput(workDir.resolve(command.get(0).replaceAll(".*/", "") + ".log").toFile());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish in 180 s");
    }
    return p;
  }

  @Test
  void libreOfficeConvertsTheWorkbookToAPdfWithPages() throws Exception {
    Optional<String> office = onPath("soffice", "libreoffice");
    assumeTrue(office.isPresent(), "LibreOffice is not installed (apt-get install libreoffice-calc): workbook-to-PDF check skipped");
    Path dir = Files.createDirectories(OUT.resolve("xlsx")).toAbsolutePath();
    Reports.writeAll(RunFixtures.executed(), dir, EnumSet.of(ReportFormat.XLSX), ReportProgress.silent());
    Process p = run(dir, List.of(office.get(), "--headless", "--convert-to", "pdf", "--outdir", dir.toString(), dir.resolve("report.xlsx").toString()));
    assertThat(p.exitValue()).as(Files.readString(dir.resolve(Path.of(office.get()).getFileName() + ".log"))).isZero();
    byte[] pdf = Files.readAllBytes(dir.resolve("report.pdf"));
    assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    Matcher pages = Pattern.compile("/Type\\s*/Page[^s]").matcher(new String(pdf, StandardCharsets.ISO_8859_1));
    int count = 0;
    while (pages.find()) count++;
    assertThat(count).as("pages in report.pdf").isGreaterThanOrEqualTo(8);
  }

  @Test
  void chromiumRendersTheDashboardWithoutScriptErrors() throws Exception {
    assertRendersInChromium(RunFixtures.executed(), "html");
  }

  @Test
  void chromiumRendersTheDashboardOfAPlanWithNothingToDo() throws Exception {
    var saas = RunFixtures.plan();
    var empty = new dev.tap.optimizer.model.Plan(saas.schemaVersion(), saas.id(), saas.blueprint(), saas.account(), saas.source(), saas.createdAt(),
        saas.lookbackStart(), saas.lookbackEnd(), saas.priceListDate(), List.of(), List.of());
    assertRendersInChromium(RunData.planned(empty, List.of(), List.of(), null, RunFixtures.REPORT_TIME), "html-empty");
  }

  private static void assertRendersInChromium(RunData run, String name) throws Exception {
    Optional<String> chromium = onPath("chromium", "chromium-browser", "google-chrome");
    assumeTrue(chromium.isPresent(), "Chromium is not installed (apt-get install chromium): dashboard rendering check skipped");
    Path dir = Files.createDirectories(OUT.resolve(name)).toAbsolutePath();
    Reports.writeAll(run, dir, EnumSet.of(ReportFormat.HTML), ReportProgress.silent());
    Path dom = dir.resolve("dom.html");
    ProcessBuilder pb = new ProcessBuilder(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=20000", "--dump-dom", dir.resolve("dashboard.html").toUri().toString())
        .redirectOutput(dom.toFile()).redirectError(dir.resolve("chromium.log").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    String html = Files.readString(dom);
    assertThat(html).as("the page's script marks the body when every chart was drawn").contains("data-rendered=\"ok\"").doesNotContain("data-errors=");
    if (!run.plan().actions().isEmpty()) {
      // ECharts drew each chart as SVG inside its element.
      for (String id : List.of("cost", "projection", "heat", "risk")) {
        Matcher chart = Pattern.compile("id=\"" + id + "\"[^>]*>(?:(?!</section>).)*?<svg", Pattern.DOTALL).matcher(html);
        assertThat(chart.find()).as("an SVG chart in #%s", id).isTrue();
      }
      // The risk matrix's markers (centre and radius in pixels, as the page placed them) do not overlap.
      Matcher markers = Pattern.compile("data-markers=\"([^\"]*)\"").matcher(html);
      assertThat(markers.find()).as("the risk matrix's marker positions").isTrue();
      List<double[]> points = new java.util.ArrayList<>();
      Matcher point = Pattern.compile("\\[(-?\\d+),(-?\\d+),(\\d+)\\]").matcher(markers.group(1));
      while (point.find()) points.add(new double[] {Double.parseDouble(point.group(1)), Double.parseDouble(point.group(2)), Double.parseDouble(point.group(3))});
      assertThat(points).hasSize(run.plan().actions().size());
      for (int i = 0; i < points.size(); i++) {
        for (int j = i + 1; j < points.size(); j++) {
          double[] a = points.get(i), b = points.get(j);
          // radii are rounded to whole pixels: allow that much
          assertThat(Math.hypot(a[0] - b[0], a[1] - b[1])).as("markers %d and %d", i, j).isGreaterThanOrEqualTo(a[2] + b[2] - 1);
        }
      }
    }
  }
}
