package dev.tap.optimizer.report;

import dev.tap.optimizer.model.Plan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * O5 as the reports show it: the plan's purchase-option comparison, one row per planned action that
 * has one, in plan order, with the options every row can be compared on as columns (on-demand,
 * then reserved, then Compute Savings Plans, shortest term first). Shared by the workbook's sheet
 * and the dashboard's section so both say the same.
 */
record PurchaseOptions(List<String> options, List<Row> rows) {

  static final String ON_DEMAND = "on-demand";

  /** One action: its monthly cost after the change under each option it has (absent: not sold or not in the price list). */
  record Row(RunView.ActionRow action, Map<String, Double> monthly) {
    Double onDemand() {
      return monthly.get(ON_DEMAND);
    }

    /** The cheapest option listed and what it saves a month against on-demand. */
    Map.Entry<String, Double> cheapest() {
      return monthly.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
    }
  }

  static PurchaseOptions of(RunView view) {
    Plan plan = view.plan();
    List<Row> rows = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (RunView.ActionRow a : view.actions()) {
      Map<String, Double> m = plan.purchaseOptions().get(a.action().id());
      if (m == null || m.isEmpty()) continue;
      rows.add(new Row(a, m));
      seen.addAll(m.keySet());
    }
    List<String> options = new ArrayList<>(seen);
    options.sort(Comparator.comparingInt(PurchaseOptions::rank).thenComparing(Comparator.naturalOrder()));
    return new PurchaseOptions(options, rows);
  }

  private static int rank(String option) {
    if (option.equals(ON_DEMAND)) return 0;
    return option.startsWith("reserved-") ? 1 : 2;
  }

  /** Why a plan has no rows, for both reports. */
  static final String NONE = "The plan holds no purchase-option comparison: no planned action changes capacity that the price list sells reserved or "
      + "under Compute Savings Plans (or the plan predates it: re-run 'tap plan').";

  static final String NOTE = "Monthly cost of each action's after-configuration under every purchase option the price list holds (USD, 730 h a "
      + "month; reserved and all-upfront figures are effective hourly rates). A commitment pays only for the hours it is used: compare it with how "
      + "long the configuration will run.";
}
