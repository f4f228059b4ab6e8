package dev.tap.optimizer.aws;


import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.inventory.Discovery;
import dev.tap.optimizer.inventory.DiscoveryFilter;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * {@code --discover} on a real account: every resource of every family TAP knows, in the account's
 * enabled regions ({@code ec2:DescribeRegions}) or {@code --regions}, listed with each service's
 * own paginated list/describe calls and read by the same per-family readers the outputs inventory
 * uses. With {@code --tag}, the Resource Groups Tagging API (GetResources with TagFilters) names
 * the tagged ARNs first, and the families it answers for (Aurora, RDS, Lambda, load balancers,
 * ElastiCache, DAX, DynamoDB: {@link TaggingPreFilter}) describe only those; every resource's own
 * tags are checked again, which also covers the services that API does not answer for (Auto
 * Scaling groups). A region or service that refuses is named in the problems and skipped.
 */
public final class AwsDiscovery {

  /** What listing found before describing: a family's identifier as its reader takes it, and the ARNs the Tagging API may name it by. */
  private record Candidate(Family family, String id, List<String> arns) {
    Candidate(Family family, String id, String arn) {
      this(family, id, arn == null ? List.of() : List.of(arn));
    }
  }

  private final AwsClients aws;
  private final Clock clock;
  private final Consumer<String> progress;
  private final Map<Family, FamilyReader> readers;

  public AwsDiscovery(AwsClients aws, Clock clock, Consumer<String> progress) {
    this.aws = aws;
    this.clock = clock;
    this.progress = progress;
    this.readers = FamilyReader.all(aws);
  }

