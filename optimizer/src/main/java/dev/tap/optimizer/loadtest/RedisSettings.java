package dev.tap.optimizer.loadtest;

import java.nio.file.Path;

/**
 * How to reach Redis and what to send: TLS (with an optional CA file for private certificates),
 * the AUTH password (null for none), cluster mode ({@code auto} asks the server), the GET share
 * of the GET/SET mix, the key space and its distribution, and the value sizes.
 */
public record RedisSettings(
    boolean tls,
    Path caFile,
    String password,
    String passwordSource,
    Mode mode,
    double getRatio,
    int keys,
    KeyDistribution keyDistribution,
    int valueMinBytes,
    int valueMaxBytes) {

  public enum Mode { AUTO, CLUSTER, STANDALONE }

  /** {@code uniform}: every key alike; {@code hotspot}: 80 % of operations on 20 % of the keys. */
  public enum KeyDistribution { UNIFORM, HOTSPOT }

  @Override
  public String toString() {
    return "RedisSettings[tls=" + tls + ", mode=" + mode + ", auth=" + (password != null) + "]";
  }
}
