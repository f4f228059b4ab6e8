package dev.tap.optimizer.cli;

import dev.tap.optimizer.loadtest.TargetSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that choose targets and shape each workload; a picocli mixin of {@link LoadTestCommand}. */
public final class TargetOptions {

  @Option(names = "--targets", split = ",", paramLabel = "KIND",
      description = "Only these kinds: postgres, redis, lambda, http (default: every kind the outputs or flags name).")
  List<String> kinds = new ArrayList<>();

  @Option(names = "--stack", paramLabel = "NAME", description = "Only the outputs of this stack (cdk outputs files with several stacks).")
  String stack;

  // PostgreSQL / Aurora
  @Option(names = "--db-endpoint", paramLabel = "HOST[:PORT]", description = "A PostgreSQL endpoint instead of (or without) the outputs.")
  String dbEndpoint;

  @Option(names = "--db-user", paramLabel = "USER",
      description = "Database user; with it the password comes from PGPASSWORD (or --db-password) instead of the secret (default: PGUSER, then the secret in AuroraSecretArn/RdsSecretArn).")
  String dbUser;

  @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password (prefer PGPASSWORD: a flag shows in the process list).")
  String dbPassword;

  @Option(names = "--db-name", paramLabel = "NAME", description = "Database (default: the secret's dbname, then PGDATABASE, then postgres).")
  String dbName;

  @Option(names = "--db-sslmode", paramLabel = "MODE", defaultValue = "prefer",
      description = "JDBC sslmode: disable, prefer, require, verify-full (default: ${DEFAULT-VALUE}).")
  String dbSslMode;

  @Option(names = "--db-read-ratio", paramLabel = "R", defaultValue = "0.8", description = "Share of reads on writer endpoints, 0..1 (default: ${DEFAULT-VALUE}); reader endpoints only read.")
  double dbReadRatio;

  @Option(names = "--db-rows", paramLabel = "N", defaultValue = "10000", description = "Rows seeded into the scratch table (default: ${DEFAULT-VALUE}).")
  int dbRows;

  // Redis
  @Option(names = "--redis-endpoint", paramLabel = "HOST[:PORT]", description = "A Redis endpoint instead of (or without) the outputs.")
  String redisEndpoint;

  @Option(names = "--redis-tls", paramLabel = "auto|on|off", defaultValue = "auto",
      description = "TLS to Redis; auto = on, except for a loopback host (the blueprints always enable in-transit encryption) (default: ${DEFAULT-VALUE}).")
  String redisTls;

  @Option(names = "--redis-ca", paramLabel = "PEM", description = "Trust this CA certificate for Redis TLS (default: the JVM's trust store, which trusts ElastiCache).")
  Path redisCa;

  @Option(names = "--redis-password", paramLabel = "TOKEN",
      description = "Redis AUTH token (default: REDISCLI_AUTH, then the secret in RedisAuthSecretArn, then none).")
  String redisPassword;

  @Option(names = "--redis-mode", paramLabel = "auto|cluster|standalone", defaultValue = "auto",
      description = "auto asks the server (INFO cluster) (default: ${DEFAULT-VALUE}).")
  String redisMode;

  @Option(names = "--redis-get-ratio", paramLabel = "R", defaultValue = "0.8", description = "Share of GETs in the GET/SET mix, 0..1 (default: ${DEFAULT-VALUE}).")
  double redisGetRatio;

  @Option(names = "--redis-keys", paramLabel = "N", defaultValue = "100000", description = "Size of the key space (default: ${DEFAULT-VALUE}).")
  int redisKeys;

  @Option(names = "--redis-key-distribution", paramLabel = "uniform|hotspot", defaultValue = "hotspot",
      description = "hotspot: 80%% of operations on 20%% of the keys (default: ${DEFAULT-VALUE}).")
  String redisKeyDistribution;

  @Option(names = "--redis-value-bytes", paramLabel = "MIN-MAX", defaultValue = "100-2000",
      description = "SET value sizes, uniformly between MIN and MAX bytes (default: ${DEFAULT-VALUE}).")
  String redisValueBytes;

  // Lambda
  @Option(names = "--lambda-function", paramLabel = "NAME", description = "A function to invoke (repeatable), instead of or besides LambdaFunctionNames.")
  List<String> lambdaFunctions = new ArrayList<>();

  @Option(names = "--lambda-payload", paramLabel = "JSON", defaultValue = "{}", description = "Invocation payload (default: ${DEFAULT-VALUE}).")
  String lambdaPayload;

  // HTTP
  @Option(names = "--http-url", paramLabel = "URL", description = "A URL to GET (repeatable), instead of or besides the load balancers in the outputs.")
  List<URI> httpUrls = new ArrayList<>();

  @Option(names = "--http-path", paramLabel = "PATH", description = "Paths to GET on AlbDnsName/NlbDnsName (repeatable; default: /).")
  List<String> httpPaths = new ArrayList<>();

  @Option(names = "--http-scheme", paramLabel = "http|https", defaultValue = "http", description = "Scheme for AlbDnsName/NlbDnsName (default: ${DEFAULT-VALUE}).")
  String httpScheme;

  TargetSettings settings() {
    return new TargetSettings(kinds, stack, dbEndpoint, dbUser, dbPassword, dbName, dbSslMode, dbReadRatio, dbRows, redisEndpoint, redisTls,
        redisCa, redisPassword, redisMode, redisGetRatio, redisKeys, redisKeyDistribution, redisValueBytes, lambdaFunctions, lambdaPayload,
        httpUrls, httpPaths, httpScheme);
  }
}
