package dev.tap.optimizer.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.inventory.OutputsFile.StackOutputs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds the targets from a deployment-outputs file (keys of docs/outputs.md) and from flags.
 * Every endpoint output becomes a target: AuroraWriterEndpoint, AuroraReaderEndpoint, RdsEndpoint
 * (postgres), RedisConfigurationEndpoint with RedisPort (redis), LambdaFunctionNames (one target
 * per function), AlbDnsName and NlbDnsName (one http target per path). Credentials come from
 * flags or the environment when given, else from the secret ARN output; a needed key that is
 * missing is an error naming it.
 */
public final class TargetFactory {

  static final Set<String> KINDS = Set.of("postgres", "redis", "lambda", "http");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TargetSettings o;
  private final Map<String, String> env;
  private final Supplier<SecretSource> secrets;
  private final Supplier<LoadTestAccount> account;
  private final String runId;
  private final Duration runLength;
  private final Duration timeout;
  private final Consumer<String> warn;

  public TargetFactory(TargetSettings options, Map<String, String> env, Supplier<SecretSource> secrets, Supplier<LoadTestAccount> account,
      String runId, Duration runLength, Duration timeout, Consumer<String> warn) {
    this.o = options;
    this.env = env;
    this.secrets = secrets;
    this.account = account;
    this.runId = runId;
    this.runLength = runLength;
    this.timeout = timeout;
    this.warn = warn;
  }

  /** The targets named by {@code outputs} (may be null) and the flags, filtered by {@code --targets}. */
  public List<LoadTarget> build(OutputsFile outputs) {
    Set<String> wanted = wantedKinds();
    List<LoadTarget> targets = new ArrayList<>();
    List<StackOutputs> stacks = stacks(outputs);
    boolean prefix = stacks.size() > 1;
    for (StackOutputs s : stacks) {
      String p = prefix ? s.stack() + "/" : "";
      Source src = new Source(outputs, s);
      if (wanted.contains("postgres")) postgresFromOutputs(src, p, targets);
      if (wanted.contains("redis")) redisFromOutputs(src, p, targets);
      if (wanted.contains("lambda")) lambdaFromOutputs(src, p, targets);
      if (wanted.contains("http")) httpFromOutputs(src, p, targets);
    }
    if (o.dbEndpoint() != null && wanted.contains("postgres")) {
      HostPort hp = HostPort.parse(o.dbEndpoint(), PostgresTarget.DEFAULT_PORT, "--db-endpoint");
      targets.add(postgres("postgres", hp, credentials(null, null, "--db-endpoint"), true, o.dbReadRatio()));
    }
    if (o.redisEndpoint() != null && wanted.contains("redis")) {
      targets.add(redis("redis", HostPort.parse(o.redisEndpoint(), RedisTarget.DEFAULT_PORT, "--redis-endpoint"), null, null));
    }
    if (wanted.contains("lambda")) for (String f : o.lambdaFunctions()) targets.add(lambda("lambda:" + f, f, null));
    if (wanted.contains("http")) for (URI u : o.httpUrls()) targets.add(http("http:" + u.getHost() + (u.getPath() == null || u.getPath().isEmpty() ? "/" : u.getPath()), u));

    for (String kind : o.kinds()) {
      String k = kind.trim().toLowerCase(Locale.ROOT);
      if (targets.stream().noneMatch(t -> t.kind().equals(k))) {
        throw new UserError(ExitCode.BAD_INPUT, "--targets " + k + ": " + (outputs == null ? "no flag names one" : "outputs file " + outputs.path() + " has no " + keysFor(k))
            + ". Pass " + flagFor(k) + " or drop it from --targets.");
      }
    }
    if (targets.isEmpty()) {
      String from = outputs == null ? "No --outputs file and no target flags" : "outputs file " + outputs.path() + (o.stack() == null ? "" : " (stack " + o.stack() + ")");
      throw new UserError(ExitCode.BAD_INPUT, from + ": nothing to load-test" + (o.kinds().isEmpty() ? "" : " of kind " + String.join(",", wanted))
          + ". The load test reads AuroraWriterEndpoint, AuroraReaderEndpoint, RdsEndpoint, RedisConfigurationEndpoint, LambdaFunctionNames, AlbDnsName and NlbDnsName, "
          + "or --db-endpoint, --redis-endpoint, --lambda-function, --http-url.");
    }
    return targets;
  }

