package dev.tap.blueprints.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the control plane costs per night and per month, computed from the dated unit prices in
 * {@code nightly-prices.json} and the measured per-account-region workload in
 * {@code nightly-workload.json}; docs/organisation.md prints {@link #markdown()} and
 * {@code NightlyCostTest} fails when the two differ.
 *
 * <p>Fargate is given twice: at the task time measured in TAP's image (billed at Fargate's 1-minute
 * minimum) and at the task timeout, the most a task can be billed.
 */
public final class NightlyCost {
  /** {@code aws s3 cp} uploads a file above 8 MiB in 8 MiB parts: one request per part plus create and complete. */
  static final long MULTIPART_THRESHOLD = 8L * 1024 * 1024;
  static final double HOURS_PER_MONTH = 730;

  /** One priced line: what, how many per night, at what unit price. */
  public record Line(String item, double quantity, String unit, double unitUsd, boolean monthly) {
    public double usd() {
      return quantity * unitUsd;
    }
  }

  /** The task's size and the bucket's lifecycle, from {@link ControlConfig}. */
  public record Setup(int taskCpu, int taskMemoryMiB, int taskTimeoutMinutes, int snapshotExpiryDays, int resultsInfrequentAccessDays,
      int resultsExpiryDays, int natGateways) {
    static Setup of(ControlConfig c) {
      return new Setup(c.taskCpu(), c.taskMemoryMiB(), c.taskTimeoutMinutes(), c.snapshotExpiryDays(), c.resultsInfrequentAccessDays(),
          c.resultsExpiryDays(), c.natGateways());
    }
  }

  private final JsonNode prices, workload;
  private final Setup setup;

  public NightlyCost(JsonNode prices, JsonNode workload, Setup setup) {
    this.prices = prices;
    this.workload = workload;
    this.setup = setup;
  }

  /** The files of this package and the blueprint's defaults. */
  public static NightlyCost standard(ControlConfig defaults) {
    return new NightlyCost(read("nightly-prices.json"), read("nightly-workload.json"), Setup.of(defaults));
  }

