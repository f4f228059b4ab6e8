package dev.tap.optimizer.report.ml;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.family.sagemaker.EndpointSizing;
import dev.tap.optimizer.family.sagemaker.GpuInstanceType;
import dev.tap.optimizer.family.sagemaker.MlRun;
import dev.tap.optimizer.family.sagemaker.ProductionVariant;
import dev.tap.optimizer.family.sagemaker.Rollout;
import dev.tap.optimizer.family.sagemaker.SizingPolicy;
import dev.tap.optimizer.family.sagemaker.SpotPolicy;
import dev.tap.optimizer.family.sagemaker.SpotTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code ml-report.ipynb} (nbformat 4.5): a markdown narrative, and code cells that load
 * {@code ml-run.json} whose outputs are already rendered (JFreeChart PNGs, HTML tables), so the
 * notebook reads without running and a reader can re-run every cell.
 */
public final class MlNotebook {
  private MlNotebook() {}

  private static final ObjectMapper M = new ObjectMapper();

  public static void write(Path file, MlRun run) throws IOException {
    Files.writeString(file, M.writerWithDefaultPrettyPrinter().writeValueAsString(build(run)));
  }

  static ObjectNode build(MlRun run) {
    ObjectNode nb = M.createObjectNode();
    ObjectNode meta = nb.putObject("metadata");
    ObjectNode ks = meta.putObject("kernelspec");
    ks.put("name", "python3").put("display_name", "Python 3").put("language", "python");
    meta.putObject("language_info").put("name", "python");
    nb.put("nbformat", 4).put("nbformat_minor", 5);
    ArrayNode cells = nb.putArray("cells");
    Cells c = new Cells(cells);
    EndpointSizing.Result s = run.sizing();
    EndpointSizing.Candidate b = s.best();
    EndpointSizing.Observed o = s.observed();
    ProductionVariant cur = run.endpoint().primary();
    MlRun.Hourly h = run.hourly();
    // a run on a real account reads CloudWatch; the simulated platform says where its traffic came from
    boolean onAws = run.trafficSource() != null && run.trafficSource().startsWith("CloudWatch");
    boolean hasTraining = run.training() != null && run.training().estimate() != null;

    c.md(String.format(Locale.ROOT, """
        # ML platform optimisation — %s

        Run of `tap ml` (%s). Endpoint **%s**: %d x `%s` (%d GPUs)%s.
        Traffic: %s. Prices: %s.

        | | before | after |
        |---|---|---|
        | fleet | %d x %s, no autoscaling | %s, %d-%d instances, target tracking |
        | GPU-hours / month | %,.0f | %,.0f |
        | endpoint $ / month | %,.0f | %,.0f |
        %s

        Every figure below is computed from `ml-run.json` next to this notebook; the code cells reload it.
        """, run.region(), onAws ? run.createdAt() : "seed " + run.seed() + ", " + run.createdAt(), run.endpoint().name(), cur.instanceCount(), cur.instanceType(),
        cur.instanceCount() * GpuInstanceType.of(cur.instanceType()).gpus(), onAws ? "" : ", originally sized for 10,000 predictions/s",
        run.trafficSource(), run.priceList(),
        cur.instanceCount(), cur.instanceType(), b.instanceType(), b.minInstances(), b.maxInstances(), s.gpuHoursBefore(),
        b.gpuHoursPerMonth(), s.monthlyBefore(), b.monthlyUsd(), hasTraining
            ? String.format(Locale.ROOT, "| training $ / month | %,.0f (on-demand) | %,.0f (managed spot, expected) |",
                run.training().estimate().onDemandMonthly(), run.training().estimate().expectedSpotMonthly())
            : "| training | no on-demand training jobs analysed | |"));
    c.code("import json\nrun = json.load(open('ml-run.json'))\nrun['sizing']['observed']", List.of(text(M.valueToTree(o).toPrettyString())));

    c.md(String.format(Locale.ROOT, """
        ## M1 — invocations and capacity

        Mean %.0f/s, peak %.0f/s: peak-to-average **%.1f**. One `%s` served up to **%.0f/s** while p95 ModelLatency stayed within
        %.1f ms (the SLO %s, or today's median p95 + 5 %%, whichever is lower) — %.0f/s per T4-equivalent GPU, a measured lower bound.
        Capacity after is the instances target tracking would hold, replayed minute by minute (scale-out %d min late, scale-in after %d min).
        """, o.meanRate(), o.peakRate(), o.peakToAverage(), cur.instanceType(), o.measuredPerInstance(), o.latencyBoundMs(), String.format(Locale.ROOT, "%.0f ms", SizingPolicy.defaults().sloP95Ms()),
        o.measuredPerT4Gpu(), SizingPolicy.defaults().scaleOutDelayMinutes(), SizingPolicy.defaults().scaleInDelayMinutes()));
    Map<String, double[]> inv = new LinkedHashMap<>();
    inv.put("invocations/s", h.invocationsPerSecond());
    inv.put("capacity before (measured)", h.capacityBefore());
    inv.put("capacity after (autoscaled)", h.capacityAfter());
    c.code("""
        import matplotlib.pyplot as plt
        hr = run['hourly']
        for k, label in [('invocationsPerSecond', 'invocations/s'), ('capacityBefore', 'capacity before'), ('capacityAfter', 'capacity after')]:
            plt.plot(hr['times'], hr[k], label=label)
        plt.legend(); plt.show()""", List.of(image(MlCharts.timeLines("Invocations and serving capacity (hourly)", "predictions/s", h.times(), inv))));

    Map<String, double[]> util = new LinkedHashMap<>();
    util.put("GPU utilisation before (measured)", h.gpuUtilBefore());
    util.put("GPU utilisation after (predicted)", h.gpuUtilAfter());
    c.md(String.format(Locale.ROOT, """
        ## GPU utilisation before and after

        Measured GPUUtilization averages **%.1f %%** per GPU (SageMaker sums it over an instance's GPUs; divided here). After: predicted from a
        least-squares fit of utilisation against requests per GPU (idle %.1f %%, %.3f %% per request/s) at the replayed instance counts.
        """, o.meanGpuUtilPerGpu(), run.latency().utilFitIdle(), run.latency().utilFitSlopePerRequest()));
    c.code("""
        for k in ['gpuUtilBefore', 'gpuUtilAfter']:
            plt.plot(hr['times'], hr[k], label=k)
        plt.ylabel('% per GPU'); plt.legend(); plt.show()""",
        List.of(image(MlCharts.timeLines("GPU utilisation per GPU (hourly)", "% busy", h.times(), util))));

    c.md("## Latency against load\n\np95 ModelLatency of every tenth minute against the throughput one instance served in that minute.");
    c.code("lat = run['latency']\nplt.scatter(lat['perInstancePerSecond'], lat['p95Ms'], s=2); plt.xlabel('predictions/s per instance'); plt.ylabel('p95 ms'); plt.show()",
        List.of(image(MlCharts.scatter("p95 ModelLatency vs per-instance throughput", "predictions/s per instance", "p95 ms",
            run.latency().perInstancePerSecond(), run.latency().p95Ms(), cur.instanceType()))));

    StringBuilder table = new StringBuilder("<table><thead><tr><th>type</th><th>capacity/instance (/s)</th><th>min</th><th>max</th>"
        + "<th>target (/min/instance)</th><th>GPU-h/month</th><th>$/month</th><th>minutes over capacity</th></tr></thead><tbody>");
    for (EndpointSizing.Candidate k : s.considered()) {
      table.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%.0f</td><td>%d</td><td>%d</td><td>%.0f</td><td>%,.0f</td><td>%,.0f</td><td>%d</td></tr>",
          k.equals(b) ? " style=\"font-weight:bold\"" : "", k.instanceType(), k.capacityPerInstance(), k.minInstances(), k.maxInstances(),
          k.targetInvocationsPerInstancePerMinute(), k.gpuHoursPerMonth(), k.monthlyUsd(), k.minutesOverCapacity()));
    }
    table.append("</tbody></table>");
    c.md("## Candidates and GPU-hours\n\nEvery priced GPU type, sized for the observed peak plus 25 % headroom; the floor is raised until the replay "
        + "stays within 0.1 % of minutes above the measured throughput. The cheapest (bold) is recommended.");
    c.code("import pandas as pd\npd.DataFrame(run['sizing']['considered'])", List.of(html(table.toString())));
    LinkedHashMap<String, LinkedHashMap<String, Double>> gpuh = new LinkedHashMap<>();
    gpuh.put("before", new LinkedHashMap<>(Map.of("GPU-hours / month", s.gpuHoursBefore())));
    gpuh.put("after", new LinkedHashMap<>(Map.of("GPU-hours / month", b.gpuHoursPerMonth())));
    LinkedHashMap<String, LinkedHashMap<String, Double>> usd = new LinkedHashMap<>();
    usd.put("before", new LinkedHashMap<>(Map.of("endpoint", s.monthlyBefore())));
    usd.put("after", new LinkedHashMap<>(Map.of("endpoint", b.monthlyUsd())));
    if (hasTraining) {
      usd.get("before").put("training", run.training().estimate().onDemandMonthly());
      usd.get("after").put("training", run.training().estimate().expectedSpotMonthly());
    }
    c.code("print(run['sizing']['gpuHoursBefore'], run['sizing']['best']['gpuHoursPerMonth'])",
        List.of(image(MlCharts.bars("GPU-hours per month", "GPU-hours", gpuh)), image(MlCharts.bars("Monthly cost (USD, list prices)", "USD / month", usd))));

    if (hasTraining) {
      SpotTraining.Estimate e = run.training().estimate();
      StringBuilder cfg = new StringBuilder("<table><tbody>");
      e.configuration().forEach((k, v) -> cfg.append("<tr><td><code>").append(k).append("</code></td><td>").append(escape(v)).append("</td></tr>"));
      cfg.append("</tbody></table>");
      c.md(String.format(Locale.ROOT, """
          ## M2 — training on managed spot

          %d jobs a month, %.1f h each on %d x `%s`. Spot discount **%.0f %%** off on-demand — %s Interruption band `%s`, taken as
          %.0f %% of instances a month: %.4f expected interruptions per job; each costs half a checkpoint interval (%d s) plus a %d s restart.
          Expected monthly cost including lost work: **$%,.0f** instead of $%,.0f on-demand.
          """, e.jobsPerMonth(), e.meanJobHours(), e.instances(), e.instanceType(), 100 - 100 * e.spotListMonthly() / e.onDemandMonthly(),
          run.training().spotSource(), e.band(), 100 * e.monthlyInterruptionFraction(), e.expectedInterruptionsPerJob(),
          e.checkpointIntervalSeconds(), SpotPolicy.defaults().restartSeconds(), e.expectedSpotMonthly(), e.onDemandMonthly()));
      c.code("run['training']['estimate']['configuration']", List.of(html(cfg.toString())));
      LinkedHashMap<String, LinkedHashMap<String, Double>> tc = new LinkedHashMap<>();
      LinkedHashMap<String, Double> costs = new LinkedHashMap<>(run.training().monthlyCost());
      tc.put("USD / month", costs);
      long stressInterrupted = run.training().simulatedStress().stream().filter(j -> j.interruptions() > 0).count();
      long stressFallback = run.training().simulatedStress().stream().filter(SpotTraining.SimulatedJob::fellBackToOnDemand).count();
      c.md(String.format(Locale.ROOT, "Interruption simulation: the month's jobs replayed with interruptions drawn at the stated rate and at a "
          + "stress rate (%.1f interruptions per job-hour): under stress %d of %d jobs were interrupted and %d fell back to on-demand after %d interruptions.",
          run.training().stressHazardPerJobHour(), stressInterrupted, run.training().simulatedStress().size(), stressFallback,
          SpotPolicy.defaults().maxInterruptions()));
      double[] ints = run.training().simulatedStress().stream().mapToDouble(SpotTraining.SimulatedJob::interruptions).toArray();
      c.code("pd.Series(run['training']['monthlyCost']).plot.bar(); plt.show()",
          List.of(image(MlCharts.bars("Training cost per month", "USD", tc)),
              image(MlCharts.steps("Interruptions per job under the stress rate", "job (day of month)", "interruptions", Map.of("interruptions", ints)))));
    } else {
      c.md("## M2 — training on managed spot\n\nNo completed on-demand training job was found in the window (or its instance type is not in the price list), "
          + "so there is no spot-training estimate in this run.");
    }

    c.md("## M3 — rollout gates\n\nShadow replay of the busiest recorded hour (accuracy drop ≤ 0.1 pp, p95 +≤ 5 %), canary 10 %, linear 25 % and 50 % "
        + "with 30-minute bakes and auto-rollback alarms (p95 +5 %, 5xx > 0.5 %), then an A/B test at 50 % with a one-sided non-inferiority "
        + "rule (α 0.05, power 0.9, margin 0.1 pp, sample size fixed in advance) ending in promote or roll back.");
    if (run.rollouts().isEmpty()) {
      c.md("**The rollout has not run yet.** On AWS, `tap ml` only analyses: the endpoint action in the plan runs these gates when `tap apply` "
          + "carries it out — a shadow variant (p95 ModelLatency of shadow vs serving variant, from CloudWatch; prediction agreement needs data "
          + "capture to S3 and is not measured), then a blue/green canary with auto-rollback alarms, then the target-tracking policy. "
          + "`tap report --format ipynb` after the apply shows the same plan; the journal holds the gate results.");
    }
    Map<String, double[]> shares = new LinkedHashMap<>();
    for (Rollout.Record r : run.rollouts()) {
      StringBuilder t = new StringBuilder("<p><b>" + escape(r.candidate()) + "</b>: " + r.outcome()
          + (r.failedGate() == null ? "" : " (failed gate: " + escape(r.failedGate()) + ")") + "</p><table><thead><tr><th>phase</th><th>at</th>"
          + "<th>candidate %</th><th>passed</th><th>detail</th></tr></thead><tbody>");
      for (Rollout.Step st : r.steps()) {
        t.append("<tr><td>").append(st.phase()).append("</td><td>").append(st.at()).append("</td><td>").append(st.candidatePercent())
            .append("</td><td>").append(st.passed() ? "yes" : "<b>no</b>").append("</td><td>").append(escape(st.detail())).append("</td></tr>");
      }
      t.append("</tbody></table>");
      c.code("pd.DataFrame(run['rollouts'][" + run.rollouts().indexOf(r) + "]['steps'])", List.of(html(t.toString())));
      shares.put(r.candidate(), r.steps().stream().mapToDouble(Rollout.Step::candidatePercent).toArray());
    }
    if (!shares.isEmpty()) c.code("for r in run['rollouts']:\n    plt.step(range(len(r['steps'])), [s['candidatePercent'] for s in r['steps']], label=r['candidate'])\nplt.legend(); plt.show()",
        List.of(image(MlCharts.steps("Candidate traffic share by rollout step", "step", "% of traffic", shares))));

    StringBuilder acts = new StringBuilder("<table><thead><tr><th>action</th><th>before</th><th>after</th><th>$/month before</th>"
        + "<th>$/month after</th><th>rationale</th></tr></thead><tbody>");
    for (var a : run.actions()) {
      acts.append("<tr><td>").append(a.kind()).append("<br>").append(escape(a.resourceId())).append("</td><td>").append(escape(a.before().toString()))
          .append("</td><td>").append(escape(a.after().toString())).append(String.format(Locale.ROOT, "</td><td>%,.0f</td><td>%,.0f</td><td>",
              a.monthlyCostBefore(), a.monthlyCostAfter()));
      acts.append(escape(a.rationale())).append("</td></tr>");
    }
    acts.append("</tbody></table>");
    c.md("## Plan actions\n\nThe actions this run adds to the plan, with why (their evidence is in `ml-run.json`).");
    c.code("pd.DataFrame(run['actions'])[['kind', 'resourceId', 'monthlyCostBefore', 'monthlyCostAfter', 'rationale']]", List.of(html(acts.toString())));
    return nb;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static ObjectNode image(byte[] png) {
    return display("image/png", Base64.getEncoder().encodeToString(png), "<Figure>");
  }

  private static ObjectNode html(String html) {
    return display("text/html", html, "<table>");
  }

  private static ObjectNode text(String t) {
    return display(null, null, t);
  }

  /** A display_data output: {@code value} as {@code mime} (none when null) with its text/plain fallback. */
  private static ObjectNode display(String mime, String value, String plain) {
    ObjectNode o = M.createObjectNode();
    o.put("output_type", "display_data");
    ObjectNode d = o.putObject("data");
    if (mime != null) d.put(mime, value);
    d.put("text/plain", plain);
    o.putObject("metadata");
    return o;
  }

  /** Appends cells with stable ids (nbformat 4.5 requires one per cell). */
  private record Cells(ArrayNode cells, int[] executed) {
    Cells(ArrayNode cells) {
      this(cells, new int[1]);
    }

    void md(String source) {
      ObjectNode c = cells.addObject();
      c.put("cell_type", "markdown").put("id", "cell-" + cells.size());
      c.putObject("metadata");
      c.put("source", source);
    }

    void code(String source, List<ObjectNode> outputs) {
      ObjectNode c = cells.addObject();
      c.put("cell_type", "code").put("id", "cell-" + cells.size());
      c.putObject("metadata");
      // Numbered in order, as a notebook run top to bottom numbers them.
      c.put("execution_count", ++executed[0]);
      c.put("source", source);
      ArrayNode out = c.putArray("outputs");
      outputs.forEach(out::add);
    }
  }
}