  private record Source(OutputsFile file, StackOutputs stack) {
    String get(String key) {
      return stack.get(key).map(String::trim).filter(v -> !v.isEmpty()).orElse(null);
    }

    String where() {
      return "outputs file " + file.path() + (stack.stack().isEmpty() ? "" : " (stack " + stack.stack() + ")");
    }

    String region() {
      return get("StackRegion");
    }
  }

  private void postgresFromOutputs(Source s, String p, List<LoadTarget> targets) {
    String writer = s.get("AuroraWriterEndpoint");
    String reader = s.get("AuroraReaderEndpoint");
    String rds = s.get("RdsEndpoint");
    if (writer != null) {
      DbCredentials c = credentials(s, "AuroraSecretArn", "AuroraWriterEndpoint");
      targets.add(postgres(p + "aurora-writer", HostPort.parse(writer, PostgresTarget.DEFAULT_PORT, s.where() + " AuroraWriterEndpoint"), c, true, o.dbReadRatio()));
      if (reader != null) {
        targets.add(postgres(p + "aurora-reader", HostPort.parse(reader, PostgresTarget.DEFAULT_PORT, s.where() + " AuroraReaderEndpoint"), c, false, 1.0));
      }
    } else if (reader != null) {
      throw new UserError(ExitCode.BAD_INPUT, s.where() + " has AuroraReaderEndpoint but no AuroraWriterEndpoint: the reader reads the scratch table the writer creates. Add the key or use --targets without postgres.");
    }
    if (rds != null) {
      DbCredentials c = credentials(s, "RdsSecretArn", "RdsEndpoint");
      targets.add(postgres(p + "rds", HostPort.parse(rds, PostgresTarget.DEFAULT_PORT, s.where() + " RdsEndpoint"), c, true, o.dbReadRatio()));
    }
  }

