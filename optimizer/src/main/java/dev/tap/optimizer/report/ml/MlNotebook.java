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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
    c.code(SETUP + "\n\n" + """
        o = run['sizing']['observed']
        table(['measured on the current fleet', 'value'], [
            ['mean invocations/s', n(o['meanRate'], 1)], ['peak invocations/s', n(o['peakRate'], 1)],
            ['peak-to-average', n(o['peakToAverage'], 2)], ['median p95 ModelLatency (ms)', n(o['baselineP95Ms'], 2)],
            ['latency bound (ms)', n(o['latencyBoundMs'], 2)], ['served per instance within the bound (/s)', n(o['measuredPerInstance'], 1)],
            ['per T4-equivalent GPU (/s)', n(o['measuredPerT4Gpu'], 1)], ['GPU utilisation per GPU (%)', n(o['meanGpuUtilPerGpu'], 1)],
            ['GPU memory per GPU (%)', n(o['meanGpuMemPerGpu'], 1)], ['minutes', n(o['minutes'])]])""",
        List.of(table(List.of("measured on the current fleet", "value"), List.of(
            List.of("mean invocations/s", PyFormat.n(o.meanRate(), 1)), List.of("peak invocations/s", PyFormat.n(o.peakRate(), 1)),
            List.of("peak-to-average", PyFormat.n(o.peakToAverage(), 2)), List.of("median p95 ModelLatency (ms)", PyFormat.n(o.baselineP95Ms(), 2)),
            List.of("latency bound (ms)", PyFormat.n(o.latencyBoundMs(), 2)), List.of("served per instance within the bound (/s)", PyFormat.n(o.measuredPerInstance(), 1)),
            List.of("per T4-equivalent GPU (/s)", PyFormat.n(o.measuredPerT4Gpu(), 1)), List.of("GPU utilisation per GPU (%)", PyFormat.n(o.meanGpuUtilPerGpu(), 1)),
            List.of("GPU memory per GPU (%)", PyFormat.n(o.meanGpuMemPerGpu(), 1)), List.of("minutes", PyFormat.n(o.minutes(), 0))), Set.of(), "")));

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
        hr = run['hourly']
        fig, ax = chart('Invocations and serving capacity (hourly)', 'time (UTC)', 'predictions/s')
        for k, label in [('invocationsPerSecond', 'invocations/s'), ('capacityBefore', 'capacity before (measured)'),
                         ('capacityAfter', 'capacity after (autoscaled)')]:
            ax.plot(utc(hr['times']), hr[k], label=label)
        dates(ax); ax.legend(); show(fig)""",
        List.of(chart(MlCharts.timeLines("Invocations and serving capacity (hourly)", "time (UTC)", "predictions/s", h.times(), inv),
            "Invocations and serving capacity (hourly)", "time (UTC)", "predictions/s")));

    Map<String, double[]> util = new LinkedHashMap<>();
    util.put("GPU utilisation before (measured)", h.gpuUtilBefore());
    util.put("GPU utilisation after (predicted)", h.gpuUtilAfter());
    c.md(String.format(Locale.ROOT, """
        ## GPU utilisation before and after

        Measured GPUUtilization averages **%.1f %%** per GPU (SageMaker sums it over an instance's GPUs; divided here). After: predicted from a
        least-squares fit of utilisation against requests per GPU (idle %.1f %%, %.3f %% per request/s) at the replayed instance counts.
        """, o.meanGpuUtilPerGpu(), run.latency().utilFitIdle(), run.latency().utilFitSlopePerRequest()));
    c.code("""
        fig, ax = chart('GPU utilisation per GPU (hourly)', 'time (UTC)', '% busy per GPU')
        for k, label in [('gpuUtilBefore', 'GPU utilisation before (measured)'), ('gpuUtilAfter', 'GPU utilisation after (predicted)')]:
            ax.plot(utc(hr['times']), hr[k], label=label)
        dates(ax); ax.legend(); show(fig)""",
        List.of(chart(MlCharts.timeLines("GPU utilisation per GPU (hourly)", "time (UTC)", "% busy per GPU", h.times(), util),
            "GPU utilisation per GPU (hourly)", "time (UTC)", "% busy per GPU")));

    c.md("## Latency against load\n\np95 ModelLatency of every tenth minute against the throughput one instance served in that minute.");
    c.code("""
        lat = run['latency']
        fig, ax = chart('p95 ModelLatency vs per-instance throughput', 'predictions/s per instance', 'p95 ModelLatency (ms)')
        ax.scatter(lat['perInstancePerSecond'], lat['p95Ms'], s=2, label=primary['instanceType'])
        ax.legend(); show(fig)""",
        List.of(chart(MlCharts.scatter("p95 ModelLatency vs per-instance throughput", "predictions/s per instance", "p95 ModelLatency (ms)",
            run.latency().perInstancePerSecond(), run.latency().p95Ms(), cur.instanceType()),
            "p95 ModelLatency vs per-instance throughput", "predictions/s per instance", "p95 ModelLatency (ms)")));

    List<List<String>> candidates = new ArrayList<>();
    Set<Integer> bold = new HashSet<>();
    for (EndpointSizing.Candidate k : s.considered()) {
      if (k.equals(b)) bold.add(candidates.size());
      candidates.add(List.of(PyFormat.esc(k.instanceType()), PyFormat.n(k.capacityPerInstance(), 0), Integer.toString(k.minInstances()),
          Integer.toString(k.maxInstances()), PyFormat.n(k.targetInvocationsPerInstancePerMinute(), 0), PyFormat.n(k.gpuHoursPerMonth(), 0),
          PyFormat.n(k.monthlyUsd(), 0), Integer.toString(k.minutesOverCapacity())));
    }
    c.md("## Candidates and GPU-hours\n\nEvery priced GPU type, sized for the observed peak plus 25 % headroom; the floor is raised until the replay "
        + "stays within 0.1 % of minutes above the measured throughput. The cheapest (bold) is recommended.");
    List<String> candidateHead = List.of("type", "capacity/instance (/s)", "min", "max", "target (/min/instance)", "GPU-h/month", "$/month",
        "minutes over capacity");
    c.code("""
        s = run['sizing']
        best = s['best']
        table(['type', 'capacity/instance (/s)', 'min', 'max', 'target (/min/instance)', 'GPU-h/month', '$/month', 'minutes over capacity'],
              [[html.escape(k['instanceType'], quote=False), n(k['capacityPerInstance']), k['minInstances'], k['maxInstances'],
                n(k['targetInvocationsPerInstancePerMinute']), n(k['gpuHoursPerMonth']), n(k['monthlyUsd']), k['minutesOverCapacity']]
               for k in s['considered']],
              bold={i for i, k in enumerate(s['considered']) if k == best})""",
        List.of(table(candidateHead, candidates, bold, "")));
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
    c.md("GPU-hours and list-price cost a month, before and after: two charts.");
    c.code("""
        fig, ax = chart('GPU-hours per month', '', 'GPU-hours')
        bars(ax, {'before': {'GPU-hours / month': s['gpuHoursBefore']}, 'after': {'GPU-hours / month': best['gpuHoursPerMonth']}})
        show(fig)
        cost = {'before': {'endpoint': s['monthlyBefore']}, 'after': {'endpoint': best['monthlyUsd']}}
        est = (run.get('training') or {}).get('estimate')
        if est:
            cost['before']['training'] = est['onDemandMonthly']
            cost['after']['training'] = est['expectedSpotMonthly']
        fig, ax = chart('Monthly cost (USD, list prices)', '', 'USD / month')
        bars(ax, cost)
        show(fig)""",
        List.of(chart(MlCharts.bars("GPU-hours per month", "GPU-hours", gpuh), "GPU-hours per month", "", "GPU-hours"),
            chart(MlCharts.bars("Monthly cost (USD, list prices)", "USD / month", usd), "Monthly cost (USD, list prices)", "", "USD / month")));

    if (hasTraining) {
      SpotTraining.Estimate e = run.training().estimate();
      List<List<String>> cfg = new ArrayList<>();
      new java.util.TreeMap<>(e.configuration()).forEach((k, v) -> cfg.add(List.of("<code>" + PyFormat.esc(k) + "</code>", PyFormat.esc(v))));
      c.md(String.format(Locale.ROOT, """
          ## M2 — training on managed spot

          %d jobs a month, %.1f h each on %d x `%s`. Spot discount **%.0f %%** off on-demand — %s Interruption band `%s`, taken as
          %.0f %% of instances a month: %.4f expected interruptions per job; each costs half a checkpoint interval (%d s) plus a %d s restart.
          Expected monthly cost including lost work: **$%,.0f** instead of $%,.0f on-demand.
          """, e.jobsPerMonth(), e.meanJobHours(), e.instances(), e.instanceType(), 100 - 100 * e.spotListMonthly() / e.onDemandMonthly(),
          run.training().spotSource(), e.band(), 100 * e.monthlyInterruptionFraction(), e.expectedInterruptionsPerJob(),
          e.checkpointIntervalSeconds(), SpotPolicy.defaults().restartSeconds(), e.expectedSpotMonthly(), e.onDemandMonthly()));
      c.code("""
          tr = run['training']
          conf = tr['estimate']['configuration']
          table(['setting', 'value'], [['<code>' + html.escape(k, quote=False) + '</code>', html.escape(str(conf[k]), quote=False)] for k in sorted(conf)])""",
          List.of(table(List.of("setting", "value"), cfg, Set.of(), "")));
      LinkedHashMap<String, LinkedHashMap<String, Double>> tc = new LinkedHashMap<>();
      tc.put("USD / month", new LinkedHashMap<>(run.training().monthlyCost()));
      long stressInterrupted = run.training().simulatedStress().stream().filter(j -> j.interruptions() > 0).count();
      long stressFallback = run.training().simulatedStress().stream().filter(SpotTraining.SimulatedJob::fellBackToOnDemand).count();
      c.md(String.format(Locale.ROOT, "Interruption simulation: the month's jobs replayed with interruptions drawn at the stated rate and at a "
          + "stress rate (%.1f interruptions per job-hour): under stress %d of %d jobs were interrupted and %d fell back to on-demand after %d interruptions. "
          + "Two charts: the monthly cost by purchase option, and the interruptions of each job under the stress rate.",
          run.training().stressHazardPerJobHour(), stressInterrupted, run.training().simulatedStress().size(), stressFallback,
          SpotPolicy.defaults().maxInterruptions()));
      double[] ints = run.training().simulatedStress().stream().mapToDouble(SpotTraining.SimulatedJob::interruptions).toArray();
      c.code("""
          fig, ax = chart('Training cost per month', '', 'USD / month')
          bars(ax, {'USD / month': tr['monthlyCost']})
          show(fig)
          fig, ax = chart('Interruptions per job under the stress rate', 'job (day of month)', 'interruptions')
          jobs = tr['simulatedStress']
          ax.step(range(1, len(jobs) + 1), [j['interruptions'] for j in jobs], where='post', label='interruptions')
          ax.legend(); show(fig)""",
          List.of(chart(MlCharts.bars("Training cost per month", "USD / month", tc), "Training cost per month", "", "USD / month"),
              chart(MlCharts.steps("Interruptions per job under the stress rate", "job (day of month)", "interruptions", Map.of("interruptions", ints), 1),
                  "Interruptions per job under the stress rate", "job (day of month)", "interruptions")));
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
    List<String> stepHead = List.of("phase", "at", "candidate %", "passed", "detail");
    for (Rollout.Record r : run.rollouts()) {
      String intro = "<p><b>" + PyFormat.esc(r.candidate()) + "</b>: " + r.outcome() + (r.failedGate() == null ? "" : " (failed gate: " + PyFormat.esc(r.failedGate()) + ")") + "</p>";
      List<List<String>> steps = new ArrayList<>();
      for (Rollout.Step st : r.steps()) {
        steps.add(List.of(PyFormat.esc(st.phase()), st.at().toString(), Integer.toString(st.candidatePercent()), st.passed() ? "yes" : "<b>no</b>",
            PyFormat.esc(st.detail())));
      }
      c.code("r = run['rollouts'][" + run.rollouts().indexOf(r) + "]\n" + """
          table(['phase', 'at', 'candidate %', 'passed', 'detail'],
                [[html.escape(st['phase'], quote=False), st['at'], st['candidatePercent'], 'yes' if st['passed'] else '<b>no</b>',
                  html.escape(st['detail'], quote=False)] for st in r['steps']],
                intro='<p><b>' + html.escape(r['candidate'], quote=False) + '</b>: ' + r['outcome']
                      + ('' if r['failedGate'] is None else ' (failed gate: ' + html.escape(r['failedGate'], quote=False) + ')') + '</p>')""",
          List.of(table(stepHead, steps, Set.of(), intro)));
      shares.put(r.candidate(), r.steps().stream().mapToDouble(Rollout.Step::candidatePercent).toArray());
    }
    if (!shares.isEmpty()) {
      c.code("""
          fig, ax = chart('Candidate traffic share by rollout step', 'step', '% of traffic')
          for r in run['rollouts']:
              ax.step(range(len(r['steps'])), [st['candidatePercent'] for st in r['steps']], where='post', label=r['candidate'])
          ax.legend(); show(fig)""",
          List.of(chart(MlCharts.steps("Candidate traffic share by rollout step", "step", "% of traffic", shares, 0),
              "Candidate traffic share by rollout step", "step", "% of traffic")));
    }

    List<List<String>> acts = new ArrayList<>();
    for (var a : run.actions()) {
      acts.add(List.of(a.kind().name() + "<br>" + PyFormat.esc(a.resourceId()), PyFormat.esc(PyFormat.kv(a.before())), PyFormat.esc(PyFormat.kv(a.after())),
          PyFormat.n(a.monthlyCostBefore(), 0), PyFormat.n(a.monthlyCostAfter(), 0), PyFormat.esc(a.rationale())));
    }
    c.md("## Plan actions\n\nThe actions this run adds to the plan, with why (their evidence is in `ml-run.json`).");
    c.code("""
        table(['action', 'before', 'after', '$/month before', '$/month after', 'rationale'],
              [[a['kind'] + '<br>' + html.escape(a['resourceId'], quote=False), html.escape(kv(a['before']), quote=False),
                html.escape(kv(a['after']), quote=False), n(a['monthlyCostBefore']), n(a['monthlyCostAfter']),
                html.escape(a['rationale'], quote=False)] for a in run['actions']])""",
        List.of(table(List.of("action", "before", "after", "$/month before", "$/month after", "rationale"), acts, Set.of(), "")));
    return nb;
  }

  /**
   * The first code cell's definitions: only the standard library, matplotlib and IPython (the
   * packages python3-matplotlib and python3-ipykernel give). Tables and charts are displayed with
   * the helpers below so that re-running a cell gives the stored output: the same HTML, and for a
   * chart the same text and the same metadata (title and axis titles of each chart).
   */
  static final String SETUP = """
      import html, json
      from datetime import datetime, timezone
      import matplotlib.dates as mdates
      import matplotlib.pyplot as plt
      from IPython.display import HTML, display

      run = json.load(open('ml-run.json'))
      primary = max(run['endpoint']['variants'], key=lambda v: v['weight'])

      def n(v, d=0):
          \"""A number as the tables show it: thousands separated, d decimals, blank where not measured (NaN).\"""
          return '' if v != v else format(v, f',.{d}f')

      def kv(d):
          return '; '.join(f'{k}={d[k]}' for k in sorted(d))

      def table(head, rows, bold=(), intro=''):
          \"""An HTML table; cells are HTML already (text goes through html.escape).\"""
          th = ''.join(f'<th>{h}</th>' for h in head)
          body = ''.join('<tr' + (' style="font-weight:bold"' if i in bold else '') + '>' + ''.join(f'<td>{c}</td>' for c in r) + '</tr>'
                         for i, r in enumerate(rows))
          display(HTML(f'{intro}<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'))

      def utc(seconds):
          return [datetime.fromtimestamp(t, timezone.utc) for t in seconds]

      def chart(title, x, y):
          fig, ax = plt.subplots(figsize=(9, 3.8))
          ax.set_title(title)
          ax.set_xlabel(x)
          ax.set_ylabel(y)
          return fig, ax

      def dates(ax):
          ax.xaxis.set_major_locator(mdates.AutoDateLocator(tz=timezone.utc, maxticks=8, interval_multiples=False))
          ax.xaxis.set_major_formatter(mdates.DateFormatter('%d %b', tz=timezone.utc))

      def bars(ax, groups):
          \"""Grouped bars: one group per category, one bar per series (before, after).\"""
          cats = list(dict.fromkeys(c for g in groups.values() for c in g))
          width = 0.8 / len(groups)
          for i, (name, values) in enumerate(groups.items()):
              ax.bar([j + (i - (len(groups) - 1) / 2) * width for j in range(len(cats))], [values.get(c, 0) for c in cats], width, label=name)
          ax.set_xticks(range(len(cats)), cats)
          ax.legend()

      def show(fig):
          \"""Displays a chart with its title and axis titles as the output's metadata.\"""
          charts = [{'title': a.get_title(), 'x': a.get_xlabel(), 'y': a.get_ylabel()} for a in fig.axes]
          display(fig, metadata={'image/png': {'charts': charts}})
          plt.close(fig)""";

  /** What IPython shows as text for an HTML object and for a one-axes figure of {@link MlCharts#W} x {@link MlCharts#H}. */
  static final String HTML_TEXT = "<IPython.core.display.HTML object>";
  static final String FIGURE_TEXT = "<Figure size " + MlCharts.W + "x" + MlCharts.H + " with 1 Axes>";

  /** The output of the notebook's {@code table(head, rows, bold, intro)}. */
  private static ObjectNode table(List<String> head, List<List<String>> rows, Set<Integer> bold, String intro) {
    StringBuilder t = new StringBuilder(intro).append("<table><thead><tr>");
    head.forEach(h -> t.append("<th>").append(h).append("</th>"));
    t.append("</tr></thead><tbody>");
    for (int i = 0; i < rows.size(); i++) {
      t.append("<tr").append(bold.contains(i) ? " style=\"font-weight:bold\"" : "").append('>');
      rows.get(i).forEach(cell -> t.append("<td>").append(cell).append("</td>"));
      t.append("</tr>");
    }
    t.append("</tbody></table>");
    return display("text/html", t.toString(), HTML_TEXT, null);
  }

  /** The output of the notebook's {@code show(fig)}: the PNG, and the chart's titles as metadata. */
  private static ObjectNode chart(byte[] png, String title, String x, String y) {
    ObjectNode meta = M.createObjectNode();
    meta.putObject("image/png").putArray("charts").addObject().put("title", title).put("x", x).put("y", y);
    return display("image/png", Base64.getEncoder().encodeToString(png), FIGURE_TEXT, meta);
  }

  /** A display_data output: {@code value} as {@code mime} with its text/plain fallback. */
  private static ObjectNode display(String mime, String value, String plain, ObjectNode metadata) {
    ObjectNode o = M.createObjectNode();
    o.put("output_type", "display_data");
    ObjectNode d = o.putObject("data");
    d.put(mime, value);
    d.put("text/plain", plain);
    if (metadata == null) o.putObject("metadata");
    else o.set("metadata", metadata);
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
