package dev.tap.bench.score;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.PriceBook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * The sizing score (issue 13 §5, docs/sizing-score.md): each VM of a trace is sized on the first
 * part (default two thirds) by TAP's own analysis ({@link TapSizing}) and by three simple rules
 * ({@link Baselines}), and every choice is scored on the rest ({@link Score}): monthly on-demand
 * cost and the number of under-provisioned VMs.
 *
 * <p>Usage: {@code SizingScoreBench [sim[:N]] [azure] [planetlab] [--trace FILE --vms FILE]
 * [--train FRACTION] [--profile NAME] [--region REGION] [--seed N] [--data DIR] [--write DIR] [--prices FILE] [--shape-only]}; default
 * {@code sim:500 azure planetlab}. {@code azure} and {@code planetlab} read ../shared/data (or
 * {@code --data}) and are skipped with a message when it is absent.
 */
public final class SizingScoreBench {
  private SizingScoreBench() {}

  /** How a run is set up. */
  record Setup(double trainFraction, String profile, String region, long seed, Path data) {}

  /** One dataset's outcome. */
  record Outcome(String name, int vms, Instant start, Instant split, Instant end, List<Score> scores, int tapPlanned, int tapLeftOut, TraceShape shape) {}

  /**
   * The statistics the simulated fleet is calibrated on (docs/simulation.md), over each whole
   * trace: quartiles across VMs of the per-VM mean and p99.9 of CPU, and the share of VMs with more
   * than 0.1 % of their samples above 90 %.
   */
  record TraceShape(double[] meanQuartiles, double[] p999Quartiles, double saturatingShare) {
    static TraceShape of(List<VmTrace> vms) {
      double[] means = vms.stream().filter(v -> v.size() > 0).mapToDouble(v -> Stat.of("Average", v.cpuPct(), 0, v.size())).sorted().toArray();
      double[] p999 = vms.stream().filter(v -> v.size() > 0).mapToDouble(v -> Stat.of("p99.9", v.cpuPct(), 0, v.size())).sorted().toArray();
      long saturating = vms.stream().filter(v -> Score.cpuStarved(v, 1, 1)).count();
      return new TraceShape(quartiles(means), quartiles(p999), (double) saturating / vms.size());
    }

