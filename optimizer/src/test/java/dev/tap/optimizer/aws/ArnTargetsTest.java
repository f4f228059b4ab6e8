package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArnTargetsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "arn:aws:rds:us-east-1:111122223333:cluster:tap-dev-trading-aurora, AURORA, tap-dev-trading-aurora, us-east-1",
      "arn:aws:rds:us-east-1:111122223333:db:tap-dev-staging-db, RDS, tap-dev-staging-db, us-east-1",
      "arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:4c28-5b70:autoScalingGroupName/tap-dev-trading-asg, ASG, tap-dev-trading-asg, us-east-1",
      "arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:tap-dev-saas-redis, REDIS, tap-dev-saas-redis, eu-west-1",
      "arn:aws:dynamodb:us-east-1:111122223333:table/tap-dev-trades, DYNAMODB, tap-dev-trades, us-east-1",
      "arn:aws:dax:us-east-1:111122223333:cache/tap-dev-dax, DAX, tap-dev-dax, us-east-1",
      "arn:aws:lambda:us-east-1:111122223333:function:tap-dev-staging-fn-1, LAMBDA, tap-dev-staging-fn-1, us-east-1",
      "arn:aws:lambda:us-east-1:111122223333:function:tap-dev-staging-fn-1:live, LAMBDA, tap-dev-staging-fn-1, us-east-1",
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/tap-dev-saas-alb/50dc6c495c0c9188, ALB, "
          + "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/tap-dev-saas-alb/50dc6c495c0c9188, us-east-1",
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tap-dev-staging-nlb/1a2b3c, NLB, "
          + "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tap-dev-staging-nlb/1a2b3c, us-east-1",
  })
  void supportedArns(String arn, String family, String id, String region) {
    Target t = ArnTargets.of(arn, "--resource " + arn, false).orElseThrow();

    assertThat(t.family().name()).isEqualTo(family);
    assertThat(t.id()).isEqualTo(id);
    assertThat(t.region()).isEqualTo(region);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "arn:aws:sqs:us-east-1:111122223333:orders",
      "arn:aws:dynamodb:us-east-1:111122223333:table/tap-dev-trades/stream/2026-11-01T00:00:00.000",
      "arn:aws:dynamodb:us-east-1:111122223333:table/tap-dev-trades/index/byAccount",
      "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/73e2d6bc24d8a067",
      "arn:aws:rds:us-east-1:111122223333:global-cluster:tap-dev-saas-global",
      "tap-dev-trades",
      "arn:aws:s3",
  })
  void otherArnsAreNotTargets(String text) {
    assertThat(ArnTargets.of(text, "--resource " + text, false)).isEmpty();
  }
}
