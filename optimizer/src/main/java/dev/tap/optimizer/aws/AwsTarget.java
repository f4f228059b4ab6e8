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
    return new AwsCloudWatch(clients, clients.region(region));
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
