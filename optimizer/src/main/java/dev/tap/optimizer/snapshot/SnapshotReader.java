package dev.tap.optimizer.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.metrics.WindowValue;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a snapshot directory written by {@link SnapshotWriter}. Every problem names the file, the
 * line and what to do; a directory without its manifest is incomplete and refused.
 */
public final class SnapshotReader {
  private SnapshotReader() {}

  static final ObjectMapper JSON = new ObjectMapper();

  public static SavedSnapshot read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserError(ExitCode.BAD_INPUT, "snapshot directory " + dir + " does not exist. Pass a directory written by 'tap snapshot --out DIR'.");
    }
    JsonNode manifest = json(dir.resolve(SnapshotFormat.MANIFEST), "it is missing: the snapshot was not finished. Run 'tap snapshot' again.");
    if (!SnapshotFormat.FORMAT.equals(manifest.path("format").asText())) {
      throw bad(dir.resolve(SnapshotFormat.MANIFEST), "is not a TAP snapshot manifest (format '" + manifest.path("format").asText() + "')");
    }
    int version = manifest.path("version").asInt(-1);
    if (version != SnapshotFormat.VERSION) {
      throw bad(dir.resolve(SnapshotFormat.MANIFEST), "has format version " + version + "; this tap reads version " + SnapshotFormat.VERSION
          + ". Take the snapshot again with this version of tap");
    }
    Instant start = instant(dir.resolve(SnapshotFormat.MANIFEST), "start", manifest.path("start").asText());
    Instant end = instant(dir.resolve(SnapshotFormat.MANIFEST), "end", manifest.path("end").asText());
    Snapshot snapshot = inventory(dir.resolve(SnapshotFormat.INVENTORY));

    Map<String, Builder> byId = new LinkedHashMap<>();
    for (Resource r : snapshot.resources()) byId.put(r.id(), new Builder(r));
    Map<String, MetricQuery> queryOf = new HashMap<>();
    lines(dir.resolve(SnapshotFormat.QUERIES), SnapshotFormat.QUERIES_HEADER, (f, where) -> {
      Builder b = resource(byId, f.get(0), where);
      Map<String, String> dims = new TreeMap<>();
      try {
        JSON.readTree(f.get(7)).fields().forEachRemaining(e -> dims.put(e.getKey(), e.getValue().asText()));
      } catch (IOException e) {
        throw bad(where, "has dimensions that are not a JSON object: " + f.get(7));
      }
      MetricQuery q = new MetricQuery(f.get(4), f.get(5), f.get(6), dims, f.get(2), integer(where, f.get(8)));
      queryOf.put(f.get(0) + '\u0000' + WindowValue.key(f.get(1), f.get(2)), q);
      b.series.put(WindowValue.key(f.get(1), f.get(2)), new Points());
    });
    lines(dir.resolve(SnapshotFormat.WINDOW), SnapshotFormat.WINDOW_HEADER, (f, where) -> {
      Builder b = resource(byId, f.get(0), where);
      b.window.put(WindowValue.key(f.get(1), f.get(2)), new WindowValue(f.get(1), f.get(2), number(where, f.get(3)), integer(where, f.get(4)), (long) number(where, f.get(5))));
    });
    lines(dir.resolve(SnapshotFormat.SERIES), SnapshotFormat.SERIES_HEADER, (f, where) -> {
      Builder b = resource(byId, f.get(0), where);
      Points p = b.series.get(WindowValue.key(f.get(1), f.get(2)));
      if (p == null) throw bad(where, "has a point of " + f.get(1) + ":" + f.get(2) + " that " + SnapshotFormat.QUERIES + " does not declare");
      p.add(instant(where, "timestamp", f.get(3)).getEpochSecond(), number(where, f.get(4)));
    });
    List<ResourceMetrics> metrics = new ArrayList<>();
    for (Builder b : byId.values()) {
      Map<String, MetricSeries> hourly = new HashMap<>();
      b.series.forEach((k, p) -> hourly.put(k, p.toSeries(queryOf.get(b.resource.id() + '\u0000' + k))));
      metrics.add(new ResourceMetrics(b.resource, start, end, b.window, hourly));
    }
    return new SavedSnapshot(dir, version, snapshot, start, end, metrics);
  }

  private static Snapshot inventory(Path file) {
    JsonNode inv = json(file, "it is missing. Run 'tap snapshot' again.");
    List<Resource> resources = new ArrayList<>();
    int i = 0;
    for (JsonNode r : inv.path("resources")) {
      String where = "resources[" + i++ + "]";
      Family family;
      family = Families.family(r.path("family").asText())
          .orElseThrow(() -> bad(file, where + ".family '" + r.path("family").asText() + "' is not one of " + Families.families()));
      try {
        resources.add(new Resource(r.path("id").asText(null), family, r.path("region").asText(null), r.path("arn").asText(null), strings(r.path("config")),
            strings(r.path("tags"))));
      } catch (IllegalArgumentException e) {
        throw bad(file, where + ": " + e.getMessage());
      }
    }
    List<String> problems = new ArrayList<>();
    inv.path("problems").forEach(p -> problems.add(p.asText()));
    String blueprint = inv.path("blueprint").isNull() || inv.path("blueprint").isMissingNode() ? null : inv.path("blueprint").asText();
    return new Snapshot(inv.path("source").asText(), inv.path("account").asText(), blueprint, instant(file, "takenAt", inv.path("takenAt").asText()), resources,
        problems);
  }

  private static Map<String, String> strings(JsonNode o) {
    Map<String, String> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().asText());
    }
    return m;
  }

  private static final class Builder {
    final Resource resource;
    final Map<String, WindowValue> window = new HashMap<>();
    final Map<String, Points> series = new LinkedHashMap<>();

    Builder(Resource r) {
      this.resource = r;
    }
  }

  /** A series being read, in growable primitive arrays. */
  private static final class Points {
    long[] t = new long[64];
    double[] v = new double[64];
    int n;

    void add(long time, double value) {
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
      }
      t[n] = time;
      v[n++] = value;
    }

    MetricSeries toSeries(MetricQuery q) {
      return new MetricSeries(q, Arrays.copyOf(t, n), Arrays.copyOf(v, n));
    }
  }

  @FunctionalInterface
  private interface LineHandler {
    void accept(List<String> fields, Object where);
  }

  private static void lines(Path file, String[] header, LineHandler handler) {
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String first = r.readLine();
      if (first == null || !Csv.parse(first).equals(List.of(header))) {
        throw bad(file, "does not start with the header " + String.join(",", header));
      }
      String line;
      int no = 1;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isEmpty()) continue;
        List<String> f;
        try {
          f = Csv.parse(line);
        } catch (IllegalArgumentException e) {
          throw bad(file + " line " + no, e.getMessage());
        }
        if (f.size() != header.length) throw bad(file + " line " + no, "has " + f.size() + " fields, expected " + header.length);
        handler.accept(f, file + " line " + no);
      }
    } catch (NoSuchFileException e) {
      throw bad(file, "is missing. Run 'tap snapshot' again");
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Builder resource(Map<String, Builder> byId, String id, Object where) {
    Builder b = byId.get(id);
    if (b == null) throw bad(where, "names resource '" + id + "' that " + SnapshotFormat.INVENTORY + " does not list");
    return b;
  }

  private static JsonNode json(Path file, String ifMissing) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.BAD_INPUT, "snapshot file " + file + ": " + ifMissing);
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "snapshot file " + file + " is not valid JSON (" + e.getMessage() + "). Take the snapshot again.", e);
    }
  }

  private static double number(Object where, String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw bad(where, "has '" + s + "' where a number belongs");
    }
  }

  private static int integer(Object where, String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(where, "has '" + s + "' where a whole number belongs");
    }
  }

  private static Instant instant(Object where, String field, String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw bad(where, "has " + field + " '" + s + "', not an ISO-8601 instant such as 2026-11-16T00:00:00Z");
    }
  }

  private static UserError bad(Object where, String what) {
    return new UserError(ExitCode.BAD_INPUT, "snapshot " + where + " " + what + ".");
  }
}
