package dev.tap.optimizer.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The journal's item layout in the shared table (docs/journal.md, "DynamoDB"): the keys, and the
 * conversions between attributes and Java values. Instants are ISO-8601 strings, string maps are
 * DynamoDB maps (readable in the console), settings and the baseline are JSON strings.
 */
final class DynamoDbItems {
  private DynamoDbItems() {}

  /** Bump when the layout changes incompatibly; a table with a newer layout is refused. */
  static final int LAYOUT_VERSION = 1;

  static final String META = "META";
  static final String LAYOUT = "LAYOUT";
  static final String RUN_COUNTER = "RUN-COUNTER";
  static final String RUNS = "RUNS";
  /** The first item written in a new run's partition: whoever puts it owns that run id. */
  static final String CLAIM = "CLAIM";
  /** Action row ids are {@code runId * ROWS_PER_RUN + position in the plan}: an id names its run's partition and item. */
  static final long ROWS_PER_RUN = 1_000_000L;

  static String runSk(long runId) {
    return String.format(Locale.ROOT, "RUN#%012d", runId);
  }

  static String runPk(long runId) {
    return runSk(runId);
  }

  static String phaseSk(int number) {
    return String.format(Locale.ROOT, "PHASE#%04d", number);
  }

  static String actionSk(long rowId) {
    return String.format(Locale.ROOT, "ACTION#%06d", rowId % ROWS_PER_RUN);
  }

  static String readingSk(int phase, Instant checkedAt, String rule) {
    return String.format(Locale.ROOT, "READING#%04d#%s#%s", phase, checkedAt, rule);
  }

  static String eventSk(long seq) {
    return String.format(Locale.ROOT, "EVENT#%09d", seq);
  }

  static String resourcePk(String resourceId) {
    return "RESOURCE#" + resourceId;
  }

  static String lockPk(String account) {
    return "LOCK#" + account;
  }

  private static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .build();

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static <T> T parse(String s, TypeReference<T> type) throws JsonProcessingException {
    return JSON.readValue(s, type);
  }

  static AttributeValue s(String v) {
    return v == null ? null : AttributeValue.fromS(v);
  }

  static AttributeValue s(Instant v) {
    return v == null ? null : AttributeValue.fromS(v.toString());
  }

  static AttributeValue n(Number v) {
    if (v == null) return null;
    // a DynamoDB number cannot be NaN or infinite (a limit may be): those are kept as their Java text
    if (v instanceof Double d && !Double.isFinite(d)) return AttributeValue.fromS(d.toString());
    return AttributeValue.fromN(v.toString());
  }

  static AttributeValue m(Map<String, String> v) {
    if (v == null) return null;
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    v.forEach((k, x) -> m.put(k, AttributeValue.fromS(x)));
    return AttributeValue.fromM(m);
  }

  static String str(Map<String, AttributeValue> item, String attribute) {
    AttributeValue v = item.get(attribute);
    return v == null || v.s() == null ? null : v.s();
  }

  static Instant instant(Map<String, AttributeValue> item, String attribute) {
    String v = str(item, attribute);
    return v == null ? null : Instant.parse(v);
  }

  static Double dbl(Map<String, AttributeValue> item, String attribute) {
    AttributeValue v = item.get(attribute);
    if (v == null) return null;
    if (v.n() != null) return Double.valueOf(v.n());
    return v.s() != null ? Double.valueOf(v.s()) : null;
  }

  static long lng(Map<String, AttributeValue> item, String attribute) {
    return Long.parseLong(item.get(attribute).n());
  }

  static Map<String, String> map(Map<String, AttributeValue> item, String attribute) {
    AttributeValue v = item.get(attribute);
    if (v == null || !v.hasM()) return null;
    Map<String, String> out = new TreeMap<>();
    v.m().forEach((k, x) -> out.put(k, x.s()));
    return out;
  }
}
