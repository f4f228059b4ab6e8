package dev.tap.optimizer.family.asg;

import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.ConfigValues.i;
import static dev.tap.optimizer.family.RecoveryInputs.count;
import static dev.tap.optimizer.family.RecoveryInputs.shown;
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
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.rules.FamilyRules;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** EC2 Auto Scaling groups: instance type (launch template) and capacity. */
public final class AsgFamily extends FamilyBase {
  public static final Family ASG = new Family("ASG", "EC2/ASG", "AWS/EC2");
  public static final ActionKind ASG_INSTANCE_TYPE = new ActionKind("ASG_INSTANCE_TYPE", ASG);
  public static final ActionKind ASG_CAPACITY = new ActionKind("ASG_CAPACITY", ASG);

  public AsgFamily() {
    super(List.of(ASG), List.of(ASG_INSTANCE_TYPE, ASG_CAPACITY), AsgMetrics::specs, new AsgRules(), Stage.COMPUTE, List.of(AsgMetrics.CPU));
  }

  /** The run's catalogue when it is not the bundled one (the default rules hold that). */
  @Override
  public Optional<FamilyRules> rules(PriceBook book) {
    return book.catalogue() == Ec2Catalogue.bundled() ? rules() : Optional.of(new AsgRules(book.catalogue()));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    return model.asgMonthly(get(c, INSTANCE_TYPE), r.region(), i(c, DESIRED));
  }

  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, CostModel model) {
    return model.monthlyByPurchaseOption(Service.EC2, get(c, INSTANCE_TYPE), r.region(), Deployment.SINGLE_AZ, i(c, DESIRED));
  }

  @Override
  public void rollback(RollbackScript s) {
    if (s.action().kind().equals(ASG_INSTANCE_TYPE)) {
      String lt = s.need(LAUNCH_TEMPLATE_ID);
      s.command("aws ec2 create-launch-template-version --launch-template-id " + lt
          + " --source-version '$Latest' --launch-template-data '{\"InstanceType\":\"" + s.need(INSTANCE_TYPE) + "\"}'" + s.region());
      s.command("aws autoscaling update-auto-scaling-group --auto-scaling-group-name " + s.id()
          + " --launch-template LaunchTemplateId=" + lt + ",Version='$Latest'" + s.region());
      s.command("aws autoscaling start-instance-refresh --auto-scaling-group-name " + s.id() + s.region());
    } else {
      s.command("aws autoscaling update-auto-scaling-group --auto-scaling-group-name " + s.id() + " --min-size " + s.need(MIN)
          + " --max-size " + s.need(MAX) + " --desired-capacity " + s.need(DESIRED) + s.region());
    }
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    int db = count(in.before(), DESIRED);
    int da = count(in.after(), DESIRED);
    Objective rto = Objective.open("minutes (the group relaunches in the other AZs)");
    String reason = db >= 0 && da >= 0
        ? "Desired " + db + " -> " + da + " over 3 AZs: losing one AZ leaves about " + (db * 2 / 3) + " -> " + (da * 2 / 3)
            + " instances serving until replacements start; instances hold no data."
        : "Instance type " + shown(in.before(), INSTANCE_TYPE) + " -> " + shown(in.after(), INSTANCE_TYPE)
            + ": instances hold no data; an AZ loss is covered by relaunching in the other AZs.";
    return in.result("AZ failure", rto, rto, Objective.NONE_LOST, Objective.NONE_LOST, reason);
  }

  /**
   * The group's average CPU (per-instance maxima include the load tests of an untouched fleet), and
   * the unhealthy targets of each of its load-balancer target groups (UnHealthyHostCount, Maximum).
   */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    List<HealthSignal> out = new java.util.ArrayList<>(List.of(HealthSignal.above(r.id(), "Auto Scaling CPU", AsgMetrics.NAMESPACE, "CPUUtilization",
        java.util.Map.of("AutoScalingGroupName", r.id()), "Average", "guard.asg.cpuMaxPct")));
    for (String tg : r.config().getOrDefault(dev.tap.optimizer.model.ConfigKeys.TARGET_GROUPS, "").split(",")) {
      int at = tg.indexOf('@');
      if (at < 0) continue;
      String targetGroup = tg.substring(0, at).trim();
      String loadBalancer = tg.substring(at + 1).trim();
      String namespace = loadBalancer.startsWith("net/") ? "AWS/NetworkELB" : "AWS/ApplicationELB";
      out.add(HealthSignal.above(r.id(), "Auto Scaling unhealthy targets " + targetGroup.split("/")[1], namespace, "UnHealthyHostCount",
          java.util.Map.of("TargetGroup", targetGroup, "LoadBalancer", loadBalancer), "Maximum", "guard.asg.unhealthyTargetsMax"));
    }
    return out;
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    AfterValues v = AfterValues.of(kind, after);
    if (kind.equals(ASG_INSTANCE_TYPE)) {
      return v.only(INSTANCE_TYPE).required(INSTANCE_TYPE).matches(INSTANCE_TYPE, "[a-z][a-z0-9-]*\\.[a-z0-9]+", "an EC2 instance type such as c6i.4xlarge")
          .problems();
    }
    v.only(MIN, DESIRED, MAX).required(MIN, DESIRED, MAX).integer(MIN, 0, 10_000).integer(DESIRED, 0, 10_000).integer(MAX, 1, 10_000);
    return v.check(v.longOr(MIN, 0) <= v.longOr(DESIRED, 0) && v.longOr(DESIRED, 0) <= v.longOr(MAX, 0),
        "min " + after.get(MIN) + " <= desired " + after.get(DESIRED) + " <= max " + after.get(MAX) + " does not hold").problems();
  }
}
