package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.RecoveryInputs.shown;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;

import dev.tap.optimizer.family.AfterValues;
import dev.tap.optimizer.family.FamilyBase;
import dev.tap.optimizer.family.Objective;
import dev.tap.optimizer.family.Recovery;
import dev.tap.optimizer.family.RecoveryInputs;
import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.Stage;
import dev.tap.optimizer.metrics.HealthSignal;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.pricing.CostModel;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.rules.FamilyRules;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Standalone EC2 instances (not in an Auto Scaling group): the instance type, sized both ways
 * (issue 13). Costs are on-demand Linux list prices (the price list, else the instance catalogue).
 */
public final class Ec2Family extends FamilyBase {
  public static final Family EC2 = new Family("EC2", "EC2 instance", "AWS/EC2");
  public static final ActionKind EC2_INSTANCE_TYPE = new ActionKind("EC2_INSTANCE_TYPE", EC2);
  /** The instance tag naming the weekly window in which TAP may stop and start it ({@code sun:03:00-sun:05:00}, UTC). */
  public static final String MAINTENANCE_WINDOW_TAG = "MaintenanceWindow";

  public Ec2Family() {
    // no tier metrics: a standalone instance is not a tier of the service whose latency the backtest models
    super(List.of(EC2), List.of(EC2_INSTANCE_TYPE), Ec2Metrics::specs, new Ec2Rules(), Stage.COMPUTE, List.of());
  }

  /** The run's catalogue when it is not the bundled one (the default rules hold that). */
  @Override
  public Optional<FamilyRules> rules(PriceBook book) {
    return book.catalogue() == Ec2Catalogue.bundled() ? rules() : Optional.of(new Ec2Rules(book.catalogue()));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    return model.asgMonthly(get(c, INSTANCE_TYPE), r.region(), 1);
  }

  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, CostModel model) {
    return model.monthlyByPurchaseOption(Service.EC2, get(c, INSTANCE_TYPE), r.region(), Deployment.SINGLE_AZ, 1);
  }

  @Override
  public void rollback(RollbackScript s) {
    String id = s.id();
    s.command("aws ec2 stop-instances --instance-ids " + id + s.region());
    s.command("aws ec2 wait instance-stopped --instance-ids " + id + s.region());
    s.command("aws ec2 modify-instance-attribute --instance-id " + id + " --instance-type Value=" + s.need(INSTANCE_TYPE) + s.region());
    s.command("aws ec2 start-instances --instance-ids " + id + s.region());
    s.note("The instance is stopped for the change (a few minutes); data on instance-store volumes does not survive a stop.");
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    Objective rto = Objective.open("instance relaunch from its image and volumes (minutes; a single instance has no standby)");
    return in.result("AZ failure", rto, rto, Objective.open("EBS snapshots' age (a standalone instance is not replicated)"),
        Objective.open("EBS snapshots' age (unchanged)"), "Instance type " + shown(in.before(), INSTANCE_TYPE) + " -> " + shown(in.after(), INSTANCE_TYPE)
            + ": the change itself stops the instance for " + Objective.words(Duration.ofMinutes(5))
            + " or so; EBS volumes keep their data, instance-store volumes do not.");
  }

  /** The instance's CPU and its status checks (a type the image cannot boot on fails them). */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    Map<String, String> id = Map.of("InstanceId", r.id());
    return List.of(
        HealthSignal.above(r.id(), "EC2 CPU", Ec2Metrics.NAMESPACE, Ec2Metrics.CPU, id, "Average", "guard.ec2.cpuMaxPct"),
        HealthSignal.above(r.id(), "EC2 status checks", Ec2Metrics.NAMESPACE, "StatusCheckFailed", id, "Maximum", "guard.ec2.statusCheckFailedMax"));
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    return AfterValues.of(kind, after).only(INSTANCE_TYPE).required(INSTANCE_TYPE)
        .matches(INSTANCE_TYPE, "[a-z][a-z0-9-]*\\.[a-z0-9-]+", "an EC2 instance type such as m6i.large").problems();
  }
}
