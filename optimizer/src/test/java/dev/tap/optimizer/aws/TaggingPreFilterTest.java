package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Family;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ARNs the Tagging API names Redis, DAX and DynamoDB resources by, and which listed resources are described. */
class TaggingPreFilterTest {
  static final String GROUP = "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions";
  static final String DAX = "arn:aws:dax:us-east-1:123456789012:cache/orders-dax";

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource({
      "aws,        us-east-1,      123456789012, orders,     arn:aws:dynamodb:us-east-1:123456789012:table/orders",
      "aws-cn,     cn-north-1,     210987654321, audit.log,  arn:aws-cn:dynamodb:cn-north-1:210987654321:table/audit.log",
      "aws-us-gov, us-gov-west-1,  111122223333, t-1,        arn:aws-us-gov:dynamodb:us-gov-west-1:111122223333:table/t-1"})
  void tableArnFromItsName(String partition, String region, String account, String table, String arn) {
    assertThat(TaggingPreFilter.tableArn(partition, region, account, table)).isEqualTo(arn);
  }

  @Test
  void replicationGroupIsNamedByItselfAndItsMemberClusters() {
    assertThat(TaggingPreFilter.replicationGroupArns(GROUP, List.of("sessions-001", "sessions-002"))).containsExactly(GROUP,
        "arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-001", "arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-002");
    assertThat(TaggingPreFilter.replicationGroupArns("arn:aws-cn:elasticache:cn-north-1:210987654321:replicationgroup:g", List.of("g-001")))
        .containsExactly("arn:aws-cn:elasticache:cn-north-1:210987654321:replicationgroup:g", "arn:aws-cn:elasticache:cn-north-1:210987654321:cluster:g-001");
    assertThat(TaggingPreFilter.replicationGroupArns(null, List.of("g-001"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "null", value = {
      "arn:aws:sts::123456789012:assumed-role/tap/session,        aws",
      "arn:aws-cn:iam::210987654321:user/ops,                     aws-cn",
      "arn:aws-us-gov:sts::111122223333:assumed-role/tap/s,       aws-us-gov",
      "null,                                                      aws",
      "not-an-arn,                                                aws"})
  void partitionOfTheCaller(String callerArn, String partition) {
    assertThat(TaggingPreFilter.partition(callerArn)).isEqualTo(partition);
  }

  /** Both sides: tagged under one of its ARNs (described) or under none (left out); and the cases that are never narrowed. */
  @Test
  void describesOnlyWhatTheTaggedArnsName() {
    String table = TaggingPreFilter.tableArn("aws", "us-east-1", "123456789012", "orders");
    List<String> redis = TaggingPreFilter.replicationGroupArns(GROUP, List.of("sessions-001"));
    Set<String> tagged = Set.of(table, "arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-001", DAX);
    record Case(Family family, List<String> arns, Set<String> tagged, boolean described) {}
    List<Case> cases = List.of(
        new Case(DynamoDbFamily.DYNAMODB, List.of(table), tagged, true),
        new Case(DynamoDbFamily.DYNAMODB, List.of(table), Set.of(DAX), false),
        // tagged on a member node only: the group counts as tagged
        new Case(RedisFamily.REDIS, redis, tagged, true),
        new Case(RedisFamily.REDIS, redis, Set.of(table), false),
        new Case(RedisFamily.REDIS, List.of(GROUP), Set.of(GROUP), true),
        new Case(DaxFamily.DAX, List.of(DAX), tagged, true),
        new Case(DaxFamily.DAX, List.of(DAX), Set.of(), false),
        // the Tagging API refused or no --tag: everything is described, and its own tags decide
        new Case(DaxFamily.DAX, List.of(DAX), null, true),
        // not answered for by GetResources: never narrowed
        new Case(AsgFamily.ASG, List.of("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x:autoScalingGroupName/web"), Set.of(), true),
        // no ARN known: described
        new Case(RedisFamily.REDIS, List.of(), Set.of(), true));
    for (Case c : cases) {
      assertThat(TaggingPreFilter.describe(c.family(), c.arns(), c.tagged())).as(c.toString()).isEqualTo(c.described());
    }
  }

  @Test
  void resourceTypesCoverEveryNarrowedService() {
    assertThat(TaggingPreFilter.RESOURCE_TYPES).contains("dax:cache", "dynamodb:table", "elasticache", "rds:cluster", "rds:db", "lambda:function",
        "elasticloadbalancing:loadbalancer");
    assertThat(TaggingPreFilter.NARROWED).contains(RedisFamily.REDIS, DaxFamily.DAX, DynamoDbFamily.DYNAMODB).doesNotContain(AsgFamily.ASG);
  }
}
