package dev.tap.optimizer.family.dax;

import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.ConfigValues.i;
import static dev.tap.optimizer.family.RecoveryInputs.count;
import static dev.tap.optimizer.model.ConfigKeys.*;

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
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import java.util.List;
import java.util.Map;

/** DAX clusters in front of DynamoDB: node count. */
public final class DaxFamily extends FamilyBase {
  public static final Family DAX = new Family("DAX", "DAX", "AWS/DAX");
  public static final ActionKind DAX_NODES = new ActionKind("DAX_NODES", DAX);

  public DaxFamily() {
    super(List.of(DAX), List.of(DAX_NODES), DaxMetrics::specs, new DaxRules(), Stage.COMPUTE, List.of(DaxMetrics.CPU));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    return model.daxMonthly(get(c, NODE_TYPE), r.region(), i(c, NODES));
  }

  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, CostModel model) {
    return model.monthlyByPurchaseOption(Service.DAX, get(c, NODE_TYPE), r.region(), Deployment.SINGLE_AZ, i(c, NODES));
  }

  @Override
  public void rollback(RollbackScript s) {
    s.command("aws dax increase-replication-factor --cluster-name " + s.id() + " --new-replication-factor " + s.need(NODES) + s.region());
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    int nb = count(in.before(), NODES);
    int na = count(in.after(), NODES);
    Objective rtoB = nb > 1 ? Objective.open("seconds (clients use another node)") : Objective.open("minutes (node replaced, cache cold)");
    Objective rtoA = na > 1 ? Objective.open("seconds (clients use another node)") : Objective.open("minutes (node replaced, cache cold)");
    return in.result("node failure", rtoB, rtoA, Objective.NONE_LOST, Objective.NONE_LOST,
        "Nodes " + nb + " -> " + na + ": DAX writes through to DynamoDB, so a lost node loses cached copies only"
            + (na > 1 ? "; other nodes keep serving." : "; with one node, reads go to DynamoDB until it is back."));
  }

  /** Cluster CPU and throttled requests. */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    java.util.Map<String, String> cluster = java.util.Map.of("ClusterId", r.id());
    return List.of(
        HealthSignal.above(r.id(), "DAX CPU", "AWS/DAX", "CPUUtilization", cluster, "Maximum", "guard.dax.cpuMaxPct"),
        HealthSignal.countPerMinute(r.id(), "DAX throttles", "AWS/DAX", "ThrottledRequestCount", cluster, "guard.dax.throttlesMaxPerMinute"));
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    return AfterValues.of(kind, after).only(NODES).required(NODES).integer(NODES, 1, 11).problems();
  }
}
