package dev.tap.optimizer.sim.actions;

import dev.tap.optimizer.exec.ActionRecord;
import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.CleanupState;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunRecord;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.family.asg.AsgActions;
import dev.tap.optimizer.family.aurora.AuroraActions;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxActions;
import dev.tap.optimizer.family.dynamodb.DynamoDbActions;
import dev.tap.optimizer.family.ebs.EbsActions;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ec2.Ec2Actions;
import dev.tap.optimizer.family.lambda.LambdaActions;
import dev.tap.optimizer.family.rds.RdsActions;
import dev.tap.optimizer.family.redis.RedisActions;
import dev.tap.optimizer.family.sagemaker.EndpointMetrics;
import dev.tap.optimizer.family.sagemaker.RolloutGates;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.SimCloudWatch;
import dev.tap.optimizer.sim.VirtualClock;
import dev.tap.optimizer.sim.ml.SimEndpointActions;
import dev.tap.optimizer.sim.ml.SimulatedMlPlatform;
import dev.tap.optimizer.sim.ml.SimulatedMlRun;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The simulated account as an execution target. The simulation lives in memory, so a new process
 * (a later {@code tap resume}, {@code tap rollback}) rebuilds it from the journal: the same seeded
 * fleet, then every change the journal says was made, replayed at its recorded virtual time; the
 * virtual clock then continues from the latest time the journal holds.
 */
public final class SimTarget implements ExecutionTarget {

  private final SimAccount account;
  private final SimApis apis;
  private final ActionRegistry registry;
  /** The ML platform (us-west-2) the trading account also runs; null for the other blueprints. */
  private final SimEndpointActions ml;
  private final SimulatedMlPlatform mlPlatform;
  /** Where this account's lock files live (see {@link SimAccountLock}). */
  private java.nio.file.Path lockHome = SimAccountLock.defaultHome();

  private SimTarget(SimAccount account) {
    this.account = account;
    this.apis = new SimApis(account);
    List<FamilyActions> families = new ArrayList<>(List.of(new AuroraActions(apis), new RdsActions(apis), new AsgActions(apis),
        new RedisActions(apis), new DynamoDbActions(apis), new LambdaActions(apis), new DaxActions(apis), new EbsActions(new SimEbsApi(account)), new Ec2Actions(new SimEc2Api(account))));
    boolean trading = account.blueprint().filter(b -> b == SimBlueprint.TRADING).isPresent();
    // the same platform, seed and clock as the analysis that planned it (SimulatedMlRun.simulated)
    this.mlPlatform = trading ? SimulatedMlRun.platform(account.clock(), account.seed()) : null;
    if (mlPlatform != null) mlPlatform.publishUntil(account.clock()); // the guard watches the endpoint after a change
    this.ml = trading ? new SimEndpointActions(mlPlatform, account.seed(), RolloutGates.defaults()) : null;
    if (ml != null) families.add(ml);
    this.registry = new ActionRegistry(families);
  }

  /** A fresh simulated account of {@code blueprint} (no journal to replay). */
  public static SimTarget fresh(SimBlueprint blueprint) {
    return new SimTarget(SimAccount.of(blueprint, SimAccount.DEFAULT_SEED, new VirtualClock()));
  }

  /** The simulated account of {@code blueprint} with every change recorded in {@code journal} replayed. */
  public static SimTarget restore(SimBlueprint blueprint, Journal journal) {
    SimTarget t = fresh(blueprint);
    t.replay(journal, blueprint.id());
    return t;
  }

  /** A change the journal records: made at {@code at}, or (when {@code pending}) requested then for the next maintenance window. */
  private record Change(Instant at, String resourceId, Map<String, String> config, boolean pending) {}

  private void replay(Journal journal, String blueprint) {
    List<Change> changes = new ArrayList<>();
    List<ActionRecord> keptDeployments = new ArrayList<>();
    for (RunRecord run : journal.runs()) {
      if (!RunSettings.SIM.equals(run.settings().target()) || !blueprint.equals(run.blueprint())) continue;
      for (ActionRecord a : journal.actions(run.id())) {
        boolean called = a.intentAt() != null && a.doneAt() != null;
        if (!called) continue;
        // a class change made for the maintenance window takes effect then (effectiveAt), or is still pending
        boolean deferred = a.kind() == AuroraFamily.DB_INSTANCE_CLASS && !run.settings().applyImmediately();
        boolean neverEffective = deferred && a.effectiveAt() == null;
        Instant effective = a.effectiveAt() != null ? a.effectiveAt() : a.doneAt();
        switch (a.state()) {
          case DONE, UNDO_INTENT, UNDO_SKIPPED -> {
            changes.add(new Change(neverEffective ? a.doneAt() : effective, a.resourceId(), a.after(), neverEffective));
            if (a.cleanup() != null && a.cleanup() != CleanupState.DONE) keptDeployments.add(a);
          }
          case UNDONE -> {
            // undone while still pending: the undo cancelled it, nothing ever changed
            if (!neverEffective) {
              changes.add(new Change(effective, a.resourceId(), a.after(), false));
              changes.add(new Change(a.undoneAt(), a.resourceId(), a.plannedBefore(), false));
            }
          }
          default -> { }
        }
      }
    }
    changes.sort(Comparator.comparing(Change::at));
    VirtualClock clock = account.clock();
    for (Change c : changes) {
      if (c.at().isAfter(clock.instant())) clock.advanceTo(c.at());
      if (c.pending()) apis.requestInWindow(c.resourceId(), c.config());
      else if (ml != null && ml.owns(c.resourceId())) ml.restore(c.resourceId(), c.config(), c.at());
      else account.reconfigure(c.resourceId(), withModificationTime(c));
    }
    // blue/green deployments whose old instance the journal has not yet seen deleted
    for (ActionRecord a : keptDeployments) {
      Set<String> before = ids(a.observedBefore());
      for (String id : ids(a.observedAfter())) if (!before.contains(id)) apis.keepDeployment(id, a.resourceId());
    }
    journal.latestTime(RunSettings.SIM).filter(t -> t.isAfter(clock.instant())).ifPresent(clock::advanceTo);
  }

