package dev.tap.optimizer.report;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What execution did with one action, as the journal recorded it. Without a journal every action
 * is {@link Status#PLANNED} with no observations: reports then say "not observed yet".
 *
 * @param recordedBefore the configuration re-read just before the change (empty when not applied);
 *     rollback procedures take from it what the plan does not carry (a GSI's definition, member ids)
 * @param recordedAfter the configuration re-read after the change (empty when not applied)
 * @param observed SLO values the guard read during the phase's observation window
 */
public record ActionOutcome(
    String actionId,
    Status status,
    String reason,
    Instant appliedAt,
    Instant rolledBackAt,
    Map<String, String> recordedBefore,
    Map<String, String> recordedAfter,
    List<Observation> observed) {

  public enum Status {
    PLANNED("planned"),
    IN_PROGRESS("in progress"),
    APPLIED("applied"),
    ROLLED_BACK("rolled back"),
    ROLLBACK_SKIPPED("rollback skipped"),
    SKIPPED("skipped"),
    FAILED("failed");

    public final String label;

    Status(String label) {
      this.label = label;
    }

    /** Whether the change is in place, so its savings are being realised. */
    public boolean inEffect() {
      return this == APPLIED || this == ROLLBACK_SKIPPED;
    }
  }

  public ActionOutcome {
    if (actionId == null || actionId.isBlank()) throw new IllegalArgumentException("action id is required");
    if (status == null) throw new IllegalArgumentException("status is required for action " + actionId);
    reason = reason == null ? "" : reason;
    recordedBefore = Collections.unmodifiableMap(new TreeMap<>(recordedBefore == null ? Map.of() : recordedBefore));
    recordedAfter = Collections.unmodifiableMap(new TreeMap<>(recordedAfter == null ? Map.of() : recordedAfter));
    observed = List.copyOf(observed == null ? List.of() : observed);
  }

  public static ActionOutcome planned(String actionId) {
    return new ActionOutcome(actionId, Status.PLANNED, "", null, null, Map.of(), Map.of(), List.of());
  }

  /** The worst value of one SLO seen in the observation window, or empty when none was read. */
  public Optional<Double> worst(Slo slo) {
    return observed.stream().filter(o -> o.slo() == slo).map(Observation::value).max(Double::compare);
  }

  /** The SLO values a report puts side by side: baseline, backtest prediction, observation. */
  public enum Slo {
    LATENCY_P95_MS("latency p95", "ms"),
    LATENCY_P99_MS("latency p99", "ms"),
    ERROR_RATE_PCT("error rate", "%"),
    PEAK_UTILISATION_PCT("peak utilisation", "%");

    public final String label;
    public final String unit;

    Slo(String label, String unit) {
      this.label = label;
      this.unit = unit;
    }
  }

  /** One guard reading of one SLO during an observation window. */
  /**
   * One SLO value the guard read: {@code source} says whose it is, {@link #SERVICE_SLO} or the
   * resource's own rule (its name).
   */
  public record Observation(Slo slo, double value, Instant at, String source) {
    public static final String SERVICE_SLO = "service SLO";

    public Observation(Slo slo, double value, Instant at) {
      this(slo, value, at, SERVICE_SLO);
    }
  }

  /** Where the worst value of one SLO came from (the service's SLO or the resource's own rule), or empty. */
  public Optional<String> worstSource(Slo slo) {
    return observed.stream().filter(o -> o.slo() == slo).max(java.util.Comparator.comparingDouble(Observation::value)).map(Observation::source);
  }
}
