package dev.tap.optimizer.aws;

import dev.tap.optimizer.inventory.Inventory;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The inventory of a real account (SPEC O1): the resources named by a deployment-outputs file, each
 * described with the AWS SDK in its own region. What cannot be inventoried without guessing is listed in
 * {@link Snapshot#problems()}; AWS errors (denied, no credentials, unreachable) stop with a
 * {@link dev.tap.optimizer.error.UserError}.
 */
public final class AwsInventory implements Inventory {

  private final AwsClients aws;
  private final Clock clock;
  private final String source;
  private final String blueprint;
  private final Function<List<String>, List<Target>> targets;
  private final Map<Family, FamilyReader> readers;

  private AwsInventory(AwsClients aws, Clock clock, String source, String blueprint, Function<List<String>, List<Target>> targets) {
    this.aws = aws;
    this.clock = clock;
    this.source = source;
    this.blueprint = blueprint;
    this.targets = targets;
    this.readers = FamilyReader.all(aws);
  }

  /** The resources named by a deployment-outputs file (keys in docs/outputs.md). */
  public static AwsInventory fromOutputs(AwsClients aws, OutputsFile outputs, Clock clock) {
    LinkedHashSet<String> blueprints = new LinkedHashSet<>(outputs.all("Blueprint"));
    return new AwsInventory(aws, clock, "outputs " + outputs.path() + " (" + outputs.format() + ")",
        blueprints.isEmpty() ? null : String.join(",", blueprints), problems -> OutputsTargets.of(outputs, problems));
  }

  @Override
  public Snapshot snapshot() {
    List<String> problems = new ArrayList<>();
    List<Target> list = targets.apply(problems);
    // who we are before any describe call, so that a credentials problem stops the run at once
    String account = aws.callerIdentity(list.isEmpty() ? null : list.get(0).region()).account();
    Map<String, Resource> resources = new LinkedHashMap<>();
    for (Target t : list) {
      String region = aws.region(t.region());
      int known = problems.size();
      Optional<Resource> r = readers.get(t.family()).read(t, region, problems);
      if (r.isPresent()) {
        resources.putIfAbsent(r.get().family() + "/" + r.get().region() + "/" + r.get().id(), r.get());
      } else if (problems.size() == known && !t.discovered()) {
        problems.add(t.family().label() + " " + t.id() + " named by " + t.origin() + " was not found in " + region + " (account " + account
            + "): not inventoried. Check that the outputs belong to this account and region.");
      }
    }
    return new Snapshot(source, account, blueprint, clock.instant(), List.copyOf(resources.values()), problems);
  }
}
