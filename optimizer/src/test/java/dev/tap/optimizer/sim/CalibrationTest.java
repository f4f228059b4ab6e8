package dev.tap.optimizer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.model.Resource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated fleet's CPU against real traces (../shared/data, see its README): the Azure Public
 * Dataset V1 sample (100 VMs, 5-minute averages, ~28 days) and PlanetLab (5-minute values, one row
 * per VM-day). Compared on the same footing: 5-minute averages over 28 days of a simulated fleet
 * of 100 groups. Stated tolerances: pooled quantiles p25..p90 and the quantiles of per-machine
 * means within a factor 1.5 of Azure's; pooled p50..p90 within a factor 2.5 of PlanetLab's (a
 * different, burstier population; the shape must be in the same family, not identical). Skipped
 * with a message when the data directory is absent.
 */
class CalibrationTest {

  static final Path DATA = Path.of(System.getProperty("tap.shared.data", "../../shared/data"));
  static final double[] POOLED = {25, 50, 75, 90};
  static double[] simPooled;
  static double[] simMeans;
  static double[] simP95s;

  @BeforeAll
  static void simulate() {
    SimAccount fleet = SimAccount.fleet(100);
    Instant end = fleet.clock().instant();
    Instant start = end.minus(Duration.ofDays(28));
    List<double[]> perVm = new ArrayList<>();
    for (Resource r : fleet.snapshot().resources()) {
      MetricQuery q = new MetricQuery("cpu", "AWS/EC2", "CPUUtilization", Map.of("AutoScalingGroupName", r.id()), "Average", 300);
      double[] v = new double[0];
      String token = null;
      do {
        MetricDataPage p = fleet.cloudWatch().getMetricData(new MetricDataRequest(List.of(q), start, end, token));
        for (MetricSeries s : p.results()) {
          int n = v.length;
          v = Arrays.copyOf(v, n + s.size());
          System.arraycopy(s.values(), 0, v, n, s.size());
        }
        token = p.nextToken();
      } while (token != null);
      perVm.add(v);
    }
    simPooled = pooled(perVm);
    simMeans = perVm.stream().mapToDouble(v -> Arrays.stream(v).average().orElseThrow()).sorted().toArray();
    simP95s = perVm.stream().mapToDouble(v -> quantile(sorted(v), 95)).sorted().toArray();
  }

  static Path require(String file) {
    Path p = DATA.resolve(file);
    assumeTrue(Files.isReadable(p), "calibration data " + p.toAbsolutePath() + " is absent: skipped (set -Dtap.shared.data=DIR to point at ../shared/data)");
    return p;
  }

  @Test
  void pooledQuantilesAndPerMachineMeansMatchAzureWithinAFactorOfOneAndAHalf() throws IOException {
    List<double[]> azure = readAzure(require("azure_v1_sample100/microsoft_avg_100.csv"));
    double[] real = pooled(azure);
    double[] means = azure.stream().mapToDouble(v -> Arrays.stream(v).average().orElseThrow()).sorted().toArray();
    double[] p95s = azure.stream().mapToDouble(v -> quantile(sorted(v), 95)).sorted().toArray();
    for (int i = 0; i < POOLED.length; i++) {
      assertThat(simPooled[i] / real[i]).as("pooled p%.0f: simulated %.2f %%, Azure %.2f %%", POOLED[i], simPooled[i], real[i]).isBetween(1 / 1.5, 1.5);
    }
    for (double q : new double[] {25, 50, 75, 90}) {
      double s = quantile(simMeans, q);
      double r = quantile(means, q);
      assertThat(s / r).as("per-machine mean, p%.0f across machines: simulated %.2f %%, Azure %.2f %%", q, s, r).isBetween(1 / 1.5, 1.5);
      double s95 = quantile(simP95s, q);
      double r95 = quantile(p95s, q);
      assertThat(s95 / r95).as("per-machine p95, p%.0f across machines: simulated %.2f %%, Azure %.2f %%", q, s95, r95).isBetween(1 / 1.5, 1.5);
    }
  }

  @Test
  void pooledQuantilesAreInPlanetLabsRange() throws IOException {
    double[] real = readPlanetLabPooled(require("planetlab_cpu_5min.csv"));
    for (int i = 1; i < POOLED.length; i++) {
      assertThat(simPooled[i] / real[i]).as("pooled p%.0f: simulated %.2f %%, PlanetLab %.2f %%", POOLED[i], simPooled[i], real[i]).isBetween(1 / 2.5, 2.5);
    }
  }

  static double[] pooled(List<double[]> series) {
    int n = series.stream().mapToInt(v -> v.length).sum();
    double[] all = new double[n];
    int i = 0;
    for (double[] v : series) {
      System.arraycopy(v, 0, all, i, v.length);
      i += v.length;
    }
    Arrays.sort(all);
    double[] q = new double[POOLED.length];
    for (int k = 0; k < q.length; k++) q[k] = quantile(all, POOLED[k]);
    return q;
  }

  static double[] sorted(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c;
  }

  static double quantile(double[] sorted, double p) {
    return sorted[(int) Math.max(0, Math.ceil(p / 100 * sorted.length) - 1)];
  }

  /** Columns are VMs, rows 5-minute steps; the first column is the step number. */
  static List<double[]> readAzure(Path p) throws IOException {
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(p)) {
      String line = r.readLine(); // header
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        double[] row = new double[f.length - 1];
        for (int i = 1; i < f.length; i++) row[i - 1] = Double.parseDouble(f[i]);
        rows.add(row);
      }
    }
    int vms = rows.get(0).length;
    List<double[]> perVm = new ArrayList<>();
    for (int j = 0; j < vms; j++) {
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) v[i] = rows.get(i)[j];
      perVm.add(v);
    }
    return perVm;
  }

  /** date, vm, then 288 five-minute values per row; pooled over every row. */
  static double[] readPlanetLabPooled(Path p) throws IOException {
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(p)) {
      String line = r.readLine();
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        double[] row = new double[f.length - 2];
        for (int i = 2; i < f.length; i++) row[i - 2] = Double.parseDouble(f[i]);
        rows.add(row);
      }
    }
    return pooled(rows);
  }
}
