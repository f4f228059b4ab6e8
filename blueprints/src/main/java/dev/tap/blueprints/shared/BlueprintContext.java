package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.constructs.Construct;

/**
 * Typed, validated access to the CDK context (cdk.json, {@code cdk -c}, {@code tap synth -c}). Every
 * value a user would change comes through here with the SPEC's number as its default; a bad value
 * fails synthesis with a {@link ContextException} naming the key and the accepted values.
 */
public final class BlueprintContext {
  public static final String SUFFIX = "environmentSuffix";
  public static final String BLUEPRINTS = "blueprints";
  public static final String ACCOUNT = "account";
  /** Name or ARN of the customer-managed policy every IAM role gets as its permissions boundary. */
  public static final String PERMISSIONS_BOUNDARY = "permissionsBoundary";

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov)?-[a-z]+-\\d");
  private static final Pattern POLICY = Pattern.compile("[\\w+=,.@-]{1,128}|arn:aws[a-z-]*:iam::(\\d{12}|aws):policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern EC2_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.(nano|micro|small|medium|large|metal|\\d*xlarge)");
  private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");
  private static final Pattern CIDR = Pattern.compile(IPV4.pattern() + "/(3[0-2]|[12]?\\d)");
  private static final Pattern ACM_ARN = Pattern.compile("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");

  private final Construct scope;

  public BlueprintContext(Construct scope) {
    this.scope = scope;
  }

  /** The raw value of a key, or null; lists (JSON arrays in cdk.json) come back comma-joined. */
  public String raw(String key) {
    Object v = scope.getNode().tryGetContext(key);
    if (v == null) return null;
    if (v instanceof List<?> list) return String.join(",", list.stream().map(String::valueOf).toList());
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? null : s;
  }

  public String suffix() {
    String v = string(SUFFIX, "dev");
    if (!Names.SUFFIX.matcher(v).matches()) {
      throw new ContextException(SUFFIX, v, "not a valid environment suffix", "1-12 characters of a-z, 0-9 and '-', starting with a letter (default dev)");
    }
    return v;
  }

  /** The blueprints to synthesize: context {@code blueprints}, comma-separated, or {@code all} (the default). */
  public List<String> blueprints(List<String> known) {
    String v = string(BLUEPRINTS, "all");
    if (v.equals("all")) return known;
    LinkedHashSet<String> chosen = new LinkedHashSet<>();
    for (String name : v.split(",")) {
      String n = name.trim();
      if (n.isEmpty()) continue;
      if (!known.contains(n)) {
        throw new ContextException(BLUEPRINTS, v, "unknown blueprint '" + n + "'", "all, or a comma-separated list of " + String.join(", ", known));
      }
      chosen.add(n);
    }
    if (chosen.isEmpty()) throw new ContextException(BLUEPRINTS, v, "no blueprint named", "all, or a comma-separated list of " + String.join(", ", known));
    return List.copyOf(chosen);
  }

  /** The target account, when given: stacks stay account-agnostic without it, which is enough to synthesize. */
  public Optional<String> account() {
    String v = raw(ACCOUNT);
    if (v == null) return Optional.empty();
    if (!ACCOUNT_ID.matcher(v).matches()) throw new ContextException(ACCOUNT, v, "not an AWS account id", "12 digits, or unset for an account-agnostic synth");
    return Optional.of(v);
  }

  /** The permissions boundary policy (name or ARN), when given. */
  public Optional<String> permissionsBoundary() {
    return Optional.ofNullable(matching(PERMISSIONS_BOUNDARY, null, POLICY,
        "a customer-managed policy name (e.g. TapBoundary) or ARN (arn:aws:iam::123456789012:policy/TapBoundary)"));
  }

  public String string(String key, String defaultValue) {
    String v = raw(key);
    return v == null ? defaultValue : v;
  }

  public String region(String key, String defaultValue) {
    return matching(key, defaultValue, REGION, "an AWS region name such as us-east-1");
  }

  /** Availability zones of {@code region}: at least 2 distinct ones, each named after the region. */
  public List<String> availabilityZones(String key, String region, List<String> defaults) {
    String v = raw(key);
    List<String> azs = v == null ? defaults : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    String accepted = "2 or more distinct zones of " + region + ", comma-separated, e.g. " + region + "a," + region + "b," + region + "c";
    for (String az : azs) {
      if (!az.matches(Pattern.quote(region) + "[a-z]")) throw new ContextException(key, v, "'" + az + "' is not an availability zone of " + region, accepted);
    }
    if (new LinkedHashSet<>(azs).size() != azs.size()) throw new ContextException(key, v, "a zone is listed twice", accepted);
    if (azs.size() < 2) throw new ContextException(key, v, "fewer than 2 availability zones (" + azs.size() + ")", accepted);
    return List.copyOf(azs);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    String v = raw(key);
    String accepted = "a whole number from " + min + " to " + max + " (default " + defaultValue + ")";
    if (v == null) return defaultValue;
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ContextException(key, v, "not a whole number", accepted);
    }
    if (n < min || n > max) throw new ContextException(key, v, "out of range", accepted);
    return n;
  }

  /** {@code <prefix>.min}, {@code .desired}, {@code .max}, validated together. */
  public Capacity capacity(String prefix, Capacity defaults, int limit) {
    int min = integer(prefix + ".min", defaults.min(), 0, limit);
    int desired = integer(prefix + ".desired", defaults.desired(), 0, limit);
    int max = integer(prefix + ".max", defaults.max(), 1, limit);
    if (min > desired || desired > max) {
      throw new ContextException(prefix + ".min/.desired/.max", min + "/" + desired + "/" + max, "capacity must satisfy min <= desired <= max",
          "whole numbers with min <= desired <= max (defaults " + defaults.min() + "/" + defaults.desired() + "/" + defaults.max() + ")");
    }
    return new Capacity(min, desired, max);
  }

  /**
   * An instance class such as {@code db.r6g.8xlarge}, {@code cache.r6gd.8xlarge}, {@code dax.r4.8xlarge}
   * or (empty prefix) an EC2 type such as {@code c6i.8xlarge}.
   */
  public String instanceClass(String key, String prefix, String defaultValue) {
    String v = raw(key);
    if (v == null) return defaultValue;
    if (!v.startsWith(prefix) || !EC2_TYPE.matcher(v.substring(prefix.length())).matches()) {
      throw new ContextException(key, v, "not an instance class", "a class of the form " + prefix + "<family>.<size>, e.g. " + defaultValue);
    }
    return v;
  }

  public String ipv4(String key, String defaultValue) {
    return matching(key, defaultValue, IPV4, "an IPv4 address such as " + defaultValue);
  }

  public String cidr(String key, String defaultValue) {
    return matching(key, defaultValue, CIDR, "an IPv4 CIDR block such as " + defaultValue);
  }

  public String certificateArn(String key, String defaultValue) {
    return matching(key, defaultValue, ACM_ARN, "an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>");
  }

  /** A comma-separated list of regions, e.g. the SaaS secondary regions. */
  public List<String> regions(String key, List<String> defaults) {
    String v = raw(key);
    if (v == null) return defaults;
    List<String> out = new ArrayList<>();
    for (String r : v.split(",")) {
      String t = r.trim();
      if (t.isEmpty()) continue;
      if (!REGION.matcher(t).matches()) throw new ContextException(key, v, "'" + t + "' is not a region name", "comma-separated AWS region names, e.g. " + String.join(",", defaults));
      out.add(t);
    }
    return List.copyOf(out);
  }

  private String matching(String key, String defaultValue, Pattern pattern, String accepted) {
    String v = raw(key);
    if (v == null) return defaultValue;
    if (!pattern.matcher(v).matches()) throw new ContextException(key, v, "not valid", accepted);
    return v;
  }
}