  static JsonNode read(String file) {
    try (InputStream in = NightlyCost.class.getResourceAsStream(file)) {
      if (in == null) throw new IllegalStateException("resource " + file + " is missing from dev/tap/blueprints/control");
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  double price(String key) {
    JsonNode p = prices.path("prices").path(key).path("usd");
    if (!p.isNumber()) throw new IllegalStateException("nightly-prices.json has no number at prices." + key + ".usd");
    return p.asDouble();
  }

  long items() {
    return workload.get("accounts").asLong() * workload.get("regionsPerAccount").asLong();
  }

  /** Resources per account-region over the measured run's: what the measured counts and bytes scale by. */
  double scale() {
    return workload.get("resourcesPerAccountRegion").asDouble() / workload.at("/measured/resources").asDouble();
  }

  /** Seconds Fargate bills for a task of {@code seconds}: per second, at least one minute. */
  static double billedSeconds(double seconds) {
    return Math.max(60, Math.ceil(seconds));
  }

  /** Fargate for every item at {@code seconds} per task: vCPU-hours and GB-hours. */
  List<Line> fargate(double seconds, String label) {
    double hours = items() * billedSeconds(seconds) / 3600;
    return List.of(
        new Line("Fargate vCPU, " + label, hours * setup.taskCpu() / 1024.0, "vCPU-hours", price("fargateVcpuHour"), false),
        new Line("Fargate memory, " + label, hours * setup.taskMemoryMiB() / 1024.0, "GB-hours", price("fargateGbHour"), false));
  }

  /** Everything but Fargate: transitions, metrics, requests, storage at steady state, fixed monthly items. */
  List<Line> common() {
    long n = items();
    JsonNode m = workload.get("measured");
    double snapshotBytes = m.get("snapshotBytes").asDouble() * scale();
    double planBytes = m.get("planBytes").asDouble() * scale();
    // the series file is nearly all of the snapshot: its parts, plus one PUT per other file
    double puts = n * (uploadRequests(snapshotBytes) + m.get("snapshotFiles").asInt() - 1 + m.get("planFiles").asInt());
    double gb = 1e9;
    List<Line> lines = new ArrayList<>();
    // the parent's Map state, then per item the child execution's start and its one RunTask state (retries add one each)
    lines.add(new Line("Step Functions state transitions (Map, child workflow starts, RunTask states)", 1 + 2.0 * n, "transitions",
        price("stepFunctionsTransition"), false));
    lines.add(new Line("CloudWatch GetMetricData metrics requested", n * workload.get("resourcesPerAccountRegion").asDouble()
        * m.get("metricQueries").asDouble() / m.get("resources").asDouble(), "metrics", price("getMetricDataMetric"), false));
    lines.add(new Line("S3 PUT requests (snapshot parts and files, plan files)", puts, "requests", price("s3PutRequest"), false));
    double nights = workload.get("nightsPerMonth").asDouble();
    lines.add(new Line("S3 Standard: snapshots kept " + setup.snapshotExpiryDays() + " nights", n * snapshotBytes * setup.snapshotExpiryDays() / gb,
        "GB-months", price("s3StandardGbMonth"), true));
    lines.add(new Line("S3 Standard: plans of the first " + setup.resultsInfrequentAccessDays() + " days",
        n * planBytes * setup.resultsInfrequentAccessDays() / gb, "GB-months", price("s3StandardGbMonth"), true));
    lines.add(new Line("S3 Standard-IA: plans up to day " + setup.resultsExpiryDays(),
        n * planBytes * (setup.resultsExpiryDays() - setup.resultsInfrequentAccessDays()) / gb, "GB-months", price("s3StandardIaGbMonth"), true));
    lines.add(new Line("NAT gateways (" + setup.natGateways() + ")", setup.natGateways() * HOURS_PER_MONTH, "hours", price("natGatewayHour"), true));
    lines.add(new Line("KMS key", 1, "key-months", price("kmsKeyMonth"), true));
    if (nights <= 0) throw new IllegalStateException("nightsPerMonth must be positive");
    return lines;
  }

  static double uploadRequests(double bytes) {
    return bytes <= MULTIPART_THRESHOLD ? 1 : Math.ceil(bytes / MULTIPART_THRESHOLD) + 2;
  }

  double nightsPerMonth() {
    return workload.get("nightsPerMonth").asDouble();
  }

  /** USD a month: per-night lines times the nights, monthly lines once. */
  double monthly(List<Line> lines) {
    return lines.stream().mapToDouble(l -> l.monthly() ? l.usd() : l.usd() * nightsPerMonth()).sum();
  }

  public double measuredSeconds() {
    return workload.at("/measured/containerSeconds").asDouble();
  }

  public List<Line> atMeasuredTime() {
    List<Line> all = new ArrayList<>(fargate(measuredSeconds(), "tasks at the measured " + fmt(measuredSeconds(), 1) + " s (billed "
        + fmt(billedSeconds(measuredSeconds()), 0) + " s)"));
    all.addAll(common());
    return all;
  }

  public List<Line> atTimeout() {
    List<Line> all = new ArrayList<>(fargate(setup.taskTimeoutMinutes() * 60.0, "tasks at the " + setup.taskTimeoutMinutes() + "-minute timeout"));
    all.addAll(common());
    return all;
  }

  /** The table docs/organisation.md prints. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("For ").append(fmt(workload.get("accounts").asDouble(), 0)).append(" accounts x ").append(workload.get("regionsPerAccount").asInt())
        .append(" region of ").append(fmt(workload.get("resourcesPerAccountRegion").asDouble(), 0)).append(" resources each (")
        .append(fmt(items(), 0)).append(" Fargate tasks a night, ").append(plain(setup.taskCpu() / 1024.0)).append(" vCPU and ")
        .append(plain(setup.taskMemoryMiB() / 1024.0)).append(" GB each), ").append(prices.get("region").asText()).append(" prices of ")
        .append(prices.get("asOf").asText()).append(", ").append(fmt(nightsPerMonth(), 0)).append(" nights a month:\n\n");
    b.append("| item | quantity | unit price (USD) | USD per night | USD per month |\n|---|---:|---:|---:|---:|\n");
    List<Line> measured = atMeasuredTime(), bound = atTimeout();
    for (Line l : measured) row(b, l);
    for (Line l : bound.subList(0, 2)) row(b, l);
    b.append("| **total, tasks at the measured time** | | | ").append(night(measured)).append(" | **").append(money(monthly(measured))).append("** |\n");
    b.append("| **total, tasks at the timeout (upper bound)** | | | ").append(night(bound)).append(" | **").append(money(monthly(bound))).append("** |\n");
    return b.toString();
  }

  private String night(List<Line> lines) {
    return money(lines.stream().filter(l -> !l.monthly()).mapToDouble(Line::usd).sum());
  }

  private void row(StringBuilder b, Line l) {
    String q = (l.quantity() >= 100 ? fmt(l.quantity(), 0) : fmt(l.quantity(), 2)) + " " + l.unit() + (l.monthly() ? " (monthly)" : "");
    b.append("| ").append(l.item()).append(" | ").append(q).append(" | ").append(plain(l.unitUsd()))
        .append(" | ").append(l.monthly() ? "" : money(l.usd())).append(" | ").append(money(l.monthly() ? l.usd() : l.usd() * nightsPerMonth())).append(" |\n");
  }

  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  static String money(double usd) {
    return fmt(usd, 2);
  }

  static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue());
  }
}
