package dev.tap.optimizer.aws;

import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.inventory.Inventory;
import dev.tap.optimizer.inventory.OutputsFile;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import java.util.HashMap;
/**
 * The inventory of a real account (SPEC O1): the resources named by a deployment-outputs file, by a
 * list of ARNs, or by the tags {@code Platform=TAP} and {@code Environment=<suffix>}, each described
 * with the AWS SDK in its own region. What cannot be inventoried without guessing is listed in
 * {@link Snapshot#problems()}; AWS errors (denied, no credentials, unreachable) stop with a
 * {@link dev.tap.optimizer.error.UserError}.
 */
public final class AwsInventory implements Inventory {

  private final AwsClients aws;
  private final Clock clock;
  private final String source;
  private final String blueprint;
  private final Function<List<String>, List<Target>> targets;
  private final Map<Family, FamilyReader> readers = new HashMap<>();

  private AwsInventory(AwsClients aws, Clock clock, String source, String blueprint, Function<List<String>, List<Target>> targets) {
    this.aws = aws;
    this.clock = clock;
    this.source = source;
    this.blueprint = blueprint;
    this.targets = targets;
    readers.put(AuroraFamily.AURORA, new AuroraReader(aws));
    readers.put(RdsFamily.RDS, new RdsReader(aws));
    readers.put(AsgFamily.ASG, new AsgReader(aws));
    readers.put(RedisFamily.REDIS, new RedisReader(aws));
    readers.put(DynamoDbFamily.DYNAMODB, new DynamoDbReader(aws));
    readers.put(DaxFamily.DAX, new DaxReader(aws));
    readers.put(LambdaFamily.LAMBDA, new LambdaReader(aws));
    LoadBalancerReader lb = new LoadBalancerReader(aws);
    readers.put(LoadBalancerFamily.ALB, lb);
    readers.put(LoadBalancerFamily.NLB, lb);
  }

  /** The resources named by a deployment-outputs file (keys in docs/outputs.md). */
  public static AwsInventory fromOutputs(AwsClients aws, OutputsFile outputs, Clock clock) {
    LinkedHashSet<String> blueprints = new LinkedHashSet<>(outputs.all("Blueprint"));
    return new AwsInventory(aws, clock, "outputs " + outputs.path() + " (" + outputs.format() + ")",
        blueprints.isEmpty() ? null : String.join(",", blueprints), problems -> OutputsTargets.of(outputs, problems));
  }

  /** The resources named by ARN ({@code --resource ARN}, repeatable); other ARNs are reported. */
  public static AwsInventory fromArns(AwsClients aws, List<String> arns, Clock clock) {
    return new AwsInventory(aws, clock, "resources " + String.join(" ", arns), null, problems -> {
      List<Target> list = new ArrayList<>();
      for (String arn : arns) {
        ArnTargets.of(arn, "--resource " + arn, false).ifPresentOrElse(list::add, () -> problems.add("--resource " + arn + " is not the ARN of an Aurora cluster, "
            + "RDS instance, Auto Scaling group, ElastiCache replication group, DynamoDB table, DAX cluster, Lambda function or ALB/NLB: ignored"));
      }
      return list;
    });
  }

  /**
   * The resources tagged {@code Platform=TAP} and {@code Environment=<suffix>} in the given regions
   * (empty: {@code --region} or the SDK's region), found with the Resource Groups Tagging API and,
   * for Auto Scaling groups, which that API does not list, with DescribeAutoScalingGroups.
   */
  public static AwsInventory fromTags(AwsClients aws, String environmentSuffix, List<String> regions, Clock clock) {
    return new AwsInventory(aws, clock, "tags Platform=TAP Environment=" + environmentSuffix, null, problems -> {
      List<Target> list = new ArrayList<>();
      List<String> rs = regions.isEmpty() ? List.of(aws.defaultRegion()) : regions;
      for (String given : rs) {
        String region = aws.region(given);
        String origin = "tags Platform=TAP,Environment=" + environmentSuffix + " in " + region;
        List<String> arns = aws.call("tag:GetResources", region, () -> aws.tagging(region).getResourcesPaginator(r -> r
            .tagFilters(TagFilter.builder().key("Platform").values("TAP").build(), TagFilter.builder().key("Environment").values(environmentSuffix).build())
            .resourceTypeFilters("rds:cluster", "rds:db", "elasticache:replicationgroup", "dynamodb:table", "dax:cache", "lambda:function",
                "elasticloadbalancing:loadbalancer"))
            .resourceTagMappingList().stream().map(m -> m.resourceARN()).toList());
        for (String arn : arns) ArnTargets.of(arn, origin, true).ifPresent(list::add);
        aws.call("autoscaling:DescribeAutoScalingGroups", region, () -> aws.autoScaling(region).describeAutoScalingGroupsPaginator(r -> r.filters(
                Filter.builder().name("tag:Platform").values("TAP").build(), Filter.builder().name("tag:Environment").values(environmentSuffix).build()))
            .autoScalingGroups().stream().map(g -> g.autoScalingGroupName()).toList())
            .forEach(name -> list.add(new Target(AsgFamily.ASG, name, region, origin, Map.of(), true)));
      }
      return list;
    });
  }

  @Override
  public Snapshot snapshot() {
    List<String> problems = new ArrayList<>();
    List<Target> list = targets.apply(problems);
    // who we are before any describe call, so that a credentials problem stops the run at once
    String account = aws.callerIdentity(list.isEmpty() ? null : list.get(0).region()).account();
    Map<String, Resource> resources = new LinkedHashMap<>();
    for (Target t : list) {
      String region = aws.region(t.region());
      int known = problems.size();
      Optional<Resource> r = readers.get(t.family()).read(t, region, problems);
      if (r.isPresent()) {
        resources.putIfAbsent(r.get().family() + "/" + r.get().region() + "/" + r.get().id(), r.get());
      } else if (problems.size() == known && !t.discovered()) {
        problems.add(t.family().label() + " " + t.id() + " named by " + t.origin() + " was not found in " + region + " (account " + account
            + "): not inventoried. Check that the outputs belong to this account and region.");
      }
    }
    return new Snapshot(source, account, blueprint, clock.instant(), List.copyOf(resources.values()), problems);
  }
}
