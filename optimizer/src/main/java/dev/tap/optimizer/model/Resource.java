package dev.tap.optimizer.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One resource as it exists: identity, region, configuration and tags. Configuration values are
 * strings keyed by a family-specific name (for example {@code instanceClass}, {@code readers});
 * plans record {@code before} and {@code after} in the same vocabulary.
 */
public record Resource(
    String id, Family family, String region, String arn, Map<String, String> config, Map<String, String> tags) {

  public static final String TENANT_TAG = "TenantId";
  public static final String CRITICAL_PATH_TAG = "CriticalPath";

  public Resource {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("resource id is required");
    if (family == null) throw new IllegalArgumentException("family is required for " + id);
    if (region == null || region.isBlank()) throw new IllegalArgumentException("region is required for " + id);
    config = Collections.unmodifiableMap(new TreeMap<>(config == null ? Map.of() : config));
    tags = Collections.unmodifiableMap(new TreeMap<>(tags == null ? Map.of() : tags));
  }

  public String config(String key) {
    String v = config.get(key);
    if (v == null) throw new IllegalStateException(family.label() + " " + id + " has no configuration value '" + key + "'");
    return v;
  }

  public int configInt(String key) {
    return Integer.parseInt(config(key));
  }

  /** Why SPEC O6 forbids touching this resource, or empty when it may be changed. */
  public Optional<String> exclusionReason() {
    if (tags.containsKey(TENANT_TAG)) return Optional.of("tagged " + TENANT_TAG + "=" + tags.get(TENANT_TAG) + " (tenant-owned)");
    if ("true".equalsIgnoreCase(tags.getOrDefault(CRITICAL_PATH_TAG, ""))) return Optional.of("tagged " + CRITICAL_PATH_TAG + "=true");
    return Optional.empty();
  }

  public Resource withConfig(Map<String, String> newConfig) {
    return new Resource(id, family, region, arn, newConfig, tags);
  }

  public Resource withTags(Map<String, String> newTags) {
    return new Resource(id, family, region, arn, config, newTags);
  }
}