  /** A replayed volume change keeps its time, so that AWS's six-hour cooldown holds across processes. */
  private Map<String, String> withModificationTime(Change c) {
    if (account.resource(c.resourceId()).family() != EbsFamily.EBS) return c.config();
    Map<String, String> config = new java.util.LinkedHashMap<>(c.config());
    config.put(EbsFamily.MODIFIED_AT, c.at().toString());
    // only gp3 has a throughput setting: a change back to gp2, io1 or io2 drops it, as SimEbsApi does
    if (config.containsKey(EbsFamily.VOLUME_TYPE) && !"gp3".equals(config.get(EbsFamily.VOLUME_TYPE))) config.putIfAbsent(EbsFamily.THROUGHPUT, "");
    return config;
  }

  private static Set<String> ids(Map<String, String> config) {
    String ids = config == null ? "" : config.getOrDefault(RdsActions.BLUE_GREEN_DEPLOYMENTS, "");
    return Arrays.stream(ids.split(",")).map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toSet());
  }

  /** Keeps this account's locks in {@code home} instead of the per-user default (the demo's private account). */
  public SimTarget withLockHome(java.nio.file.Path home) {
    this.lockHome = home;
    return this;
  }

  @Override
  public dev.tap.optimizer.exec.AccountLock accountLock() {
    return new SimAccountLock(lockHome, accountId());
  }

  public SimAccount simAccount() {
    return account;
  }

  /** The ML platform's adapter (its rollouts), when this account has one. */
  public Optional<SimEndpointActions> ml() {
    return Optional.ofNullable(ml);
  }

  public SimApis apis() {
    return apis;
  }

  @Override
  public String kind() {
    return RunSettings.SIM;
  }

  @Override
  public String accountId() {
    return account.snapshot().account();
  }

  @Override
  public ActionRegistry registry() {
    return registry;
  }

  @Override
  public MetricDataSource metrics() {
    return account.cloudWatch();
  }

  /**
   * CloudWatch of {@code region}: the account's home region, or what it publishes elsewhere (an
   * Aurora global database's secondaries; on the trading account the ML platform's endpoint in us-west-2).
   */
  @Override
  public MetricDataSource metrics(String region) {
    SimCloudWatch cw = account.cloudWatch(region);
    if (mlPlatform == null || !SimulatedMlPlatform.REGION.equals(region)) return cw;
    return new TwoSources(cw, mlPlatform, q -> q.namespace().equals(EndpointMetrics.NS_INVOCATIONS) || q.namespace().equals(EndpointMetrics.NS_INSTANCE));
  }

  /**
   * One region's GetMetricData served by two simulations: the queries {@code second} takes go to it,
   * the rest to {@code first}; each pages on its own, the token carrying both cursors.
   */
  record TwoSources(MetricDataSource first, MetricDataSource second, java.util.function.Predicate<MetricQuery> takes) implements MetricDataSource {
    @Override
    public MetricDataPage getMetricData(MetricDataRequest r) {
      List<MetricQuery> a = r.queries().stream().filter(takes.negate()).toList();
      List<MetricQuery> b = r.queries().stream().filter(takes).toList();
      String[] tokens = r.nextToken() == null ? new String[] {null, null} : r.nextToken().split("\\|", -1);
      List<dev.tap.optimizer.metrics.MetricSeries> out = new ArrayList<>();
      String ta = page(first, a, r, tokens[0], r.nextToken() != null && tokens[0].isEmpty(), out);
      String tb = page(second, b, r, tokens[1], r.nextToken() != null && tokens[1].isEmpty(), out);
      return new MetricDataPage(out, ta == null && tb == null ? null : (ta == null ? "" : ta) + "|" + (tb == null ? "" : tb));
    }

    /** One page of {@code qs} from {@code s} (none when they are done), adding its series to {@code out}; the next token or null. */
    private static String page(MetricDataSource s, List<MetricQuery> qs, MetricDataRequest r, String token, boolean done,
        List<dev.tap.optimizer.metrics.MetricSeries> out) {
      if (qs.isEmpty() || done) return null;
      MetricDataPage p = s.getMetricData(new MetricDataRequest(qs, r.start(), r.end(), token == null || token.isEmpty() ? null : token));
      out.addAll(p.results());
      return p.nextToken();
    }
  }

  @Override
  public Clock clock() {
    return account.clock();
  }

  @Override
  public void waitUntil(Instant t) {
    if (t.isAfter(account.clock().instant())) account.clock().advanceTo(t);
  }

  @Override
  public boolean virtualTime() {
    return true;
  }
}
