package dev.tap.optimizer.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What chooses the targets and shapes each workload, as the user gave it ({@code tap loadtest}'s
 * target options); {@link TargetFactory} validates it while building the targets.
 */
public record TargetSettings(
    List<String> kinds,
    String stack,
    String dbEndpoint,
    String dbUser,
    String dbPassword,
    String dbName,
    String dbSslMode,
    double dbReadRatio,
    int dbRows,
    String redisEndpoint,
    String redisTls,
    Path redisCa,
    String redisPassword,
    String redisMode,
    double redisGetRatio,
    int redisKeys,
    String redisKeyDistribution,
    String redisValueBytes,
    List<String> lambdaFunctions,
    String lambdaPayload,
    List<URI> httpUrls,
    List<String> httpPaths,
    String httpScheme) {

  public TargetSettings {
    kinds = List.copyOf(kinds);
    lambdaFunctions = List.copyOf(lambdaFunctions);
    httpUrls = List.copyOf(httpUrls);
    httpPaths = List.copyOf(httpPaths);
  }
}
