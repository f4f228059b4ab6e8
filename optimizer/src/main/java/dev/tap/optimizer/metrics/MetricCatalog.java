package dev.tap.optimizer.metrics;

import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.util.List;

/** Maps a resource of a snapshot to the metrics its family's rules need (the registry's catalog: {@code Families.catalog()}). */
@FunctionalInterface
public interface MetricCatalog {

  List<MetricSpec> specs(Snapshot snapshot, Resource resource);
}
