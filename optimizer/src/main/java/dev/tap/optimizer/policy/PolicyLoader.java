package dev.tap.optimizer.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a policy: the profile shipped in the jar ({@code dev/tap/optimizer/policy/NAME.yaml}), then
 * the keys of an optional override file on top. Every value is checked against {@link
 * PolicySchema}: unknown keys, wrong types, values out of range and minimums above maximums are
 * rejected naming the file, the key and the accepted range.
 */
public final class PolicyLoader {
  public static final List<String> PROFILES = List.of("trading", "saas", "staging");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private PolicyLoader() {}

  public static Policy profile(String name) {
    return load(name, null);
  }

  /**
   * @param profile a shipped profile name, or null to take it from the override file's {@code
   *     profile:} key (default {@code trading})
   * @param overrides a YAML file of keys to change, or null
   */
  public static Policy load(String profile, Path overrides) {
    return load(profile, overrides, "trading");
  }

  /** As {@link #load(String, Path)}, with the profile to use when neither argument names one. */
  public static Policy load(String profile, Path overrides, String fallbackProfile) {
    Map<String, JsonNode> overrideValues = new LinkedHashMap<>();
    String fileProfile = null;
    if (overrides != null) {
      JsonNode root = readFile(overrides);
      if (root.has("profile")) {
        fileProfile = root.get("profile").asText();
        ((com.fasterxml.jackson.databind.node.ObjectNode) root).remove("profile");
      }
      flatten(root, "", overrideValues, overrides.toString());
    }
    String name = profile != null ? profile : fileProfile != null ? fileProfile : fallbackProfile;
    if (!PROFILES.contains(name)) {
      throw new UserError(ExitCode.BAD_INPUT,
          "unknown policy profile '" + name + "'" + (profile == null && overrides != null ? " (from " + overrides + ")" : "")
              + ". Use --profile with one of " + String.join(", ", PROFILES) + ", or --policy FILE to override its thresholds.");
    }
    String resource = "dev/tap/optimizer/policy/" + name + ".yaml";
    Map<String, JsonNode> values = new LinkedHashMap<>();
    try (InputStream in = PolicyLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("profile " + resource + " is missing from the jar");
      JsonNode root = YAML.readTree(in);
      ((com.fasterxml.jackson.databind.node.ObjectNode) root).remove("profile");
      flatten(root, "", values, "profile " + name);
    } catch (IOException e) {
      throw new IllegalStateException("profile " + resource + " cannot be read", e);
    }
    Map<String, Object> typed = new LinkedHashMap<>();
    values.forEach((k, v) -> typed.put(k, check(k, v, "the shipped profile " + name)));
    for (PolicyKey key : PolicySchema.KEYS) {
      if (!typed.containsKey(key.path())) throw new IllegalStateException("shipped profile " + name + " lacks " + key.path());
    }
    String origin = "profile " + name;
    if (overrides != null) {
      overrideValues.forEach((k, v) -> typed.put(k, check(k, v, overrides.toString())));
      origin += " with overrides from " + overrides;
    }
    checkOrder(typed, overrides == null ? "the shipped profile " + name : overrides + " (on profile " + name + ")");
    return Policy.of(name, origin, typed);
  }

  private static JsonNode readFile(Path file) {
    try {
      JsonNode root = YAML.readTree(Files.readString(file));
      if (root == null || root.isMissingNode() || root.isNull()) return YAML.createObjectNode();
      if (!root.isObject()) {
        throw new UserError(ExitCode.BAD_INPUT, "policy file " + file + " must be a YAML mapping of keys (for example 'aurora:' then '  cpuP95MaxPct: 35').");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.BAD_INPUT, "policy file " + file + " does not exist. Pass an existing YAML file to --policy.");
    } catch (JsonProcessingException e) {
      throw new UserError(ExitCode.BAD_INPUT, "policy file " + file + " is not valid YAML: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ".", e);
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "policy file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out, String origin) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
      if (f.getValue().isObject() && !PolicySchema.known(path)) {
        flatten(f.getValue(), path, out, origin);
      } else {
        if (!PolicySchema.known(path)) {
          throw new UserError(ExitCode.BAD_INPUT, origin + ": unknown key '" + path + "'. Known keys are listed in docs/analysis.md"
              + nearest(path) + ".");
        }
        out.put(path, f.getValue());
      }
    }
  }

  private static String nearest(String path) {
    String section = path.contains(".") ? path.substring(0, path.indexOf('.') + 1) : "";
    List<String> same = PolicySchema.KEYS.stream().map(PolicyKey::path).filter(p -> !section.isEmpty() && p.startsWith(section)).toList();
    return same.isEmpty() ? "" : "; under '" + section.substring(0, section.length() - 1) + "' they are " + String.join(", ", same);
  }

  private static Object check(String path, JsonNode v, String origin) {
    PolicyKey key = PolicySchema.key(path);
    String bad = origin + ": key '" + path + "' is " + v + "; accepted: " + key.range() + " (" + key.meaning() + ").";
    switch (key.kind()) {
      case BOOLEAN -> {
        if (!v.isBoolean()) throw new UserError(ExitCode.BAD_INPUT, bad);
        return v.booleanValue();
      }
      case STRING -> {
        if (!v.isTextual() || !v.textValue().matches("[a-z0-9.\\-]*")) throw new UserError(ExitCode.BAD_INPUT, bad);
        return v.textValue();
      }
      case INTEGER -> {
        if (!v.isIntegralNumber() || v.doubleValue() < key.min() || v.doubleValue() > key.max()) throw new UserError(ExitCode.BAD_INPUT, bad);
        return v.intValue();
      }
      case NUMBER -> {
        if (!v.isNumber() || !(v.doubleValue() >= key.min()) || v.doubleValue() > key.max()) throw new UserError(ExitCode.BAD_INPUT, bad);
        return v.doubleValue();
      }
      default -> throw new IllegalStateException(key.kind().name());
    }
  }

  private static void checkOrder(Map<String, Object> values, String origin) {
    for (List<String> pair : PolicySchema.ORDERED) {
      double lo = ((Number) values.get(pair.get(0))).doubleValue();
      double hi = ((Number) values.get(pair.get(1))).doubleValue();
      if (lo != 0 && hi != 0 && lo > hi) {
        throw new UserError(ExitCode.BAD_INPUT, origin + ": key '" + pair.get(0) + "' (" + values.get(pair.get(0)) + ") must not exceed '"
            + pair.get(1) + "' (" + values.get(pair.get(1)) + "). Lower the first or raise the second.");
      }
    }
  }
}
