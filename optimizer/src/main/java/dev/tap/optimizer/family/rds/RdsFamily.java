package dev.tap.optimizer.family.rds;

import static dev.tap.optimizer.family.ConfigValues.deployment;
import static dev.tap.optimizer.family.ConfigValues.get;
import static dev.tap.optimizer.family.ConfigValues.i;
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
import dev.tap.optimizer.pricing.CostUnavailable;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Service;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** RDS PostgreSQL instances (Multi-AZ, read replicas, gp3 storage): instance class through a blue/green deployment. */
public final class RdsFamily extends FamilyBase {
  public static final Family RDS = new Family("RDS", "RDS", "AWS/RDS");
  public static final ActionKind RDS_INSTANCE_CLASS_BLUE_GREEN = new ActionKind("RDS_INSTANCE_CLASS_BLUE_GREEN", RDS);

  /** RDS Multi-AZ failover to the synchronous standby: typically 60 to 120 s. */
  static final Duration MULTI_AZ_FAILOVER = Duration.ofSeconds(120);

  public RdsFamily() {
    super(List.of(RDS), List.of(RDS_INSTANCE_CLASS_BLUE_GREEN), RdsMetrics::specs, new RdsRules(), Stage.DATABASES, List.of(RdsMetrics.CPU));
  }

  @Override
  public double monthlyCost(Resource r, Map<String, String> c, ResourceMetrics m, CostModel model) {
    String region = r.region();
    double cost = model.rdsPostgresMonthly(get(c, INSTANCE_CLASS), region, deployment(c, MULTI_AZ), i(c, READERS));
    if (!c.containsKey(STORAGE_TYPE) || !c.containsKey(ALLOCATED_STORAGE_GB)) {
      throw new CostUnavailable("the storage of RDS instance " + r.id() + " is not in the inventory ('" + STORAGE_TYPE + "', '" + ALLOCATED_STORAGE_GB
          + "'): take a new snapshot or analyse the account directly");
    }
    // Each read replica has its own single-AZ volume; RDS creates it with the source's storage settings.
    String type = c.get(STORAGE_TYPE);
    double gb = Double.parseDouble(c.get(ALLOCATED_STORAGE_GB));
    int iops = c.containsKey(IOPS) ? i(c, IOPS) : 0;
    cost += model.rdsStorageMonthly(region, deployment(c, MULTI_AZ), type, gb, iops)
        + i(c, READERS) * model.rdsStorageMonthly(region, Deployment.SINGLE_AZ, type, gb, iops);
    return cost;
  }

  @Override
  public Map<PurchaseOption, Double> monthlyByPurchaseOption(Resource r, Map<String, String> c, CostModel model) {
    String region = r.region();
    Map<PurchaseOption, Double> primary = model.monthlyByPurchaseOption(Service.RDS_POSTGRESQL, get(c, INSTANCE_CLASS), region, deployment(c, MULTI_AZ), 1);
    Map<PurchaseOption, Double> replicas = i(c, READERS) == 0 ? null
        : model.monthlyByPurchaseOption(Service.RDS_POSTGRESQL, c.getOrDefault(READER_CLASS, get(c, INSTANCE_CLASS)), region, Deployment.SINGLE_AZ, i(c, READERS));
    Map<PurchaseOption, Double> sum = new EnumMap<>(PurchaseOption.class);
    primary.forEach((k, v) -> {
      if (replicas == null) sum.put(k, v);
      else if (replicas.containsKey(k)) sum.put(k, v + replicas.get(k));
    });
    return sum;
  }

  @Override
  public void rollback(RollbackScript s) {
    s.command("aws rds modify-db-instance --db-instance-identifier " + s.id() + " --db-instance-class " + s.need(INSTANCE_CLASS) + " --apply-immediately" + s.region());
    s.note("A blue/green switchover cannot be reversed in place: this modifies the new primary back to the old class (a Multi-AZ failover, about a minute of writes paused).");
  }

  @Override
  public Recovery recovery(Action a, RecoveryInputs in) {
    boolean mb = Boolean.parseBoolean(shown(in.before(), MULTI_AZ));
    boolean ma = Boolean.parseBoolean(shown(in.after(), MULTI_AZ));
    Objective rtoB = mb ? Objective.of(MULTI_AZ_FAILOVER, "Multi-AZ failover") : Objective.open("point-in-time restore (depends on size)");
    Objective rtoA = ma ? Objective.of(MULTI_AZ_FAILOVER, "Multi-AZ failover") : Objective.open("point-in-time restore (depends on size)");
    Objective rpoB = mb ? new Objective(0L, "0 (synchronous standby)") : Objective.of(Objective.PITR_GRANULARITY, "latest restorable time");
    Objective rpoA = ma ? new Objective(0L, "0 (synchronous standby)") : Objective.of(Objective.PITR_GRANULARITY, "latest restorable time");
    return in.result("primary instance failure", rtoB, rtoA, rpoB, rpoA,
        "Multi-AZ " + mb + " -> " + ma + ", class " + shown(in.before(), INSTANCE_CLASS) + " -> " + shown(in.after(), INSTANCE_CLASS)
            + ": the blue/green switchover pauses writes about a minute once; recovery after it is unchanged.");
  }

  /** CPU, FreeableMemory and connections of the instance, lag of each read replica (ReplicaLag is in seconds). */
  @Override
  public List<HealthSignal> healthSignals(Resource r) {
    java.util.Map<String, String> db = java.util.Map.of("DBInstanceIdentifier", r.id());
    List<HealthSignal> out = new java.util.ArrayList<>(List.of(
        HealthSignal.above(r.id(), "RDS CPU", RdsMetrics.NAMESPACE, "CPUUtilization", db, "Maximum", "guard.rds.cpuMaxPct"),
        HealthSignal.below(r.id(), "RDS FreeableMemory", RdsMetrics.NAMESPACE, "FreeableMemory", db, "Minimum", "guard.rds.freeableMemoryMinGib")
            .scaled(1024.0 * 1024 * 1024),
        HealthSignal.above(r.id(), "RDS connections", RdsMetrics.NAMESPACE, "DatabaseConnections", db, "Maximum", "guard.rds.connectionsMax")));
    for (String replica : RdsMetrics.members(r)) {
      out.add(HealthSignal.above(r.id(), "RDS replica lag " + replica, RdsMetrics.NAMESPACE, "ReplicaLag", java.util.Map.of("DBInstanceIdentifier", replica),
          "Maximum", "guard.rds.replicaLagMaxMs").scaled(1 / 1000.0));
    }
    return out;
  }

  @Override
  public List<String> validate(ActionKind kind, Map<String, String> after) {
    return AfterValues.of(kind, after).only(INSTANCE_CLASS, READER_CLASS).required(INSTANCE_CLASS)
        .matches(INSTANCE_CLASS, "db\\.[a-z0-9]+\\.[a-z0-9]+", "a DB instance class such as db.r6g.xlarge")
        .matches(READER_CLASS, "db\\.[a-z0-9]+\\.[a-z0-9]+", "a DB instance class such as db.r6g.xlarge").problems();
  }
}
