package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.rds.RdsActions;
import dev.tap.optimizer.family.rds.RdsApi;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.model.Resource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.SwitchoverDetail;

/**
 * An RDS instance's class, directly or through an RDS Blue/Green Deployment: a green copy at the
 * new class, a switchover bounded by a timeout (RDS keeps blue serving when it cannot finish), and
 * the old blue instance, renamed {@code <id>-old1} by RDS, kept until {@link #deleteBlueGreen}.
 */
public final class AwsRdsApi implements RdsApi {

  /** Creating the green instance copies the database from a snapshot: tens of minutes, more for large ones. */
  static final Duration CREATE_TIMEOUT = Duration.ofHours(3);
  /** Beyond the switchover timeout RDS itself needs to roll back a switchover that timed out. */
  static final Duration SWITCHOVER_MARGIN = Duration.ofMinutes(15);
  private static final Pattern OLD_SUFFIX = Pattern.compile(".*-old\\d+$");

  private final AwsClients aws;
  private final AwsPolling polling;
  private final RdsReader reader;

  public AwsRdsApi(AwsClients aws, AwsPolling polling) {
    this.aws = aws;
    this.polling = polling;
    this.reader = new RdsReader(aws, true);
  }

  /**
   * The instance as the inventory reads it (class, replicas, maintenance window, pending changes)
   * plus {@link RdsActions#BLUE_GREEN_DEPLOYMENTS}: the switched-over deployments that still keep an
   * old source of this instance. Only the executor asks for those (rds:DescribeBlueGreenDeployments);
   * {@code tap analyze} reads through the inventory and does not need that permission.
   */
  @Override
  public Resource describeInstance(String instanceId, String region) {
    Resource r = AwsActionCalls.describe(reader, RdsFamily.RDS, instanceId, region);
    if (r.arn() == null) throw new ActionFailedException("RDS did not report the ARN of " + instanceId + "; its blue/green deployments cannot be looked up");
    Map<String, String> config = new LinkedHashMap<>(r.config());
    config.put(RdsActions.BLUE_GREEN_DEPLOYMENTS, String.join(",", switchedOverTo(r.arn(), region)));
    return r.withConfig(config);
  }

  /**
   * The SWITCHOVER_COMPLETED deployments whose target is this instance. After a switchover RDS
   * reports the renamed databases: the target is the live instance under its own name (ARN) and
   * the source the old one, {@code <id>-old1}. The filter is by target ARN; the result is checked
   * again, as an endpoint that ignores filters would otherwise report every deployment.
   */
  private List<String> switchedOverTo(String instanceArn, String region) {
    return act(aws, "rds:DescribeBlueGreenDeployments", region, () -> aws.rds(region).describeBlueGreenDeploymentsPaginator(r -> r
        .filters(Filter.builder().name("target").values(instanceArn).build())).blueGreenDeployments().stream().toList()).stream()
        .filter(d -> "SWITCHOVER_COMPLETED".equals(d.status()) && instanceArn.equals(d.target()))
        .map(BlueGreenDeployment::blueGreenDeploymentIdentifier).sorted().toList();
  }

  @Override
  public void modifyInstanceClass(String instanceId, String region, String instanceClass, boolean applyImmediately) {
    run(aws, "rds:ModifyDBInstance", region, () -> aws.rds(region).modifyDBInstance(r -> r.dbInstanceIdentifier(instanceId)
        .dbInstanceClass(instanceClass).applyImmediately(applyImmediately)));
  }

  /**
   * Before creating a deployment, the instance's existing ones are settled: one TAP created that is
   * still under way (a run resumed after a crash) is carried on rather than duplicated; a finished
   * one (the forward switch, when this is its rollback) is deleted, keeping its instances, because
   * RDS allows one deployment per database; any other stops the action.
   */
  @Override
  public String blueGreenSwitch(String instanceId, String region, String instanceClass, Duration switchoverTimeout) {
    String source = instance(instanceId, region).orElseThrow(() -> new ActionFailedException("RDS instance " + instanceId + " was not found in " + region))
        .dbInstanceArn();
    BlueGreenDeployment resumed = null;
    for (BlueGreenDeployment d : deploymentsOf(instanceId, region)) {
      String status = d.status();
      boolean tap = d.blueGreenDeploymentName() != null && d.blueGreenDeploymentName().startsWith(namePrefix(instanceId));
      if ("SWITCHOVER_COMPLETED".equals(status)) {
        deleteBlueGreen(d.blueGreenDeploymentIdentifier(), region, false);
      } else if (tap && IN_PROGRESS.contains(status)) {
        resumed = d;
      } else {
        throw new ActionFailedException("RDS instance " + instanceId + " is part of blue/green deployment " + d.blueGreenDeploymentIdentifier()
            + " (" + d.blueGreenDeploymentName() + ", " + status + ")" + (tap ? "" : " that TAP did not create")
            + "; RDS allows one deployment per database: finish or delete it first");
      }
    }
    String id;
    if (resumed == null) {
      // Names are unique per account and region; the clock keeps a re-run after a failure from colliding.
      String name = deploymentName(instanceId, polling.clock().instant().getEpochSecond());
      id = act(aws, "rds:CreateBlueGreenDeployment", region, () -> aws.rds(region).createBlueGreenDeployment(r -> r
          .blueGreenDeploymentName(name).source(source).targetDBInstanceClass(instanceClass)).blueGreenDeployment().blueGreenDeploymentIdentifier());
    } else {
      id = resumed.blueGreenDeploymentIdentifier();
    }
    if (resumed == null || !"SWITCHOVER_IN_PROGRESS".equals(resumed.status())) {
      await(id, region, "AVAILABLE", CREATE_TIMEOUT);
      run(aws, "rds:SwitchoverBlueGreenDeployment", region, () -> aws.rds(region).switchoverBlueGreenDeployment(r -> r
          .blueGreenDeploymentIdentifier(id).switchoverTimeout((int) Math.max(30, switchoverTimeout.toSeconds()))));
    }
    await(id, region, "SWITCHOVER_COMPLETED", switchoverTimeout.plus(SWITCHOVER_MARGIN));
    return id;
  }