  /** Everything found, filtered: {@code supported} are the families the registry knows (the others are "seen but not supported"). */
  public Discovery discover(DiscoveryFilter filter, Set<Family> supported) {
    CallerIdentity caller = aws.callerIdentity(filter.regions().isEmpty() ? null : filter.regions().get(0));
    String account = caller.account();
    String partition = TaggingPreFilter.partition(caller.arn());
    List<String> regions = filter.regions().isEmpty() ? enabledRegions() : filter.regions();
    List<Resource> seen = new ArrayList<>();
    Map<String, Integer> unsupported = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String region : regions) {
      Optional<Set<String>> tagged = filter.tags().isEmpty() ? Optional.empty() : taggedArns(region, filter, problems);
      int before = seen.size();
      List<Candidate> candidates = new ArrayList<>();
      service("Aurora/RDS", region, problems, () -> rds(region, candidates, unsupported));
      service("Auto Scaling", region, problems, () -> list("autoscaling:DescribeAutoScalingGroups", region, () -> aws.autoScaling(region)
          .describeAutoScalingGroupsPaginator(r -> {}).autoScalingGroups().stream()
          .map(g -> new Candidate(AsgFamily.ASG, g.autoScalingGroupName(), g.autoScalingGroupARN())).toList(), candidates));
      service("ElastiCache", region, problems, () -> list("elasticache:DescribeReplicationGroups", region, () -> aws.elastiCache(region)
          .describeReplicationGroupsPaginator(r -> {}).replicationGroups().stream()
          .map(g -> new Candidate(RedisFamily.REDIS, g.replicationGroupId(), TaggingPreFilter.replicationGroupArns(g.arn(), g.memberClusters())))
          .toList(), candidates));
      service("DynamoDB", region, problems, () -> list("dynamodb:ListTables", region, () -> aws.dynamoDb(region)
          .listTablesPaginator(r -> {}).tableNames().stream()
          .map(t -> new Candidate(DynamoDbFamily.DYNAMODB, t, TaggingPreFilter.tableArn(partition, region, account, t))).toList(), candidates));
      service("DAX", region, problems, () -> list("dax:DescribeClusters", region, () -> daxClusters(region), candidates));
      service("Lambda", region, problems, () -> list("lambda:ListFunctions", region, () -> aws.lambda(region)
          .listFunctionsPaginator(r -> {}).functions().stream().map(f -> new Candidate(LambdaFamily.LAMBDA, f.functionName(), f.functionArn())).toList(),
          candidates));
      service("Elastic Load Balancing", region, problems, () -> loadBalancers(region, candidates, unsupported));
      service("SageMaker", region, problems, () -> {
        int n = aws.call("sagemaker:ListEndpoints", region, () -> aws.sageMaker(region).listEndpointsPaginator(r -> {}).endpoints().stream().toList()).size();
        if (n > 0) unsupported.merge("SageMaker endpoint (analysed by 'tap ml') in " + region, n, Integer::sum);
      });
      int untagged = 0;
      for (Candidate c : candidates) {
        if (!TaggingPreFilter.describe(c.family(), c.arns(), tagged.orElse(null))) {
          untagged++;
          continue;
        }
        service(c.family().label() + " " + c.id(), region, problems, () -> readers.get(c.family())
            .read(new Target(c.family(), c.id(), region, "discovery in " + region, Map.of(), true), region, problems).ifPresent(seen::add));
      }
      service("EC2 instances", region, problems, () -> seen.addAll(instances(region, account)));
      service("EBS volumes", region, problems, () -> seen.addAll(volumes(region, account)));
      progress.accept("discovered " + region + ": " + (seen.size() - before) + " resources" + counts(seen.subList(before, seen.size()))
          + (untagged == 0 ? "" : "; " + untagged + " without the --tag tags left out before describing (Resource Groups Tagging API)"));
    }
    String source = "discovery of " + (filter.regions().isEmpty() ? "the account's " + regions.size() + " enabled regions" : String.join(",", regions));
    return Discovery.select(source, account, clock.instant(), seen, filter, supported, unsupported, problems);
  }

  private static String counts(List<Resource> found) {
    Map<String, Integer> byFamily = new TreeMap<>();
    found.forEach(r -> byFamily.merge(r.family().label(), 1, Integer::sum));
    return byFamily.isEmpty() ? "" : " (" + String.join(", ", byFamily.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()) + ")";
  }

  /** The regions enabled in the account (opt-in regions not opted into are left out by EC2 itself). */
  List<String> enabledRegions() {
    String home = aws.defaultRegion();
    return aws.call("ec2:DescribeRegions", home, () -> aws.ec2(home).describeRegions(r -> {}).regions()).stream()
        .map(r -> r.regionName()).sorted().toList();
  }

  /** A service's calls in a region; a refusal (denied, opt-in region, unreachable service) is named and skipped. */
  private static void service(String what, String region, List<String> problems, Runnable calls) {
    try {
      calls.run();
    } catch (UserError e) {
      problems.add(what + " in " + region + " skipped: " + e.getMessage());
    }
  }

  private void list(String action, String region, Supplier<List<Candidate>> calls, List<Candidate> into) {
    into.addAll(aws.call(action, region, calls));
  }

  private void rds(String region, List<Candidate> into, Map<String, Integer> unsupported) {
    var rds = aws.rds(region);
    for (var c : aws.call("rds:DescribeDBClusters", region, () -> rds.describeDBClustersPaginator(r -> {}).dbClusters().stream().toList())) {
      if (c.engine() != null && c.engine().startsWith("aurora")) into.add(new Candidate(AuroraFamily.AURORA, c.dbClusterIdentifier(), c.dbClusterArn()));
      else unsupported.merge("RDS Multi-AZ DB cluster (" + c.engine() + ") in " + region, 1, Integer::sum);
    }
    for (var db : aws.call("rds:DescribeDBInstances", region, () -> rds.describeDBInstancesPaginator(r -> {}).dbInstances().stream().toList())) {
      // members of a cluster are read with their cluster
      if (db.dbClusterIdentifier() == null) into.add(new Candidate(RdsFamily.RDS, db.dbInstanceIdentifier(), db.dbInstanceArn()));
    }
  }

  private List<Candidate> daxClusters(String region) {
    var dax = aws.dax(region);
    List<Candidate> out = new ArrayList<>();
    String token = null;
    do {
      String from = token;
      var page = dax.describeClusters(r -> r.nextToken(from));
      page.clusters().forEach(c -> out.add(new Candidate(DaxFamily.DAX, c.clusterName(), c.clusterArn())));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }

  private void loadBalancers(String region, List<Candidate> into, Map<String, Integer> unsupported) {
    var lbs = aws.call("elasticloadbalancing:DescribeLoadBalancers", region,
        () -> aws.elb(region).describeLoadBalancersPaginator(r -> {}).loadBalancers().stream().toList());
    for (var lb : lbs) {
      switch (lb.typeAsString()) {
        case "application" -> into.add(new Candidate(LoadBalancerFamily.ALB, lb.loadBalancerArn(), lb.loadBalancerArn()));
        case "network" -> into.add(new Candidate(LoadBalancerFamily.NLB, lb.loadBalancerArn(), lb.loadBalancerArn()));
        default -> unsupported.merge("load balancer of type " + lb.typeAsString() + " in " + region, 1, Integer::sum);
      }
    }
  }

  /** ARNs carrying every {@code --tag} filter in {@code region} (GetResources, paginated); empty when the API refuses, and then own tags decide. */
  private Optional<Set<String>> taggedArns(String region, DiscoveryFilter filter, List<String> problems) {
    List<TagFilter> filters = filter.tags().entrySet().stream().map(e -> TagFilter.builder().key(e.getKey()).values(e.getValue()).build()).toList();
    try {
      Set<String> arns = new HashSet<>();
      aws.call("tag:GetResources", region, () -> {
        aws.tagging(region).getResourcesPaginator(r -> r.tagFilters(filters).resourceTypeFilters(TaggingPreFilter.RESOURCE_TYPES))
            .resourceTagMappingList().forEach(m -> arns.add(m.resourceARN()));
        return null;
      });
      return Optional.of(arns);
    } catch (UserError e) {
      problems.add("Resource Groups Tagging API in " + region + " refused (" + e.getMessage() + "): every resource described and its own tags checked");
      return Optional.empty();
    }
  }

  /** Standalone EC2 instances: not terminated, not launched by an Auto Scaling group (those are the group's). */
  private List<Resource> instances(String region, String account) {
    List<Instance> all = aws.call("ec2:DescribeInstances", region, () -> aws.ec2(region).describeInstancesPaginator(r -> r.filters(
        Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build())).reservations().stream()
        .flatMap(res -> res.instances().stream()).toList());
    List<Resource> out = new ArrayList<>();
    for (Instance i : all) {
      if (i.tags().stream().anyMatch(t -> "aws:autoscaling:groupName".equals(t.key()))) continue;
      out.add(AwsEc2Api.resource(i, account, region));
    }
    return out;
  }

  private List<Resource> volumes(String region, String account) {
    List<Volume> all = aws.call("ec2:DescribeVolumes", region, () -> aws.ec2(region).describeVolumesPaginator(r -> {}).volumes().stream().toList());
    List<Resource> out = new ArrayList<>();
    for (Volume v : all) out.add(volume(v, region, account));
    return out;
  }

  /** A volume as the EBS family reads it (shared with {@link AwsEbsApi}). */
  static Resource volume(Volume v, String region, String account) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(EbsFamily.VOLUME_TYPE, v.volumeTypeAsString());
    config.put(EbsFamily.SIZE_GIB, String.valueOf(v.size()));
    if (v.iops() != null) config.put(EbsFamily.IOPS, String.valueOf(v.iops()));
    if (v.throughput() != null) config.put(EbsFamily.THROUGHPUT, String.valueOf(v.throughput()));
    v.attachments().stream().filter(a -> a.state() == VolumeAttachmentState.ATTACHED || a.state() == VolumeAttachmentState.ATTACHING)
        .findFirst().ifPresent(a -> config.put(EbsFamily.ATTACHED_TO, a.instanceId()));
    if (v.createTime() != null) config.put(EbsFamily.CREATED, v.createTime().toString());
    Map<String, String> tags = FamilyReader.tags(v.tags(), t -> t.key(), t -> t.value());
    return new Resource(v.volumeId(), EbsFamily.EBS, region, "arn:aws:ec2:" + region + ":" + account + ":volume/" + v.volumeId(), config, tags);
  }

}
