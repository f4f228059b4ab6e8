package dev.tap.optimizer.aws;

import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Family;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How {@code --tag} narrows discovery before anything is described: GetResources (Resource Groups
 * Tagging API) with the tag filters and {@link #RESOURCE_TYPES} names the tagged ARNs, and a listed
 * resource of a {@link #NARROWED} family is described only when one of the ARNs it may be named by
 * is among them. Auto Scaling groups are not narrowed (GetResources answers nothing for them), nor
 * EC2 instances and volumes (their one Describe call already carries their tags).
 */
final class TaggingPreFilter {
  private TaggingPreFilter() {}

  static final Set<Family> NARROWED = Set.of(AuroraFamily.AURORA, RdsFamily.RDS, LambdaFamily.LAMBDA, LoadBalancerFamily.ALB,
      LoadBalancerFamily.NLB, RedisFamily.REDIS, DaxFamily.DAX, DynamoDbFamily.DYNAMODB);

  /**
   * GetResources' ResourceTypeFilters for those families. ElastiCache is asked for as a whole service: a
   * replication group may carry its tags on itself or only on its member cache clusters (tags given when the
   * nodes were created), so both its types count; the few other ElastiCache types that come back are ignored.
   */
  static final List<String> RESOURCE_TYPES = List.of("rds:cluster", "rds:db", "lambda:function", "elasticloadbalancing:loadbalancer",
      "elasticache", "dax:cache", "dynamodb:table");

  /** A DynamoDB table's ARN: ListTables gives only names. */
  static String tableArn(String partition, String region, String account, String table) {
    return "arn:" + partition + ":dynamodb:" + region + ":" + account + ":table/" + table;
  }

  /** The ARNs a replication group may be tagged under: its own and each member cache cluster's, in the group ARN's partition, region and account. */
  static List<String> replicationGroupArns(String groupArn, Collection<String> memberClusters) {
    List<String> arns = new ArrayList<>();
    if (groupArn == null) return arns;
    arns.add(groupArn);
    Arns a = Arns.parse(groupArn);
    if (a == null) return arns;
    for (String m : memberClusters) arns.add("arn:" + a.partition() + ":elasticache:" + a.region() + ":" + a.account() + ":cluster:" + m);
    return arns;
  }

  /**
   * Whether a listed resource is described: always without {@code --tag} (no {@code tagged} set), when the
   * Tagging API refused (also no set), for a family it does not narrow, or when nothing names its ARN;
   * otherwise only when one of {@code arns} carries the tags.
   */
  static boolean describe(Family family, List<String> arns, Set<String> tagged) {
    if (tagged == null || !NARROWED.contains(family) || arns.isEmpty()) return true;
    for (String arn : arns) if (tagged.contains(arn)) return true;
    return false;
  }

  /** The partition of the caller's ARN ({@code aws}, {@code aws-cn}, {@code aws-us-gov}); {@code aws} when it cannot be read. */
  static String partition(String callerArn) {
    Arns a = Arns.parse(callerArn);
    return a == null || a.partition().isEmpty() ? "aws" : a.partition();
  }
}