  private static final java.util.Set<String> IN_PROGRESS = java.util.Set.of("PROVISIONING", "AVAILABLE", "SWITCHOVER_IN_PROGRESS");

  static String namePrefix(String instanceId) {
    String n = deploymentName(instanceId, 1_000_000_000L);
    return n.substring(0, n.length() - 10);
  }

  /** The account's deployments whose source or target is this instance, under its name or its {@code -oldN} name. */
  private List<BlueGreenDeployment> deploymentsOf(String instanceId, String region) {
    Pattern mine = Pattern.compile(Pattern.quote(instanceId) + "(-old\\d+)?");
    return act(aws, "rds:DescribeBlueGreenDeployments", region, () -> aws.rds(region).describeBlueGreenDeploymentsPaginator(r -> { })
        .blueGreenDeployments().stream().toList()).stream()
        .filter(d -> java.util.stream.Stream.of(d.source(), d.target()).anyMatch(arn -> arn != null && mine.matcher(arn.substring(arn.lastIndexOf(':') + 1)).matches()))
        .toList();
  }

  static String deploymentName(String instanceId, long epochSecond) {
    String suffix = "-tap-" + epochSecond;
    String base = instanceId.length() + suffix.length() > 60 ? instanceId.substring(0, 60 - suffix.length()) : instanceId;
    return base + suffix;
  }

  /**
   * Deletes the deployment (never its target: after a switchover that is the instance serving
   * traffic), then, when asked, the old blue instance that the switchover renamed.
   */
  @Override
  public void deleteBlueGreen(String deploymentId, String region, boolean deleteOldSource) {
    BlueGreenDeployment d = deployment(deploymentId, region);
    String old = deleteOldSource ? oldSource(d, region) : null;
    run(aws, "rds:DeleteBlueGreenDeployment", region, () -> aws.rds(region).deleteBlueGreenDeployment(r -> r
        .blueGreenDeploymentIdentifier(deploymentId)));
    if (old != null) {
      // The old instance holds the data as of the switchover only; the live data is on the new one.
      run(aws, "rds:DeleteDBInstance", region, () -> aws.rds(region).deleteDBInstance(r -> r.dbInstanceIdentifier(old).skipFinalSnapshot(true)));
    }
  }

  /** The renamed blue instance: the switchover's source member, with the {@code -oldN} suffix RDS gives it. */
  private String oldSource(BlueGreenDeployment d, String region) {
    if (!"SWITCHOVER_COMPLETED".equals(d.status())) {
      throw new ActionFailedException("blue/green deployment " + d.blueGreenDeploymentIdentifier() + " is " + d.status()
          + ", not SWITCHOVER_COMPLETED: its source is still the live instance and is not deleted");
    }
    for (SwitchoverDetail s : d.switchoverDetails()) {
      if (s.sourceMember() == null || !s.sourceMember().contains(":db:")) continue;
      String name = s.sourceMember().substring(s.sourceMember().lastIndexOf(':') + 1);
      for (String candidate : OLD_SUFFIX.matcher(name).matches() ? List.of(name) : List.of(name + "-old1")) {
        if (instance(candidate, region).isPresent()) return candidate;
      }
    }
    throw new ActionFailedException("the old source instance of blue/green deployment " + d.blueGreenDeploymentIdentifier()
        + " was not found (looked for the switchover's source member with its -old1 suffix); nothing deleted");
  }

  private void await(String id, String region, String wanted, Duration timeout) {
    polling.until("blue/green deployment " + id + " to be " + wanted, timeout, () -> {
      BlueGreenDeployment d = deployment(id, region);
      String status = d.status();
      if (wanted.equals(status)) return AwsPolling.Look.settled();
      if ("SWITCHOVER_FAILED".equals(status) || "INVALID_CONFIGURATION".equals(status)) {
        throw new ActionFailedException("blue/green deployment " + id + " is " + status
            + (d.statusDetails() == null ? "" : " (" + d.statusDetails() + ")")
            + "; the blue instance keeps serving; delete the deployment with 'aws rds delete-blue-green-deployment --blue-green-deployment-identifier "
            + id + " --delete-target' once inspected");
      }
      return AwsPolling.Look.waiting(status);
    });
  }

  private BlueGreenDeployment deployment(String id, String region) {
    List<BlueGreenDeployment> found = act(aws, "rds:DescribeBlueGreenDeployments", region, () -> aws.rds(region)
        .describeBlueGreenDeployments(r -> r.blueGreenDeploymentIdentifier(id)).blueGreenDeployments());
    if (found.isEmpty()) throw new ActionFailedException("blue/green deployment " + id + " was not found in " + region);
    return found.get(0);
  }

  private Optional<DBInstance> instance(String id, String region) {
    try {
      return aws.callIfFound("rds:DescribeDBInstances", region, () -> aws.rds(region).describeDBInstances(r -> r.dbInstanceIdentifier(id)).dbInstances())
          .flatMap(l -> l.stream().findFirst());
    } catch (dev.tap.optimizer.error.UserError e) {
      throw new ActionFailedException(e.getMessage(), e.getMessage().contains("denied") ? "rds:DescribeDBInstances" : null, e);
    }
  }
}
