package dev.tap.optimizer.snapshot;

import dev.tap.optimizer.inventory.Inventory;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot directory read back: the inventory as it was, the metrics window and every
 * resource's metrics, ready for offline analysis ({@code --snapshot DIR}).
 */
public record SavedSnapshot(Path dir, int version, Snapshot snapshot, Instant start, Instant end, List<ResourceMetrics> metrics) implements Inventory {

  public SavedSnapshot {
    metrics = List.copyOf(metrics);
  }

  public int lookbackDays() {
    return (int) Duration.between(start, end).toDays();
  }
}
