package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisStringCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Redis (ElastiCache) through Lettuce: a GET/SET mix over a key space of its own
 * ({@code tap:loadtest:<run>:<n>}, every key set with an expiry so nothing is left behind). In
 * cluster mode the client follows the slot map (MOVED/ASK, topology refresh); TLS and AUTH as the
 * blueprints configure them. One multiplexed connection serves every worker thread. Standalone,
 * commands fail fast while it is disconnected; in a cluster they wait for a node's connection at
 * most the operation timeout; either way a lost server shows up as errors.
 */
final class RedisTarget implements LoadTarget {

  static final int DEFAULT_PORT = 6379;

  // Lettuce and Netty log reconnect attempts through java.util.logging; the load test counts them as
  // errors instead. Held here because JUL keeps loggers only weakly.
  private static final java.util.List<java.util.logging.Logger> QUIET = java.util.List.of(
      java.util.logging.Logger.getLogger("io.lettuce"), java.util.logging.Logger.getLogger("io.netty"));

  static {
    QUIET.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
  }

  private final String name;
  private final HostPort endpoint;
  private final RedisSettings settings;
  private final String keyPrefix;
  private final long expirySeconds;
  private final Duration timeout;
  private final ClientResources resources;
  private final String values;
  private volatile AutoCloseable client;
  private volatile StatefulConnection<String, String> connection;
  private volatile RedisStringCommands<String, String> commands;
  private volatile boolean cluster;

