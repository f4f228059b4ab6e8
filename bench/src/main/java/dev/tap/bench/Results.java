package dev.tap.bench;

import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.plan.Analysis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fingerprint of what the planner produced for one account-region, so that a run after a
 * speed-up shows the same results as before it: every recommendation, field by field, in order,
 * and the set of findings. The action's id and phase number are left out (they number the
 * actions of one planner call, so they depend on where a batch of resources ends; what is
 * recommended for each resource does not), and a finding every call repeats counts once.
 */
final class Results {
  private final MessageDigest recommendations = sha256();
  private final Set<String> findings = new TreeSet<>();

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }

  /** Adds one planner call's analysis. */
  void add(Analysis a) {
    for (Recommendation r : a.recommendations()) {
      Action x = r.action();
      Action unnumbered = new Action("", x.kind(), x.resourceId(), x.region(), x.before(), x.after(), x.monthlyCostBefore(), x.monthlyCostAfter(), x.risk(),
          x.confidence(), x.evidence(), x.backtest(), x.rationale());
      String line = String.join("|", r.phaseName(), unnumbered.toString(), r.family(), r.status().name(), r.statusReason(), Double.toString(r.coverage()),
          Double.toString(r.variability()), Boolean.toString(r.lowConfidence()), String.valueOf(r.purchaseOptionsMonthly()));
      recommendations.update(line.getBytes(StandardCharsets.UTF_8));
    }
    for (Finding f : a.findings()) findings.add(f.toString());
  }

  /** The fingerprint of everything added. */
  byte[] digest() {
    for (String f : findings) recommendations.update(f.getBytes(StandardCharsets.UTF_8));
    return recommendations.digest();
  }
}
