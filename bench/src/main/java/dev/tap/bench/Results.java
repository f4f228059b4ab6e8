package dev.tap.bench;

import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.plan.Analysis;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A fingerprint of what the planner produced (every recommendation and finding, field by field, in
 * order), so that a benchmark run after a speed-up shows the same results as before it.
 */
final class Results {
  private Results() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
  }

  /** Adds one analysis (records print all their fields) to the fingerprint. */
  static void update(MessageDigest md, Analysis a) {
    for (Recommendation r : a.recommendations()) md.update(r.toString().getBytes(StandardCharsets.UTF_8));
    for (Finding f : a.findings()) md.update(f.toString().getBytes(StandardCharsets.UTF_8));
  }
}
