package dev.tap.optimizer.snapshot;

/**
 * The snapshot directory layout, version 1 (docs/snapshot-format.md):
 *
 * <pre>
 * manifest.json   format, version, window, source, counts; written last: a directory
 *                 without it is incomplete
 * inventory.json  the Snapshot: source, account, blueprint, takenAt, resources, problems
 * queries.csv     resource_id,metric,stat,kind,query_id,namespace,metric_name,dimensions,period_seconds
 * window.csv      resource_id,metric,stat,value,period_seconds,samples
 * series.csv      resource_id,metric,stat,timestamp,value   (long format, hourly series)
 * </pre>
 */
public final class SnapshotFormat {
  private SnapshotFormat() {}

  public static final String FORMAT = "tap-snapshot";
  public static final int VERSION = 1;
  public static final String MANIFEST = "manifest.json";
  public static final String INVENTORY = "inventory.json";
  public static final String QUERIES = "queries.csv";
  public static final String WINDOW = "window.csv";
  public static final String SERIES = "series.csv";

  static final String[] QUERIES_HEADER = {"resource_id", "metric", "stat", "kind", "query_id", "namespace", "metric_name", "dimensions", "period_seconds"};
  static final String[] WINDOW_HEADER = {"resource_id", "metric", "stat", "value", "period_seconds", "samples"};
  static final String[] SERIES_HEADER = {"resource_id", "metric", "stat", "timestamp", "value"};
}
