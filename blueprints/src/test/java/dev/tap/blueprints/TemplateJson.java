package dev.tap.blueprints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Small typed views over a synthesized template's JSON, for assertions that Match cannot express. */
public final class TemplateJson {
  private TemplateJson() {}

  /** Resources of one type: logical id -> Properties (empty map when none). */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> props(Template t, String type) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    t.findResources(type).forEach((id, r) -> out.put(id, (Map<String, Object>) ((Map<String, Object>) r).getOrDefault("Properties", Map.of())));
    return out;
  }

  /** The only resource of a type; fails when there are none or several. */
  public static Map<String, Object> single(Template t, String type) {
    Map<String, Map<String, Object>> all = props(t, type);
    if (all.size() != 1) throw new AssertionError("expected exactly one " + type + ", found " + all.size());
    return all.values().iterator().next();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  /** Every resource of the template: logical id -> resource (Type, Properties, ...). */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> resources(Template t) {
    return (Map<String, Map<String, Object>>) t.toJSON().get("Resources");
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> outputs(Template t) {
    Object o = t.toJSON().get("Outputs");
    return o == null ? Map.of() : (Map<String, Map<String, Object>>) o;
  }
}
