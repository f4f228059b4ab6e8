package dev.tap.optimizer.pricing;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Actual spend, or the reason it could not be read. */
public sealed interface SpendReport {

  /** One service's cost in one billing period (a calendar month, cut by the window's ends). */
  record ServiceMonthSpend(
      LocalDate periodStart, LocalDate periodEnd, String service, double amount, String currency, boolean estimated) {}

  /** Spend from {@code start} (inclusive) to {@code end} (exclusive). */
  record Available(LocalDate start, LocalDate end, List<ServiceMonthSpend> rows) implements SpendReport {
    public Available {
      rows = List.copyOf(rows);
    }

    /** Total per period start, in date order. */
    public Map<LocalDate, Double> totalByPeriod() {
      Map<LocalDate, Double> m = new TreeMap<>();
      rows.forEach(r -> m.merge(r.periodStart(), r.amount(), Double::sum));
      return m;
    }

    /** Total per service over the window, by service name. */
    public Map<String, Double> totalByService() {
      Map<String, Double> m = new TreeMap<>();
      rows.forEach(r -> m.merge(r.service(), r.amount(), Double::sum));
      return m;
    }
  }

  /** Cost Explorer could not be read: no credentials, access denied, unreachable, no data. */
  record Unavailable(String reason) implements SpendReport {
    /** "actual spend unavailable: REASON", the wording reports print. */
    public String message() {
      return "actual spend unavailable: " + reason;
    }
  }
}
