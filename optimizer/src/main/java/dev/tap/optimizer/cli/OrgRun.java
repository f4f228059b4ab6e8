package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsCloudWatch;
import dev.tap.optimizer.aws.AwsDiscovery;
import dev.tap.optimizer.aws.AwsOptions;
import dev.tap.optimizer.aws.AwsOrganization;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.Discovery;
import dev.tap.optimizer.inventory.DiscoveryFilter;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.LookbackWindow;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.org.AccountRegion;
import dev.tap.optimizer.org.AccountsFile;
import dev.tap.optimizer.org.FamilyFigures;
import dev.tap.optimizer.org.FanOut;
import dev.tap.optimizer.org.MemberAccount;
import dev.tap.optimizer.org.Organization;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.report.org.OrgReport;
import dev.tap.optimizer.report.org.OrgRunInfo;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimApiException;
import dev.tap.optimizer.sim.SimBlueprint;
import dev.tap.optimizer.sim.SimOrganization;
import dev.tap.optimizer.snapshot.SnapshotWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One {@code tap org} run, the composition of the organisation's pieces: the accounts (Organizations,
 * {@code --accounts} or the simulated organisation), one piece of work per account-region (the
 * member's credentials, discovery in that region, then the same analysis as {@code tap analyze}, or
 * a snapshot) run by {@link FanOut}, each outcome written as it finishes, then the summary report.
 */
final class OrgRun {

  enum Verb { analyze, plan, snapshot }

  private final OrgOptions o;
  private final Verb verb;
  private final Clock systemClock;
  private final AnalysisRun analysis;
  private final Set<Family> families = new LinkedHashSet<>(Families.families());

  OrgRun(OrgOptions options, Verb verb, Clock systemClock) {
    this.o = options;
    this.verb = verb;
    this.systemClock = systemClock;
    this.analysis = new AnalysisRun(options.analysisOptions(), systemClock);
  }

