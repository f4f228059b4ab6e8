package dev.tap.optimizer.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a snapshot directory (format version {@link SnapshotFormat#VERSION}). Every file is
 * written to a temporary file in the same directory and moved into place whole; the manifest goes
 * last, so a reader never takes a half-written directory for a snapshot. Metrics are written as
 * they stream in ({@link #add}), so a large fleet need not fit in memory.
 */
public final class SnapshotWriter implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final Snapshot snapshot;
  private final Instant start;
  private final Instant end;
  private final Part queries;
  private final Part window;
  private final Part series;
  private final StringBuilder line = new StringBuilder(256);
  private int resources;
  private long points;
  private boolean finished;

  public SnapshotWriter(Path dir, Snapshot snapshot, Instant start, Instant end) {
    this.dir = dir;
    this.snapshot = snapshot;
    this.start = start;
    this.end = end;
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(SnapshotFormat.MANIFEST)); // the directory is incomplete until finish()
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot create the snapshot directory " + dir + ": " + e.getMessage() + ". Pass a writable --out directory.", e);
    }
    this.queries = new Part(dir, SnapshotFormat.QUERIES, SnapshotFormat.QUERIES_HEADER);
    this.window = new Part(dir, SnapshotFormat.WINDOW, SnapshotFormat.WINDOW_HEADER);
    this.series = new Part(dir, SnapshotFormat.SERIES, SnapshotFormat.SERIES_HEADER);
  }

  /** Appends one resource's metrics. */
  public void add(ResourceMetrics m) {
    String id = m.resource().id();
    for (WindowValue w : m.window().values()) {
      row(window, id, w.metric(), w.stat(), Double.toString(w.value()), Integer.toString(w.periodSeconds()), Long.toString(w.samples()));
    }
    for (Map.Entry<String, MetricSeries> e : m.hourly().entrySet()) {
      String key = e.getKey();
      int colon = key.lastIndexOf(':');
      String metric = key.substring(0, colon);
      String stat = key.substring(colon + 1);
      MetricSeries s = e.getValue();
      row(queries, id, metric, stat, "hourly", s.query().id(), s.query().namespace(), s.query().metricName(), dimensions(s.query().dimensions()),
          Integer.toString(s.query().periodSeconds()));
      long[] t = s.times();
      double[] v = s.values();
      for (int i = 0; i < t.length; i++) row(series, id, metric, stat, Instant.ofEpochSecond(t[i]).toString(), Double.toString(v[i]));
      points += t.length;
    }
    resources++;
  }

  private void row(Part p, String... fields) {
    line.setLength(0);
    Csv.row(line, fields);
    p.write(line);
  }

  static String dimensions(Map<String, String> d) {
    ObjectNode o = JSON.createObjectNode();
    d.forEach(o::put);
    return o.toString();
  }

  /** Writes the inventory and the manifest, and moves every file into place. */
  public void finish() {
    queries.commit();
    window.commit();
    series.commit();
    ObjectNode inv = JSON.createObjectNode();
    inv.put("version", SnapshotFormat.VERSION);
    inv.put("source", snapshot.source());
    inv.put("account", snapshot.account());
    inv.put("blueprint", snapshot.blueprint());
    inv.put("takenAt", snapshot.takenAt().toString());
    ArrayNode rs = inv.putArray("resources");
    for (Resource r : snapshot.resources()) {
      ObjectNode o = rs.addObject();
      o.put("id", r.id());
      o.put("family", r.family().name());
      o.put("region", r.region());
      o.put("arn", r.arn());
      ObjectNode config = o.putObject("config");
      r.config().forEach(config::put);
      ObjectNode tags = o.putObject("tags");
      r.tags().forEach(tags::put);
    }
    ArrayNode problems = inv.putArray("problems");
    snapshot.problems().forEach(problems::add);
    writeWhole(dir.resolve(SnapshotFormat.INVENTORY), inv);

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", SnapshotFormat.FORMAT);
    manifest.put("version", SnapshotFormat.VERSION);
    manifest.put("source", snapshot.source());
    manifest.put("start", start.toString());
    manifest.put("end", end.toString());
    manifest.put("resources", resources);
    manifest.put("hourlyDatapoints", points);
    ObjectNode files = manifest.putObject("files");
    files.put("inventory", SnapshotFormat.INVENTORY);
    files.put("queries", SnapshotFormat.QUERIES);
    files.put("window", SnapshotFormat.WINDOW);
    files.put("series", SnapshotFormat.SERIES);
    writeWhole(dir.resolve(SnapshotFormat.MANIFEST), manifest);
    finished = true;
  }

  /** Without {@link #finish}, the temporary files are removed and nothing is left half-written. */
  @Override
  public void close() {
    if (!finished) {
      queries.discard();
      window.discard();
      series.discard();
    }
  }

  private static void writeWhole(Path target, Object json) {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(json));
      move(tmp, target);
    } catch (IOException e) {
      throw new UserError(ExitCode.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** One CSV file being written to its temporary name. */
  private static final class Part {
    final Path target;
    final Path tmp;
    final BufferedWriter out;

    Part(Path dir, String name, String[] header) {
      this.target = dir.resolve(name);
      this.tmp = dir.resolve(name + ".tmp");
      try {
        this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        Csv.row(b, header);
        out.append(b);
      } catch (IOException e) {
        throw new UserError(ExitCode.FAILURE, "cannot write " + tmp + ": " + e.getMessage(), e);
      }
    }

    void write(CharSequence s) {
      try {
        out.append(s);
      } catch (IOException e) {
        throw new UserError(ExitCode.FAILURE, "cannot write " + tmp + ": " + e.getMessage(), e);
      }
    }

    void commit() {
      try {
        out.close();
        move(tmp, target);
      } catch (IOException e) {
        throw new UserError(ExitCode.FAILURE, "cannot write " + target + ": " + e.getMessage(), e);
      }
    }

    void discard() {
      try {
        out.close();
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the manifest is absent, so the directory is not taken for a snapshot anyway
      }
    }
  }
}
