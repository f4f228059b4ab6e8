package dev.tap.bench.score;

import static dev.tap.optimizer.model.ConfigKeys.ARCHITECTURE;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static dev.tap.optimizer.model.ConfigKeys.PLATFORM;

import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.metrics.CallPlanner;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.model.Recommendation;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.snapshot.SavedSnapshot;
import dev.tap.optimizer.snapshot.SnapshotReader;
import dev.tap.optimizer.snapshot.SnapshotWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TAP's own sizing of trace VMs, through the path a user takes with {@code tap snapshot} and
 * {@code tap analyze --snapshot}: each VM becomes a standalone EC2 instance of its current type, the
 * metrics engine fetches the EC2 family's metrics over the training part from {@link TraceCloudWatch}
 * into a snapshot directory, the snapshot is read back and the planner runs the normal analysis.
 * A VM's new type is the {@code EC2_INSTANCE_TYPE} action the plan holds for it (planned only: a
 * recommendation the backtest or the confidence filter left out is not made).
 */
final class TapSizing {
  private TapSizing() {}

  /** What the analysis decided: the new type of each VM it changes, and how many recommendations it left out. */
  record Result(Map<String, String> types, int planned, int leftOut, Map<String, String> findingByVm, Map<String, String> leftOutWhy) {}

  static Result size(List<VmTrace> training, Instant start, Instant end, String region, Policy policy, Path snapshotDir, PriceBook book) {
    Ec2Catalogue catalogue = book.catalogue();
    List<Resource> resources = new ArrayList<>(training.size());
    for (VmTrace vm : training) {
      Ec2Catalogue.InstanceSpec spec = catalogue.spec(vm.type()).orElseThrow();
      resources.add(new Resource(vm.id(), Ec2Family.EC2, region, "arn:aws:ec2:" + region + ":000000000000:instance/" + vm.id(),
          Map.of(INSTANCE_TYPE, vm.type(), ARCHITECTURE, spec.arch(), PLATFORM, "linux"), Map.of()));
    }
    Snapshot snapshot = new Snapshot("trace (" + training.size() + " VMs)", "000000000000", null, end, resources, List.of());
    Clock clock = Clock.fixed(end, ZoneOffset.UTC);
    TraceCloudWatch cloudWatch = new TraceCloudWatch(training, catalogue);
    MetricsEngine engine = new MetricsEngine(r -> cloudWatch, Families.catalog(), clock, new CallPlanner());
    try (SnapshotWriter writer = new SnapshotWriter(snapshotDir, snapshot, start, end)) {
      engine.stream(snapshot, start, end, FetchProgress.NONE, writer::add);
      writer.finish();
    }
    SavedSnapshot saved = SnapshotReader.read(snapshotDir);
    Analysis analysis = new Planner(book, clock).plan(saved.snapshot(), saved.metrics(), policy.withLookbackDays(saved.lookbackDays()));
    Map<String, String> types = new HashMap<>();
    int planned = 0;
    int leftOut = 0;
    Map<String, String> leftOutWhy = new HashMap<>();
    for (Recommendation r : analysis.recommendations()) {
      if (!r.action().kind().equals(Ec2Family.EC2_INSTANCE_TYPE)) continue;
      if (r.status() == Recommendation.Status.PLANNED) {
        types.put(r.action().resourceId(), r.action().after().get(INSTANCE_TYPE));
        planned++;
      } else {
        leftOut++;
        leftOutWhy.put(r.action().resourceId(), r.status() + ": " + r.statusReason());
      }
    }
    Map<String, String> findings = new HashMap<>();
    analysis.findings().stream().filter(f -> f.resourceId() != null).forEach(f -> findings.merge(f.resourceId(), f.title(), (a, b) -> a));
    return new Result(types, planned, leftOut, findings, leftOutWhy);
  }
}
