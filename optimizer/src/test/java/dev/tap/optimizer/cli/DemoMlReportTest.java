package dev.tap.optimizer.cli;

import static dev.tap.optimizer.cli.AnalysisCommandsTest.tap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.exec.GuardReading;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.report.XlsxReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the demo's reports give the ML endpoint its charts and heat-map row from the ML
 * platform's own run record (the training job, which has no metric series, stays listed without),
 * and the demo's notebook shows the rollout the demo's run made. Read back from the files.
 */
class DemoMlReportTest {
  static final String ENDPOINT = "tap-trading-fraud-scoring";
  static final String TRAINING = "fraud-scoring-train";
  static final ObjectMapper M = new ObjectMapper();

  @TempDir static Path dir;
  static AnalysisCommandsTest.Run demo;
  static JsonNode run;
  static JsonNode ml;

  @BeforeAll
  static void runTheDemo() throws Exception {
    Path out = dir.resolve("demo");
    demo = tap("demo", "--out", out.toString());
    assertThat(demo.code()).as(demo.err()).isZero();
    run = M.readTree(out.resolve("report/run.json").toFile());
    ml = M.readTree(out.resolve("ml/ml-run.json").toFile());
  }

  @Test
  void theEndpointHasAHeatMapRowOfItsGpusAndTheTrainingJobIsListedWithout() {
    JsonNode row = null;
    for (JsonNode h : run.get("heatMap")) if (h.get("resourceId").asText().equals(ENDPOINT)) row = h;
    assertThat(row).as("heat-map row of the endpoint").isNotNull();
    assertThat(row.get("source").asText()).isEqualTo("GPUUtilization Average / gpuUtilizationCapacityPct 400");
    // each hour of day is the mean of the run record's measured per-GPU utilisation in that UTC hour
    JsonNode times = ml.at("/hourly/times");
    JsonNode gpu = ml.at("/hourly/gpuUtilBefore");
    double[] sum = new double[24];
    int[] n = new int[24];
    for (int i = 0; i < times.size(); i++) {
      int hour = (int) Math.floorMod(times.get(i).asLong() / 3600, 24L);
      sum[hour] += gpu.get(i).asDouble();
      n[hour]++;
    }
    for (int h = 0; h < 24; h++) assertThat(row.at("/byHour/" + h).asDouble()).isCloseTo(sum[h] / n[h], within(1e-6));
    assertThat(run.get("withoutUtilisation").toString()).contains(TRAINING).doesNotContain(ENDPOINT);
  }

  @Test
  void theEndpointIsChartedInRunJsonAndTheWorkbook() throws Exception {
    List<String> metrics = new ArrayList<>();
    for (JsonNode m : run.get("metrics")) if (m.get("resourceId").asText().equals(ENDPOINT)) metrics.add(m.get("metric").asText());
    assertThat(metrics).containsExactlyInAnyOrder("Invocations", "GPUUtilization");
    try (InputStream in = Files.newInputStream(dir.resolve("demo/report/report.xlsx")); XSSFWorkbook wb = new XSSFWorkbook(in)) {
      XSSFSheet sheet = wb.getSheet(XlsxReport.METRICS);
      String first = sheet.getRow(0).getCell(0).getStringCellValue();
      assertThat(first).contains("Without lookback metrics in this report: " + TRAINING + ".").doesNotContain(ENDPOINT);
      List<String> titles = new ArrayList<>();
      for (XSSFChart c : sheet.getDrawingPatriarch().getCharts()) titles.add(c.getTitleText() == null ? "" : c.getTitleText().getString());
      assertThat(titles).anyMatch(t -> t.contains(ENDPOINT) && t.contains("GPUUtilization")).anyMatch(t -> t.contains(ENDPOINT) && t.contains("Invocations"));
    }
  }

  @Test
  void eachMlResourceHasItsOwnLatencyNotTheServiceSlo() {
    JsonNode endpoint = null, training = null, redis = null;
    for (JsonNode a : run.get("actions")) {
      switch (a.get("resourceId").asText()) {
        case ENDPOINT -> endpoint = a;
        case TRAINING -> training = a;
        case "tap-dev-trading-redis" -> redis = a;
        default -> { }
      }
    }
    // the endpoint's p95 is its own ModelLatency (recorded in microseconds, shown in ms), worst of the guard's readings
    double worstMicros = 0;
    try (Journal journal = SqliteJournal.openExisting(dir.resolve("demo/tap-state.db"))) {
      for (GuardReading r : journal.readings(1)) {
        if (r.rule().equals("SageMaker ModelLatency p95 " + ENDPOINT) && r.value() != null) worstMicros = Math.max(worstMicros, r.value());
      }
    }
    assertThat(worstMicros).isPositive();
    JsonNode p95 = sla(endpoint, "LATENCY_P95_MS");
    assertThat(p95.get("observed").asDouble()).isCloseTo(worstMicros / 1000, within(1e-9));
    assertThat(p95.get("observedFrom").asText()).isEqualTo("SageMaker ModelLatency p95 " + ENDPOINT);
    // no p99 of its own, and the service's p99 is not the endpoint's
    assertThat(sla(endpoint, "LATENCY_P99_MS").get("observed").isNull()).isTrue();
    assertThat(sla(endpoint, "LATENCY_P99_MS").get("observedNote").asText()).contains("off the service's request path");
    // a training job serves no requests: blank, with the reason
    for (String slo : List.of("LATENCY_P95_MS", "LATENCY_P99_MS", "ERROR_RATE_PCT")) {
      assertThat(sla(training, slo).get("observed").isNull()).as(slo).isTrue();
      assertThat(sla(training, slo).get("observedNote").asText()).as(slo).contains("off the service's request path");
    }
    // a resource on the service's path keeps the service SLO, labelled so
    assertThat(sla(redis, "LATENCY_P99_MS").get("observedFrom").asText()).isEqualTo("service SLO");
  }

  private static JsonNode sla(JsonNode action, String slo) {
    for (JsonNode s : action.get("sla")) if (s.get("slo").asText().equals(slo)) return s;
    throw new AssertionError("no " + slo + " row for " + action.get("id"));
  }

  @Test
  void theNotebookShowsTheDemosOwnRollout() throws Exception {
    Matcher printed = Pattern.compile("canary\\s+10 % candidate\\s+passed\\s+.*?(\\d+) invocations").matcher(demo.out());
    assertThat(printed.find()).as(demo.out()).isTrue();
    String notebook = Files.readString(dir.resolve("demo/ml/ml-report.ipynb"));
    Matcher stored = Pattern.compile("<td>canary</td>.*?(\\d+) invocations").matcher(notebook);
    assertThat(stored.find()).isTrue();
    assertThat(stored.group(1)).isEqualTo(printed.group(1));
  }
}