  private LoadTarget postgres(String name, HostPort hp, DbCredentials c, boolean writer, double readRatio) {
    if (readRatio < 0 || readRatio > 1) throw new UserError(ExitCode.BAD_INPUT, "--db-read-ratio " + readRatio + " is not between 0 and 1.");
    if (o.dbRows() < 1) throw new UserError(ExitCode.BAD_INPUT, "--db-rows " + o.dbRows() + " must be at least 1.");
    // the reader target reads the table its writer (same stack, same run) creates
    String table = ("tap_loadtest_" + runId + "_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("reader$", "writer")).replaceAll("_+", "_");
    if (table.length() > 63) table = table.substring(0, 63); // PostgreSQL's identifier limit
    return new PostgresTarget(name, hp, c, o.dbSslMode(), table, writer, readRatio, o.dbRows(), timeout, warn);
  }

  /** Flags and environment win; else the secret named by {@code secretKey}; else an error naming the key. */
  private DbCredentials credentials(Source s, String secretKey, String endpointKey) {
    String user = first(o.dbUser(), env.get("PGUSER"));
    if (user != null) {
      String password = first(o.dbPassword(), env.get("PGPASSWORD"));
      String db = first(o.dbName(), env.get("PGDATABASE"), "postgres");
      return new DbCredentials(user, password, db, o.dbUser() != null ? "--db-user" + (o.dbPassword() != null ? "/--db-password" : "/PGPASSWORD") : "PGUSER/PGPASSWORD");
    }
    String arn = s == null ? null : s.get(secretKey);
    if (arn == null) {
      String where = s == null ? endpointKey : s.where() + " has " + endpointKey + " but no " + secretKey;
      throw new UserError(ExitCode.BAD_INPUT, where + ": no database credentials. Pass --db-user (with PGPASSWORD in the environment)"
          + (s == null ? "" : " or add " + secretKey + " to the outputs") + ".");
    }
    JsonNode secret = json(arn, secrets.get().secretString(arn));
    String u = text(secret, "username");
    String pw = text(secret, "password");
    if (u == null || pw == null) {
      throw new UserError(ExitCode.BAD_INPUT, "secret " + arn + " (" + secretKey + ") lacks 'username' or 'password'; the load test expects the JSON that RDS stores for a database secret.");
    }
    String db = first(o.dbName(), text(secret, "dbname"), env.get("PGDATABASE"), "postgres");
    return new DbCredentials(u, pw, db, "secret " + arn);
  }

  private void redisFromOutputs(Source s, String p, List<LoadTarget> targets) {
    String endpoint = s.get("RedisConfigurationEndpoint");
    if (endpoint == null) return;
    String port = s.get("RedisPort");
    HostPort hp = HostPort.parse(endpoint, 0, s.where() + " RedisConfigurationEndpoint");
    if (hp.port() == 0) { // no :port in the endpoint
      if (port == null) throw new UserError(ExitCode.BAD_INPUT, s.where() + " has RedisConfigurationEndpoint but no RedisPort, and the endpoint has no :port. Add RedisPort to the outputs.");
      hp = HostPort.parse(hp.host() + ":" + port, RedisTarget.DEFAULT_PORT, s.where() + " RedisPort");
    }
    targets.add(redis(p + "redis", hp, s.get("RedisAuthSecretArn"), s));
  }

  private LoadTarget redis(String name, HostPort hp, String secretArn, Source s) {
    String password = first(o.redisPassword(), env.get("REDISCLI_AUTH"));
    String source = o.redisPassword() != null ? "--redis-password" : "REDISCLI_AUTH";
    if (password == null && secretArn != null) {
      password = redisToken(secretArn, secrets.get().secretString(secretArn));
      source = "secret " + secretArn + " (RedisAuthSecretArn)";
    }
    boolean tls = switch (o.redisTls().toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes" -> true;
      case "off", "false", "no" -> false;
      case "auto" -> !isLoopback(hp.host());
      default -> throw new UserError(ExitCode.BAD_INPUT, "--redis-tls " + o.redisTls() + ": use auto, on or off.");
    };
    if (o.redisCa() != null && !Files.isReadable(o.redisCa())) throw new UserError(ExitCode.BAD_INPUT, "--redis-ca " + o.redisCa() + " cannot be read.");
    int[] sizes = valueSizes(o.redisValueBytes());
    if (o.redisGetRatio() < 0 || o.redisGetRatio() > 1) throw new UserError(ExitCode.BAD_INPUT, "--redis-get-ratio " + o.redisGetRatio() + " is not between 0 and 1.");
    if (o.redisKeys() < 1) throw new UserError(ExitCode.BAD_INPUT, "--redis-keys " + o.redisKeys() + " must be at least 1.");
    RedisSettings settings = new RedisSettings(tls, o.redisCa(), password, source, enumOf(RedisSettings.Mode.class, o.redisMode(), "--redis-mode"),
        o.redisGetRatio(), o.redisKeys(), enumOf(RedisSettings.KeyDistribution.class, o.redisKeyDistribution(), "--redis-key-distribution"), sizes[0], sizes[1]);
    return new RedisTarget(name, hp, settings, runId, runLength, timeout);
  }

  private void lambdaFromOutputs(Source s, String p, List<LoadTarget> targets) {
    String names = s.get("LambdaFunctionNames");
    if (names == null) return;
    for (String f : names.split(",")) {
      if (!f.isBlank()) targets.add(lambda(p + "lambda:" + f.trim(), f.trim(), s.region()));
    }
  }

  private LoadTarget lambda(String name, String function, String region) {
    try {
      JSON.readTree(o.lambdaPayload());
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "--lambda-payload is not valid JSON: " + e.getMessage());
    }
    return account.get().lambda(name, function, region, o.lambdaPayload(), timeout);
  }

