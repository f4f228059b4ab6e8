package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.family.sagemaker.RolloutTarget.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * M3 as one runner: shadow replay, canary then linear traffic shifting with bake windows, then an
 * A/B test at the last linear share ending in promote (100 %) or roll back. Any failed gate rolls
 * back at once and the record says which gate and why. The runner keeps its own record; it is
 * self-contained (the plan executor's journal is not used here).
 */
public final class Rollout {
  private Rollout() {}

  public enum Outcome { PROMOTED, ROLLED_BACK }

  public record Step(String phase, Instant at, int candidatePercent, boolean passed, String detail) {}

  public record Record(String candidate, Outcome outcome, String failedGate, List<Step> steps,
      RolloutTarget.ShadowComparison shadow, AbTest.Outcome ab) {}

  public static Record run(RolloutTarget target, Candidate c, RolloutGates g, Instant start, long startMinute) {
    List<Step> steps = new ArrayList<>();
    Instant now = start;
    long minute = startMinute;
    RolloutTarget.ShadowComparison sh = target.shadow(c, g.shadowRequests());
    String shadowDetail = String.format(Locale.ROOT,
        "%d replayed requests: accuracy %.3f %% -> %.3f %% (drop %.3f pp, max %.2f); agreement %.3f %%; p95 %.2f -> %.2f ms (%+.1f %%, max +%.0f %%)",
        sh.requests(), 100 * sh.currentAccuracy(), 100 * sh.candidateAccuracy(), sh.accuracyDropPp(), g.maxAccuracyDropPp(),
        100 * sh.agreement(), sh.currentP95Ms(), sh.candidateP95Ms(), 100 * sh.p95Increase(), 100 * g.maxP95Increase());
    boolean accuracyOk = sh.accuracyDropPp() <= g.maxAccuracyDropPp();
    boolean latencyOk = sh.p95Increase() <= g.maxP95Increase();
    steps.add(new Step("shadow", now, 0, accuracyOk && latencyOk, shadowDetail));
    if (!accuracyOk || !latencyOk) {
      return rollBack(target, c, steps, now, accuracyOk ? "shadow: p95 latency" : "shadow: accuracy", sh, null);
    }
    List<Integer> shares = new ArrayList<>();
    shares.add(g.canaryPercent());
    for (int p : g.linearPercents()) shares.add(p);
    for (int i = 0; i < shares.size(); i++) {
      int pct = shares.get(i);
      RolloutTarget.StepObservation o = target.shiftAndBake(c, pct, minute, g.bakeMinutes());
      boolean latency = o.candidateP95Ms() <= o.baselineP95Ms() * (1 + g.maxP95Increase());
      boolean errors = o.candidateErrorRate() <= g.maxErrorRate();
      now = now.plus(Duration.ofMinutes(g.bakeMinutes()));
      minute += g.bakeMinutes();
      steps.add(new Step(i == 0 ? "canary" : "linear", now, pct, latency && errors, String.format(Locale.ROOT,
          "bake %d min: candidate p95 %.2f ms vs baseline %.2f ms, 5xx %.3f %% (max %.1f %%), %.0f invocations",
          g.bakeMinutes(), o.candidateP95Ms(), o.baselineP95Ms(), 100 * o.candidateErrorRate(), 100 * g.maxErrorRate(), o.candidateInvocations())));
      if (!latency || !errors) {
        return rollBack(target, c, steps, now, (i == 0 ? "canary" : "linear " + pct + " %") + (latency ? ": 5xx alarm" : ": latency alarm"), sh, null);
      }
    }
    int abShare = shares.get(shares.size() - 1);
    long perArm = AbTest.sampleSizePerArm(sh.currentAccuracy(), g.maxAccuracyDropPp(), g.alpha(), g.power());
    RolloutTarget.ArmCounts counts = target.abTest(c, abShare, minute, perArm);
    AbTest.Outcome ab = AbTest.decide(counts.currentCorrect(), counts.currentTotal(), counts.candidateCorrect(), counts.candidateTotal(),
        g.maxAccuracyDropPp(), g.alpha());
    now = now.plus(Duration.ofSeconds(Math.round(counts.hours() * 3600)));
    boolean promote = ab.decision() == AbTest.Decision.PROMOTE;
    steps.add(new Step("ab-test", now, abShare, promote, String.format(Locale.ROOT,
        "%d labelled per arm over %.1f h: accuracy %.3f %% (current) vs %.3f %% (candidate), difference %+.3f pp, one-sided %.0f %% lower bound %+.3f pp vs margin -%.2f pp -> %s",
        ab.perArm(), counts.hours(), 100 * ab.currentAccuracy(), 100 * ab.candidateAccuracy(), ab.differencePp(), 100 * (1 - g.alpha()),
        ab.lowerBoundPp(), g.maxAccuracyDropPp(), ab.decision())));
    if (!promote) return rollBack(target, c, steps, now, "a/b test: accuracy not shown non-inferior", sh, ab);
    RolloutTarget.StepObservation full = target.shiftAndBake(c, 100, minute, g.bakeMinutes());
    now = now.plus(Duration.ofMinutes(g.bakeMinutes()));
    boolean ok = full.candidateP95Ms() <= full.baselineP95Ms() * (1 + g.maxP95Increase()) && full.candidateErrorRate() <= g.maxErrorRate();
    steps.add(new Step("promote", now, 100, ok, String.format(Locale.ROOT,
        "all traffic, bake %d min: p95 %.2f ms vs baseline %.2f ms, 5xx %.3f %%", g.bakeMinutes(), full.candidateP95Ms(), full.baselineP95Ms(),
        100 * full.candidateErrorRate())));
    if (!ok) return rollBack(target, c, steps, now, "promote: alarm at 100 %", sh, ab);
    return new Record(c.name(), Outcome.PROMOTED, null, steps, sh, ab);
  }

  private static Record rollBack(RolloutTarget target, Candidate c, List<Step> steps, Instant now, String gate,
      RolloutTarget.ShadowComparison sh, AbTest.Outcome ab) {
    target.rollback(c);
    steps.add(new Step("rollback", now, 0, true, "gate failed (" + gate + "): all traffic back on the current variant, candidate removed"));
    return new Record(c.name(), Outcome.ROLLED_BACK, gate, steps, sh, ab);
  }
}