  RedisTarget(String name, HostPort endpoint, RedisSettings settings, String runId, Duration runLength, Duration timeout) {
    this.name = name;
    this.endpoint = endpoint;
    this.settings = settings;
    this.keyPrefix = "tap:loadtest:" + runId + ":";
    this.expirySeconds = Math.max(3600, runLength.toSeconds() + 600);
    this.timeout = timeout;
    this.resources = ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    StringBuilder b = new StringBuilder(settings.valueMaxBytes());
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int i = 0; i < settings.valueMaxBytes(); i++) b.append((char) ('a' + rnd.nextInt(26)));
    this.values = b.toString();
  }

  @Override public String name() { return name; }
  @Override public String kind() { return "redis"; }
  @Override public String endpoint() { return (settings.tls() ? "rediss://" : "redis://") + endpoint; }

  @Override
  public String workload() {
    return String.format(Locale.ROOT, "%.0f%% GET / %.0f%% SET over %d keys (%s), values %d-%d bytes, %s%s",
        settings.getRatio() * 100, (1 - settings.getRatio()) * 100, settings.keys(), settings.keyDistribution().name().toLowerCase(Locale.ROOT),
        settings.valueMinBytes(), settings.valueMaxBytes(), settings.tls() ? "TLS" : "no TLS", settings.password() != null ? ", AUTH" : "");
  }

  /** Whether the server turned out to be a cluster (known after {@link #prepare}). */
  boolean cluster() {
    return cluster;
  }

  @Override
  public void prepare() {
    try {
      connect();
    } catch (UserError first) {
      // A server may drop the socket while the handshake (HELLO/AUTH) is still being answered, and the
      // client then reports "Connection closed prematurely" instead of the server's reply: try once more
      // so a wrong password is named as such, not as an unreachable host.
      if (first.getCause() == null || !String.valueOf(Failures.rootMessage(first.getCause())).contains("closed prematurely")) throw first;
      connect();
    }
  }

  private void connect() {
    RedisURI uri = uri();
    try {
      cluster = switch (settings.mode()) {
        case CLUSTER -> true;
        case STANDALONE -> false;
        case AUTO -> askClusterEnabled(uri);
      };
      if (cluster) {
        RedisClusterClient c = RedisClusterClient.create(resources, uri);
        // Node connections open lazily, and with REJECT_COMMANDS a command for a node whose connection is
        // still opening is rejected; so cluster commands wait for the connection, bounded by the timeout.
        c.setOptions(ClusterClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .sslOptions(sslOptions())
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().enablePeriodicRefresh(Duration.ofSeconds(30)).build())
            .build());
        client = c::shutdown;
        StatefulRedisClusterConnection<String, String> conn = c.connect();
        connection = conn;
        commands = conn.sync();
      } else {
        RedisClient c = RedisClient.create(resources, uri);
        c.setOptions(clientOptions());
        client = c::shutdown;
        StatefulRedisConnection<String, String> conn = c.connect();
        connection = conn;
        commands = conn.sync();
      }
      execute();
    } catch (RedisException e) {
      close();
      throw setupError(e);
    }
  }

  private boolean askClusterEnabled(RedisURI uri) {
    RedisClient probe = RedisClient.create(resources, uri);
    probe.setOptions(clientOptions());
    try (StatefulRedisConnection<String, String> c = probe.connect()) {
      return c.sync().info("cluster").contains("cluster_enabled:1");
    } finally {
      probe.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  @Override
  public void execute() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    String key = keyPrefix + key(rnd);
    if (rnd.nextDouble() < settings.getRatio()) {
      commands.get(key);
    } else {
      int size = settings.valueMinBytes() + rnd.nextInt(settings.valueMaxBytes() - settings.valueMinBytes() + 1);
      int from = rnd.nextInt(values.length() - size + 1);
      commands.set(key, values.substring(from, from + size), SetArgs.Builder.ex(expirySeconds));
    }
  }

  private int key(ThreadLocalRandom rnd) {
    int n = settings.keys();
    if (settings.keyDistribution() == RedisSettings.KeyDistribution.UNIFORM || n < 5) return rnd.nextInt(n);
    int hot = Math.max(1, n / 5);
    return rnd.nextInt(10) < 8 ? rnd.nextInt(hot) : hot + rnd.nextInt(n - hot);
  }

  @Override
  public String classify(Throwable failure) {
    if (failure instanceof RedisCommandTimeoutException) return Failures.TIMEOUT;
    if (failure instanceof RedisCommandExecutionException e) {
      String m = e.getMessage() == null ? "" : e.getMessage().trim();
      String word = m.isEmpty() ? "error" : m.split("\\s+")[0].toLowerCase(Locale.ROOT);
      return "redis-" + word; // e.g. redis-noauth, redis-clusterdown, redis-oom
    }
    String net = Failures.networkKind(failure);
    if (net != null) return net;
    if (failure instanceof RedisConnectionException) return Failures.CONNECTION;
    if (failure instanceof RedisException e && e.getMessage() != null
        && (e.getMessage().contains("not connected") || e.getMessage().contains("Connection closed") || e.getMessage().contains("Connection reset"))) {
      return Failures.CONNECTION;
    }
    return Failures.byClass(failure);
  }

  private UserError setupError(RedisException e) {
    String where = "Redis target " + name + " at " + endpoint();
    String root = Failures.rootMessage(e);
    String all = describe(e);
    if (all.contains("NOAUTH") || all.contains("WRONGPASS") || all.contains("invalid password") || all.contains("invalid username-password")) {
      return new UserError(ExitCode.BAD_INPUT, where + ": authentication failed (" + root + "). Check the AUTH token ("
          + (settings.password() == null ? "none was given: pass --redis-password or the RedisAuthSecretArn output" : "from " + settings.passwordSource()) + ").", e);
    }
    if (isTlsFailure(e, all)) {
      return new UserError(ExitCode.BAD_INPUT, where + ": the TLS handshake failed (" + root + "). Check --redis-tls (on for ElastiCache with in-transit encryption) and --redis-ca for a private CA.", e);
    }
    return new UserError(ExitCode.BAD_INPUT, where + ": cannot connect (" + root + "). Check the host and port (RedisConfigurationEndpoint/RedisPort or --redis-endpoint), "
        + "that it is reachable from here (security groups, VPN), and --redis-tls.", e);
  }

  private static boolean isTlsFailure(Throwable t, String messages) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.GeneralSecurityException) return true;
      if (c.getCause() == c) break;
    }
    String m = messages.toLowerCase(Locale.ROOT);
    return m.contains("ssl") || m.contains("certificat") || m.contains("handshake") || m.contains("pkix");
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null && b.length() < 4000; c = c.getCause()) b.append(c.getMessage()).append(" | ");
    return b.toString();
  }

  private RedisURI uri() {
    RedisURI.Builder b = RedisURI.Builder.redis(endpoint.host(), endpoint.port()).withSsl(settings.tls()).withTimeout(timeout);
    if (settings.tls()) b.withVerifyPeer(true);
    if (settings.password() != null) b.withPassword(settings.password().toCharArray());
    return b.build();
  }

  private ClientOptions clientOptions() {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .sslOptions(sslOptions())
        .build();
  }

  private SslOptions sslOptions() {
    SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
    if (settings.caFile() != null) b.trustManager(settings.caFile().toFile());
    return b.build();
  }

  @Override
  public void close() {
    StatefulConnection<String, String> c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // closing a connection to a lost server
      }
    }
    AutoCloseable cl = client;
    client = null;
    if (cl != null) {
      try {
        cl.close();
      } catch (Exception ignored) {
        // shutting down a client whose server is gone
      }
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
