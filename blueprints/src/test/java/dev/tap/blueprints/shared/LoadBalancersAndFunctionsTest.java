package dev.tap.blueprints.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The options of the ALB, Lambda fleet and PostgreSQL constructs that the blueprints' defaults do not exercise. */
class LoadBalancersAndFunctionsTest {
  private static final Names NAMES = new Names("t1", "demo");
  private static final String CERT = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab";

  private static Stack stack() {
    return new Stack(new App(), "Demo", StackProps.builder().env(Environment.builder().region("us-east-1").build()).build());
  }

  private static Vpc vpc(Stack s) {
    return Vpc.Builder.create(s, "Vpc").availabilityZones(List.of("us-east-1a", "us-east-1b")).build();
  }

  @Test
  void albUsesAGivenCertificateAndAnswers404WithoutADefaultRoute() {
    Stack s = stack();
    new AppLoadBalancer(s, "Alb", new AppLoadBalancer.Props(NAMES, vpc(s), false, CERT,
        List.of(new AppLoadBalancer.Route("api", 8080, List.of("/api/*"), "/health")), null, Duration.seconds(30), Duration.seconds(60), false,
        RemovalPolicy.DESTROY));
    Template t = Template.fromStack(s);
    assertThat(t.findParameters(AppLoadBalancer.CERTIFICATE_PARAMETER)).isEmpty();
    t.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Certificates", List.of(Map.of("CertificateArn", CERT)),
        "DefaultActions", List.of(Match.objectLike(Map.of("Type", "fixed-response",
            "FixedResponseConfig", Match.objectLike(Map.of("StatusCode", "404")))))));
    t.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internal", "Name", "tap-t1-demo-alb",
        "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "deletion_protection.enabled", "Value", "false"),
            Map.of("Key", "idle_timeout.timeout_seconds", "Value", "60")))));
    t.resourceCountIs("AWS::S3::Bucket", 0);
  }

  @Test
  void albRejectsAnUnknownDefaultRouteAndTooManyPaths() {
    Stack s = stack();
    Vpc vpc = vpc(s);
    List<AppLoadBalancer.Route> routes = List.of(new AppLoadBalancer.Route("api", 8080, List.of("/api/*"), "/health"));
    assertThatThrownBy(() -> new AppLoadBalancer.Props(NAMES, vpc, true, null, routes, "admin", Duration.seconds(1), Duration.seconds(1), true,
        RemovalPolicy.RETAIN)).hasMessageContaining("default route admin is not one of the routes [api]");
    assertThatThrownBy(() -> new AppLoadBalancer.Route("api", 8080, List.of("/a", "/b", "/c", "/d", "/e", "/f"), "/health"))
        .hasMessageContaining("1 to 5 path patterns");
  }

  @Test
  void lambdaFleetWithoutProvisionedConcurrencyOrVpc() {
    Stack s = stack();
    Key key = Key.Builder.create(s, "Key").enableKeyRotation(true).build();
    LambdaFleet fleet = new LambdaFleet(s, "Fns", new LambdaFleet.Props(NAMES, 2, 512, Duration.seconds(30), 10, 0, RetentionDays.ONE_WEEK, key,
        null, Map.of("MODE", "test"), RemovalPolicy.DESTROY));
    Template t = Template.fromStack(s);
    assertThat(fleet.securityGroup()).isNull();
    t.resourceCountIs("AWS::Lambda::Function", 2);
    t.hasResourceProperties("AWS::Lambda::Function", Map.of("FunctionName", "tap-t1-demo-fn-2", "MemorySize", 512, "Timeout", 30,
        "ReservedConcurrentExecutions", 10, "VpcConfig", Match.absent(), "Environment", Map.of("Variables", Map.of("MODE", "test"))));
    t.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", LambdaFleet.ALIAS, "ProvisionedConcurrencyConfig", Match.absent()));
    t.hasResourceProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", "/aws/lambda/tap-t1-demo-fn-1", "RetentionInDays", 7));
    // no VPC: the roles only write their own log group
    assertThat(t.findResources("AWS::IAM::Policy").toString()).doesNotContain("ec2:CreateNetworkInterface");
  }

  @Test
  void invalidSizesAreRejectedBeforeAnythingIsBuilt() {
    Stack s = stack();
    Vpc vpc = vpc(s);
    Key key = Key.Builder.create(s, "Key").build();
    assertThatThrownBy(() -> new LambdaFleet.Props(NAMES, 5, 3008, Duration.seconds(900), 50, 100, RetentionDays.ONE_DAY, key, null, null,
        RemovalPolicy.DESTROY)).hasMessageContaining("provisioned concurrency 100 exceeds reserved concurrency 50");
    assertThatThrownBy(() -> new PostgresDatabase.Props(NAMES, vpc, new InstanceType("r6g.large"), 1000, 10_000, true, "us-east-1b", key, 7,
        Duration.seconds(60), false, RemovalPolicy.DESTROY)).hasMessageContaining("gp3 IOPS for 1000 GiB must be at least 12000");
    assertThatThrownBy(() -> new PostgresDatabase.Props(NAMES, vpc, new InstanceType("r6g.large"), 100, 2000, true, "us-east-1b", key, 7,
        Duration.seconds(60), false, RemovalPolicy.DESTROY)).hasMessageContaining("must be at least 3000");
  }
}