  private void httpFromOutputs(Source s, String p, List<LoadTarget> targets) {
    for (String key : List.of("AlbDnsName", "NlbDnsName")) {
      String dns = s.get(key);
      if (dns == null) continue;
      List<String> paths = o.httpPaths().isEmpty() ? List.of("/") : o.httpPaths();
      for (String path : paths) {
        String pth = path.startsWith("/") ? path : "/" + path;
        URI u;
        try {
          u = URI.create(o.httpScheme() + "://" + dns + pth);
        } catch (IllegalArgumentException e) {
          throw new UserError(ExitCode.BAD_INPUT, s.where() + " " + key + " '" + dns + "' with path '" + pth + "' is not a URL: " + e.getMessage());
        }
        targets.add(http(p + key.substring(0, 3).toLowerCase(Locale.ROOT) + pth, u));
      }
    }
  }

  private LoadTarget http(String name, URI u) {
    if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
      throw new UserError(ExitCode.BAD_INPUT, "'" + u + "' is not an http:// or https:// URL with a host.");
    }
    return new HttpTarget(name, u, timeout);
  }

  private List<StackOutputs> stacks(OutputsFile outputs) {
    if (outputs == null) return List.of();
    if (o.stack() == null) return outputs.stacks();
    List<StackOutputs> s = outputs.stacks().stream().filter(x -> x.stack().equals(o.stack())).toList();
    if (s.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "--stack " + o.stack() + ": outputs file " + outputs.path() + " has no such stack (it has: "
          + String.join(", ", outputs.stacks().stream().map(StackOutputs::stack).toList()) + ").");
    }
    return s;
  }

  private Set<String> wantedKinds() {
    if (o.kinds().isEmpty()) return KINDS;
    Set<String> w = new LinkedHashSet<>();
    for (String k : o.kinds()) {
      String kind = k.trim().toLowerCase(Locale.ROOT);
      if (!KINDS.contains(kind)) throw new UserError(ExitCode.BAD_INPUT, "--targets " + k + ": unknown kind; use postgres, redis, lambda or http.");
      w.add(kind);
    }
    return w;
  }

  private static String keysFor(String kind) {
    return switch (kind) {
      case "postgres" -> "AuroraWriterEndpoint or RdsEndpoint";
      case "redis" -> "RedisConfigurationEndpoint";
      case "lambda" -> "LambdaFunctionNames";
      default -> "AlbDnsName or NlbDnsName";
    };
  }

  private static String flagFor(String kind) {
    return switch (kind) {
      case "postgres" -> "--db-endpoint";
      case "redis" -> "--redis-endpoint";
      case "lambda" -> "--lambda-function";
      default -> "--http-url";
    };
  }

  static String redisToken(String arn, String secret) {
    String s = secret.trim();
    if (!s.startsWith("{")) return s;
    JsonNode n = json(arn, s);
    for (String f : List.of("token", "authToken", "auth_token", "password")) {
      String v = text(n, f);
      if (v != null) return v;
    }
    throw new UserError(ExitCode.BAD_INPUT, "secret " + arn + " (RedisAuthSecretArn) is JSON without a 'token', 'authToken' or 'password' field; store the AUTH token as plain text or under one of those.");
  }

  static int[] valueSizes(String spec) {
    String[] parts = spec.trim().split("-");
    try {
      int min = Integer.parseInt(parts[0].trim());
      int max = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : min;
      if (parts.length <= 2 && min >= 1 && max >= min && max <= 1_048_576) return new int[] {min, max};
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new UserError(ExitCode.BAD_INPUT, "--redis-value-bytes " + spec + ": use MIN-MAX bytes, 1 to 1048576, e.g. 100-2000.");
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String option) {
    for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(value.trim())) return e;
    throw new UserError(ExitCode.BAD_INPUT, option + " " + value + ": use one of " + String.join(", ",
        java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()) + ".");
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    try {
      return host.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static JsonNode json(String arn, String secret) {
    try {
      return JSON.readTree(secret);
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "secret " + arn + " is not JSON (" + e.getMessage() + ").");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) if (v != null) return v;
    return null;
  }
}
