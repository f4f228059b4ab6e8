package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.ExecutionTarget;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.metrics.MetricDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A real AWS account as an execution target: the AWS action adapters, CloudWatch for the guard,
 * the system clock, and waiting by sleeping (the foreground apply; {@code --detach} and cron's
 * {@code tap resume} never wait).
 */
public final class AwsTarget implements ExecutionTarget {

  private final AwsClients clients;
  private final String region;
  private final ActionRegistry registry;
  private final Clock clock;
  private final java.util.Map<String, AwsCloudWatch> cloudWatch = new java.util.concurrent.ConcurrentHashMap<>();

  private AwsTarget(AwsClients clients, String region, Clock clock) {
    this.clients = clients;
    this.region = region;
    this.clock = clock;
    this.registry = AwsActionAdapters.registry(clients);
  }

  /** {@code region} is where the run's resources are (the guard reads SLO metrics there). */
  public static AwsTarget open(AwsOptions options, String region) {
    return new AwsTarget(AwsClients.create(options), region, Clock.systemUTC());
  }

  static AwsTarget of(AwsClients clients, String region, Clock clock) {
    return new AwsTarget(clients, region, clock);
  }

  @Override
  public String kind() {
    return RunSettings.AWS;
  }

  @Override
  public String accountId() {
    return clients.callerIdentity(region).account();
  }

  @Override
  public ActionRegistry registry() {
    return registry;
  }

  @Override
  public MetricDataSource metrics() {
    return metrics(clients.region(region));
  }

  /** CloudWatch of {@code resourceRegion} (a health signal of a resource there is served only there), one client per region. */
  @Override
  public MetricDataSource metrics(String resourceRegion) {
    return cloudWatch.computeIfAbsent(clients.region(resourceRegion), r -> new AwsCloudWatch(clients, r));
  }

  @Override
  public dev.tap.optimizer.exec.AccountLock accountLock() {
    return new AwsAccountLock(clients, accountId());
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void waitUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(clock.instant(), t).toMillis();
    if (ms > 0) Thread.sleep(ms);
  }

  @Override
  public boolean virtualTime() {
    return false;
  }

  @Override
  public void close() {
    clients.close();
  }
}
