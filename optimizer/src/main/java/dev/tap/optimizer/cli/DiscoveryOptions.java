package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsDiscovery;
import dev.tap.optimizer.aws.AwsInventory;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.Discovery;
import dev.tap.optimizer.inventory.DiscoveryFilter;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --discover} and its filters, a mixin of {@code tap analyze}, {@code plan} and {@code snapshot}:
 * every resource of every supported family in the account rather than those an outputs file names.
 * With {@code --sim} it lists everything the simulated account holds; with {@code --outputs} the two
 * inventories are joined (no resource twice). What was found is printed per family and region.
 */
public final class DiscoveryOptions {

  @Option(names = "--discover",
      description = "List every resource of every supported family in the account (AWS; with --sim, the simulated account), "
          + "joined with --outputs when both are given.")
  boolean discover;

  @Option(names = "--regions", split = ",", paramLabel = "REGION",
      description = "With --discover: only these regions (default: every region enabled in the account, ec2:DescribeRegions).")
  List<String> regions = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "KEY=VALUE",
      description = "With --discover: only resources with this tag (repeatable: every key must match, any value given for one key).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--exclude-tag", paramLabel = "KEY[=VALUE]",
      description = "With --discover: leave out resources with this tag (any value, or this value); TenantId and CriticalPath=true are always excluded.")
  List<String> excludeTags = new ArrayList<>();

  /** The filter, after checking that filters come with {@code --discover}. */
  DiscoveryFilter filter() {
    if (!discover && !(regions.isEmpty() && tags.isEmpty() && excludeTags.isEmpty())) {
      String flag = !regions.isEmpty() ? "--regions" : !tags.isEmpty() ? "--tag" : "--exclude-tag";
      throw new UserError(ExitCode.BAD_INPUT, flag + " filters what --discover finds: add --discover (an outputs file names its resources itself).");
    }
    return DiscoveryFilter.parse(regions, tags, excludeTags);
  }

  static boolean on(DiscoveryOptions d) {
    return d != null && d.discover;
  }

  /** The simulated account's everything, filtered, with the summary printed to {@code err}. */
  Snapshot simulated(SimAccount account, PrintWriter err) {
    Snapshot all = account.discover();
    Discovery d = Discovery.select(all.source() + ", discovered", all.account(), all.takenAt(), all.resources(), filter(),
        new LinkedHashSet<>(Families.families()), java.util.Map.of(), all.problems());
    print(d, err);
    Snapshot s = d.snapshot();
    // the blueprint still scopes the SLO and the policy profile
    return new Snapshot(s.source(), s.account(), all.blueprint(), s.takenAt(), s.resources(), s.problems());
  }

  /** A real account's everything (joined with the outputs file's resources when one is given), with the summary printed to {@code err}. */
  Snapshot aws(AwsClients clients, OutputsFile outputs, Clock clock, PrintWriter err) {
    DiscoveryFilter filter = filter();
    Discovery d = new AwsDiscovery(clients, clock, line -> {
      err.println(line);
      err.flush();
    }).discover(filter, new LinkedHashSet<>(Families.families()));
    print(d, err);
    return outputs == null ? d.snapshot() : d.union(AwsInventory.fromOutputs(clients, outputs, clock).snapshot());
  }

  private static void print(Discovery d, PrintWriter err) {
    d.summary().forEach(err::println);
    err.flush();
  }
}