    private static double[] quartiles(double[] sorted) {
      double[] q = new double[3];
      for (int k = 0; k < 3; k++) q[k] = sorted[(int) Math.max(0, Math.ceil((k + 1) / 4.0 * sorted.length) - 1)];
      return q;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "CPU mean per VM p25/p50/p75 %.1f/%.1f/%.1f %%, p99.9 per VM %.1f/%.1f/%.1f %%, %.0f %% of VMs above 90 %% in more than 0.1 %% of samples",
          meanQuartiles[0], meanQuartiles[1], meanQuartiles[2], p999Quartiles[0], p999Quartiles[1], p999Quartiles[2], saturatingShare * 100);
    }
  }

  public static void main(String[] args) throws IOException {
    List<String> datasets = new ArrayList<>();
    double train = 2.0 / 3;
    String profile = "trading";
    String region = "us-east-1";
    long seed = 42;
    Path data = Path.of(System.getProperty("tap.shared.data", "../shared/data"));
    Path trace = null;
    Path vms = null;
    Path write = null;
    Path prices = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train = Double.parseDouble(args[++i]);
        case "--profile" -> profile = args[++i];
        case "--region" -> region = args[++i];
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--trace" -> trace = Path.of(args[++i]);
        case "--vms" -> vms = Path.of(args[++i]);
        case "--write" -> write = Path.of(args[++i]);
        case "--prices" -> prices = Path.of(args[++i]);
        default -> datasets.add(args[i]);
      }
    }
    if ((trace == null) != (vms == null)) fail("--trace FILE and --vms FILE go together (the samples and each VM's type or capacity)");
    if (!(train > 0 && train < 1)) fail("--train " + train + " must be between 0 and 1 (the share of the trace sized on)");
    if (datasets.contains("--shape-only")) {
      datasets.remove("--shape-only");
      for (String d : datasets) {
        List<VmTrace> v = load(d, new Setup(train, profile, region, seed, data));
        if (v == null) continue;
        System.out.println(d + ": " + TraceShape.of(v));
        if (d.startsWith("sim")) { // on Azure's footing: its first 28 days
          long from = v.get(0).times()[0];
          System.out.println(d + ", first 28 days: " + TraceShape.of(v.stream().map(x -> x.between(from, from + 28 * 86_400L)).toList()));
        }
      }
      return;
    }
    if (datasets.isEmpty() && trace == null) datasets.addAll(List.of("sim:500", "azure", "planetlab"));
    Setup setup = new Setup(train, profile, region, seed, data);
    // a list from 'tap prices refresh' brings its own catalogue (PriceBook.load), as --prices does for tap analyze
    PriceBook book = prices == null ? PriceBook.bundled() : PriceBook.load(prices);
    Ec2Catalogue catalogue = book.catalogue();
    System.out.printf("TAP sizing score, %s: profile %s with --allow-restart, region %s, EC2 catalogue %s, sized on the first %.1f %% of each trace%n",
        Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), profile, region, catalogue.citation(), train * 100);
    try {
      if (trace != null) print(run(trace.getFileName().toString(), TraceCsv.read(trace, vms, region, catalogue), setup, book));
      for (String d : datasets) {
        List<VmTrace> vmTraces = load(d, setup);
        if (vmTraces == null) continue;
        if (write != null) {
          Files.createDirectories(write);
          String base = d.replace(':', '-');
          TraceCsv.write(vmTraces, write.resolve(base + "-trace.csv"), write.resolve(base + "-vms.csv"));
          System.out.println("\n" + d + ": written to " + write.resolve(base + "-trace.csv") + " and " + write.resolve(base + "-vms.csv"));
        }
        print(run(d, vmTraces, setup, book));
      }
    } catch (UserError e) {
      fail(e.getMessage());
    }
  }

  private static List<VmTrace> load(String dataset, Setup s) throws IOException {
    if (dataset.startsWith("sim")) {
      int n = dataset.contains(":") ? Integer.parseInt(dataset.substring(dataset.indexOf(':') + 1).replace(",", "")) : 500;
      return SharedTraces.simulated(n, s.seed());
    }
    Path marker = s.data().resolve(dataset.equals("azure") ? "azure_v1_sample100/microsoft_avg_100.csv" : "planetlab_cpu_5min.csv");
    if (!dataset.equals("azure") && !dataset.equals("planetlab")) fail("unknown dataset '" + dataset + "': use sim[:N], azure, planetlab or --trace FILE --vms FILE");
    if (!Files.exists(marker)) {
      System.out.println("\n" + dataset + ": skipped, " + marker + " is absent (pass --data DIR or -Dtap.shared.data=DIR)");
      return null;
    }
    return dataset.equals("azure") ? SharedTraces.azure(s.data(), s.seed()) : SharedTraces.planetLab(s.data(), s.seed());
  }

  /** Sizes every VM on the training part with TAP and the baselines and scores each on the rest. */
  static Outcome run(String name, List<VmTrace> vms, Setup s, PriceBook book) {
    Ec2Catalogue catalogue = book.catalogue();
    long first = vms.stream().filter(v -> v.size() > 0).mapToLong(v -> v.times()[0]).min().orElseThrow();
    long last = vms.stream().filter(v -> v.size() > 0).mapToLong(v -> v.times()[v.size() - 1]).max().orElseThrow() + SharedTraces.STEP;
    long split = first + Math.round((last - first) * s.trainFraction() / SharedTraces.STEP) * SharedTraces.STEP;
    List<VmTrace> training = vms.stream().map(v -> v.between(first, split)).toList();
    List<VmTrace> scored = vms.stream().map(v -> v.between(split, last)).toList();
    Policy policy = PolicyLoader.profile(s.profile()).with("ec2.allowRestart", true);
    Path dir;
    try {
      dir = Files.createTempDirectory("tap-sizing-score-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TapSizing.Result tap = TapSizing.size(training, Instant.ofEpochSecond(first), Instant.ofEpochSecond(split), s.region(), policy, dir, book);
    deleteQuietly(dir);
    if (System.getProperty("tap.score.detail") != null) detail(name, training, scored, tap, s, catalogue);
    List<Score> scores = List.of(
        Score.of(Baselines.LEAVE, Baselines.leave(training), scored, s.region(), catalogue),
        Score.of(Baselines.P95_DOWN, Baselines.p95OneDown(training, s.region(), catalogue), scored, s.region(), catalogue),
        Score.of(Baselines.P995_HEADROOM, Baselines.p995Headroom(training, s.region(), catalogue), scored, s.region(), catalogue),
        Score.of("TAP (" + s.profile() + ")", tap.types(), scored, s.region(), catalogue));
    return new Outcome(name, vms.size(), Instant.ofEpochSecond(first), Instant.ofEpochSecond(split), Instant.ofEpochSecond(last), scores, tap.planned(),
        tap.leftOut(), TraceShape.of(vms));
  }

  static void print(Outcome o) {
    System.out.printf(Locale.ROOT, "%n%s: %d VMs, sized on %s .. %s (%.1f days), scored on .. %s (%.1f days)%n", o.name(), o.vms(), o.start(), o.split(),
        days(o.start(), o.split()), o.end(), days(o.split(), o.end()));
    System.out.println("whole trace: " + o.shape());
    System.out.print(table(o));
    Score leave = o.scores().get(0);
    Score tap = o.scores().get(o.scores().size() - 1);
    System.out.printf(Locale.ROOT, "TAP: %d type changes planned, %d proposed but left out by the planner (backtest or confidence); "
        + "cost %s leave-as-is (%,.2f vs %,.2f USD/mo), under-provisioned %d vs %d%n", o.tapPlanned(), o.tapLeftOut(),
        tap.monthlyUsd() <= leave.monthlyUsd() + 1e-6 ? "<=" : ">", tap.monthlyUsd(), leave.monthlyUsd(), tap.underProvisioned(), leave.underProvisioned());
  }

  /** The Markdown table of one outcome (printed, and pasted into docs/sizing-score.md). */
  static String table(Outcome o) {
    StringBuilder b = new StringBuilder();
    b.append("| strategy | monthly on-demand USD | vs leave as is | under-provisioned VMs | of which CPU / memory | sized down | sized up |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    double leave = o.scores().get(0).monthlyUsd();
    for (Score s : o.scores()) {
      b.append(String.format(Locale.ROOT, "| %s | %,.2f | %+.1f %% | %d | %d / %d | %d | %d |%n", s.strategy(), s.monthlyUsd(),
          (s.monthlyUsd() / leave - 1) * 100, s.underProvisioned(), s.underOnCpu(), s.underOnMemory(), s.sizedDown(), s.sizedUp()));
    }
    return b.toString();
  }

  /** Per VM (system property {@code tap.score.detail}): TAP's finding and choice, training p99.9, and the scored share of samples above 90 % of each choice. */
  private static void detail(String name, List<VmTrace> training, List<VmTrace> scored, TapSizing.Result tap, Setup s, Ec2Catalogue catalogue) {
    Path file = Path.of(System.getProperty("tap.score.detail")).resolve(name.replace(':', '-') + "-detail.csv");
    StringBuilder b = new StringBuilder("vm,type,tap_type,tap_finding,train_p99_9,train_max,train_mem_max_pct,train_over_share,scored_over_share_leave,scored_over_share_tap,scored_mem_max_gib,hourly_usd,tap_hourly_usd,left_out\n");
    for (int i = 0; i < training.size(); i++) {
      VmTrace t = training.get(i);
      VmTrace sc = scored.get(i);
      String to = tap.types().getOrDefault(t.id(), t.type());
      var now = catalogue.spec(t.type()).orElseThrow();
      var spec = catalogue.spec(to).orElseThrow();
      b.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.1f,%.1f,%s,%.6f,%.6f,%.6f,%s,%.4f,%.4f,\"%s\"%n", t.id(), t.type(), to, tap.findingByVm().getOrDefault(t.id(), ""),
          Stat.of("p99.9", t.cpuPct(), 0, t.size()), Stat.of("Maximum", t.cpuPct(), 0, t.size()),
          t.memoryMeasured() ? String.format(Locale.ROOT, "%.1f", Stat.of("Maximum", t.memUsedGib(), 0, t.size()) / now.memoryGib() * 100) : "",
          share(t, now.vcpu(), now.vcpu()), share(sc, now.vcpu(), now.vcpu()), share(sc, now.vcpu(), spec.vcpu()),
          sc.memoryMeasured() ? String.format(Locale.ROOT, "%.1f", Stat.of("Maximum", sc.memUsedGib(), 0, sc.size())) : "",
          Score.hourly(t.type(), s.region(), catalogue), Score.hourly(to, s.region(), catalogue),
          tap.leftOutWhy().getOrDefault(t.id(), "").replace('"', '\'')));
    }
    try {
      Files.writeString(file, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double share(VmTrace vm, int nowVcpu, int toVcpu) {
    double limit = Score.CPU_LIMIT * toVcpu / nowVcpu * 100;
    int over = 0;
    for (float c : vm.cpuPct()) if (c > limit) over++;
    return vm.size() == 0 ? 0 : (double) over / vm.size();
  }

  private static double days(Instant a, Instant b) {
    return Duration.between(a, b).toMinutes() / 1440.0;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static void fail(String message) {
    System.err.println("sizing score: " + message);
    System.exit(dev.tap.optimizer.error.ExitCode.BAD_INPUT.code);
  }

}