  int run(PrintWriter out, PrintWriter err) {
    analysis.checkRanges();
    if (o.accounts != null && o.ou != null) {
      throw new UserError(ExitCode.BAD_INPUT, "--accounts FILE and --ou OU_ID both choose the accounts: give one of them.");
    }
    if (o.parallel < 1 || o.parallel > 64) {
      throw new UserError(ExitCode.BAD_INPUT, "--parallel " + o.parallel + " is out of range: give 1 to 64 account-regions at once.");
    }
    if (!o.sim && !o.simRefuseRole.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "--sim-refuse-role belongs to the simulated organisation: add --sim, or leave it out.");
    }
    DiscoveryFilter filter = DiscoveryFilter.parse(o.regions, o.tags, o.excludeTags);
    String session = "tap-org-" + verb;
    return o.sim ? sim(filter, out, err) : aws(filter, session, out, err);
  }

  private int sim(DiscoveryFilter filter, PrintWriter out, PrintWriter err) {
    SimOrganization org;
    try {
      org = new SimOrganization(new LinkedHashSet<>(o.simRefuseRole), o.roleName);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--sim-refuse-role: " + e.getMessage() + ".");
    }
    List<String> regions = filter.regions().isEmpty() ? List.of(SimBlueprint.TRADING.region) : filter.regions();
    return fanOut(members(org), regions, filter, ar -> simPiece(org, ar, filter), "the simulated organisation", out, err);
  }

  private int aws(DiscoveryFilter filter, String session, PrintWriter out, PrintWriter err) {
    AwsOptions base = o.aws.options();
    // the home region (STS, ec2:DescribeRegions): the SDK's chain, else the first of --regions
    String home = homeRegion(base, filter);
    try (AwsClients mgmt = AwsClients.create(new AwsOptions(base.profile(), home, base.endpointUrl()))) {
      AwsOrganization org = new AwsOrganization(mgmt, o.roleName, o.externalId, session);
      List<String> regions = filter.regions().isEmpty() ? List.of(home) : filter.regions();
      String source = "AWS Organizations, management account " + org.managementAccount();
      return fanOut(members(org), regions, filter, ar -> awsPiece(org, ar, filter), source, out, err);
    }
  }

  private static String homeRegion(AwsOptions base, DiscoveryFilter filter) {
    try (AwsClients probe = AwsClients.create(base)) {
      return probe.defaultRegion();
    } catch (UserError e) {
      if (filter.regions().isEmpty()) throw e;
      return filter.regions().get(0);
    }
  }

  private List<MemberAccount> members(Organization org) {
    if (o.accounts != null) return AccountsFile.read(o.accounts);
    try {
      List<MemberAccount> list = o.ou != null ? org.activeAccountsUnder(o.ou) : org.activeAccounts();
      if (list.isEmpty()) {
        throw new UserError(ExitCode.BAD_INPUT, (o.ou != null ? "organisational unit " + o.ou : "the organisation") + " has no ACTIVE account.");
      }
      return list;
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--ou " + o.ou + ": " + e.getMessage() + ".");
    }
  }

  private int fanOut(List<MemberAccount> members, List<String> regions, DiscoveryFilter filter, Function<AccountRegion, Outcome> piece, String source,
      PrintWriter out, PrintWriter err) {
    List<AccountRegion> work = new ArrayList<>();
    for (MemberAccount m : members) for (String r : regions) work.add(new AccountRegion(m, r));
    err.printf("tap org %s: %d account%s x %d region%s = %d account-region%s, %d at a time%n", verb, members.size(), members.size() == 1 ? "" : "s",
        regions.size(), regions.size() == 1 ? "" : "s", work.size(), work.size() == 1 ? "" : "s", Math.min(o.parallel, work.size()));
    err.flush();
    List<Outcome> outcomes = new FanOut(o.parallel, OrgRun::errorCode).run(work, piece, oc -> OrgReport.writeOutcome(o.out, oc), line -> {
      err.println(line);
      err.flush();
    });
    OrgSummary summary = OrgSummary.of(outcomes);
    List<Path> files = OrgReport.write(o.out, summary, new OrgRunInfo("tap org " + verb, source, systemClock.instant(), regions, o.roleName));
    OrgText.print(out, summary, verb == Verb.snapshot, files);
    out.flush();
    if (summary.failed().isEmpty()) return ExitCode.OK.code;
    return summary.analysed().isEmpty() ? ExitCode.AWS_ACCESS.code : ExitCode.FAILURE.code;
  }

  private Outcome awsPiece(AwsOrganization org, AccountRegion ar, DiscoveryFilter filter) {
    try (AwsClients member = org.member(ar.account(), ar.region())) {
      Discovery d = new AwsDiscovery(member, systemClock, line -> {}).discover(inRegion(filter, ar.region()), families);
      Snapshot s = d.snapshot();
      // each account-region has its own GetMetricData quota: its own budget, at the policy's rate
      Policy policy = analysis.policyFor(s.blueprint());
      MetricsEngine engine = new MetricsEngine(r -> new AwsCloudWatch(member, r), Families.catalog(), systemClock, new CallPlanner(),
          AnalysisRun.rate(policy));
      return finish(ar, s, policy, engine, systemClock, "account " + ar.account().id() + " in " + ar.region() + " (role " + o.roleName + ")");
    }
  }

  private Outcome simPiece(SimOrganization org, AccountRegion ar, DiscoveryFilter filter) {
    SimAccount account = org.account(ar.account(), ar.region());
    Snapshot all = account.discover();
    Snapshot found = Discovery.select(all.source() + ", discovered", ar.account().id(), all.takenAt(), all.resources(), inRegion(filter, ar.region()),
        families, Map.of(), all.problems()).snapshot();
    // the blueprint still scopes the SLO and the policy profile
    Snapshot s = new Snapshot(found.source(), ar.account().id(), all.blueprint(), found.takenAt(), found.resources(), found.problems());
    Policy policy = analysis.policyFor(s.blueprint());
    MetricsEngine engine = new MetricsEngine(account::cloudWatch, Families.catalog(), account.clock(), new CallPlanner(), AnalysisRun.rate(policy));
    return finish(ar, s, policy, engine, account.clock(), "simulated account " + ar.account().id() + " (" + all.blueprint() + ") in " + ar.region());
  }

  private static DiscoveryFilter inRegion(DiscoveryFilter f, String region) {
    return new DiscoveryFilter(List.of(region), f.tags(), f.excludeTags());
  }

  /** The account-region's own files under its detail directory, and its figures. */
  private Outcome finish(AccountRegion ar, Snapshot s, Policy policy, MetricsEngine engine, Clock clock, String source) {
    String detail = OrgReport.detail(ar);
    Path dir = o.out.resolve(detail);
    if (verb == Verb.snapshot) {
      LookbackWindow window = LookbackWindow.of(clock, policy.lookbackDays());
      try (SnapshotWriter writer = new SnapshotWriter(dir, s, window.start(), window.end())) {
        engine.stream(s, window.start(), window.end(), FetchProgress.NONE, writer::add);
        writer.finish();
      }
      return new Outcome.Analysed(ar, figures(s, null), s.problems(), detail);
    }
    if (s.resources().isEmpty()) return new Outcome.Analysed(ar, List.of(), s.problems(), detail);
    Analysis a = analysis.member(s, policy, engine, clock, source, dir).analysis();
    return new Outcome.Analysed(ar, figures(s, a), s.problems(), detail);
  }

  /** Per family (its label, as recommendations name it): resources, recommendations, planned and the plan's savings. */
  static List<FamilyFigures> figures(Snapshot s, Analysis a) {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Double> usd = new TreeMap<>();
    for (Resource r : s.resources()) counts.computeIfAbsent(r.family().label(), k -> new int[3])[0]++;
    if (a != null) {
      for (Recommendation rec : a.recommendations()) {
        int[] c = counts.computeIfAbsent(rec.family(), k -> new int[3]);
        c[1]++;
        if (rec.status() == Recommendation.Status.PLANNED) {
          c[2]++;
          usd.merge(rec.family(), rec.action().monthlySavings(), Double::sum);
        }
      }
    }
    List<FamilyFigures> out = new ArrayList<>();
    counts.forEach((f, c) -> out.add(new FamilyFigures(f, c[0], c[1], c[2], usd.getOrDefault(f, 0.0))));
    return out;
  }

  /** The AWS error code (or the simulated one) a failure carries. */
  static String errorCode(Throwable t) {
    String code = AwsOrganization.errorCode(t);
    if (!code.isEmpty()) return code;
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof SimApiException s) return s.code();
    return "";
  }
}
