package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsOptions;
import dev.tap.optimizer.aws.CostExplorerActualSpend;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.pricing.ActualSpend;
import dev.tap.optimizer.pricing.SpendReport;
import java.time.Clock;

/** The actual spend a report shows (SPEC O8): Cost Explorer's for a plan of a real account; the simulated account has none. */
final class ReportSpend {
  private ReportSpend() {}

  static final String SIMULATED = "the simulated account has no Cost Explorer";

  /** The last {@link ActualSpend#DEFAULT_DAYS} days before {@code clock}'s day; a failure is an unavailable report, never an error. */
  static SpendReport of(Plan plan, AwsOptions aws, Clock clock) {
    if (RunSettings.SIM.equals(ExecSupport.targetOf(plan.source()))) return new SpendReport.Unavailable(SIMULATED);
    try (AwsClients clients = AwsClients.create(aws)) {
      return new CostExplorerActualSpend(clients, clock).lastDays(ActualSpend.DEFAULT_DAYS);
    }
  }
}
