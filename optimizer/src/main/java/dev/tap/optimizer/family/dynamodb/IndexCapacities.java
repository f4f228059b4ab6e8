package dev.tap.optimizer.family.dynamodb;

import dev.tap.optimizer.family.dynamodb.DynamoDbApi.Capacity;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The provisioned capacity of a table's global secondary indexes, as the inventory records it under
 * {@code gsiCapacity}: {@code by-account=250/1000,by-symbol=100/1000} (index=RCU/WCU, sorted by
 * index). A provisioned table pays for each index's capacity beside its own.
 */
public final class IndexCapacities {
  private IndexCapacities() {}

  public static String encode(Map<String, Capacity> capacities) {
    return new TreeMap<>(capacities).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().read() + "/" + e.getValue().write())
        .collect(Collectors.joining(","));
  }

  /** An empty or absent value is no index; a malformed one is an error naming it. */
  public static Map<String, Capacity> decode(String value) {
    Map<String, Capacity> out = new TreeMap<>();
    if (value == null || value.isBlank()) return out;
    for (String part : value.split(",")) {
      String[] kv = part.trim().split("=", 2);
      String[] rw = kv.length == 2 ? kv[1].split("/", 2) : new String[0];
      if (rw.length != 2) {
        throw new IllegalArgumentException("index capacity '" + part.trim() + "' is not index=RCU/WCU (in '" + value + "')");
      }
      try {
        out.put(kv[0].trim(), new Capacity(Long.parseLong(rw[0].trim()), Long.parseLong(rw[1].trim())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("index capacity '" + part.trim() + "' has a capacity that is not a whole number (in '" + value + "')");
      }
    }
    return out;
  }
}
