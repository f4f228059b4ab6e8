package dev.tap.blueprints.shared;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.FixedResponseOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancerTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * An Application Load Balancer that terminates TLS with a user-supplied certificate, redirects
 * HTTP to HTTPS, and routes request paths to named target groups.
 *
 * <p>When no certificate ARN is given, the template takes it as the deploy-time parameter
 * {@value #CERTIFICATE_PARAMETER}, so synthesis works offline and no made-up ARN is ever deployed.
 */
public final class AppLoadBalancer extends Construct {
  /** Logical id of the deploy-time parameter used when no certificate ARN is configured. */
  public static final String CERTIFICATE_PARAMETER = "AlbCertificateArn";

  /** One named target group: the paths it serves, the instance port, and its health check path. */
  public record Route(String name, int port, List<String> pathPatterns, String healthCheckPath) {
    public Route {
      Objects.requireNonNull(name, "route name");
      if (pathPatterns == null || pathPatterns.isEmpty() || pathPatterns.size() > 5) {
        // an ALB rule condition takes at most 5 path values
        throw new IllegalArgumentException("route " + name + " needs 1 to 5 path patterns, got " + pathPatterns);
      }
      pathPatterns = List.copyOf(pathPatterns);
    }
  }

  /**
   * @param certificateArn ACM certificate for the HTTPS listener; null = deploy-time parameter
   * @param defaultRoute the route that takes paths no rule matches; null = answer them 404
   * @param accessLogs write access logs to a new S3 bucket (ALB logs support SSE-S3 only)
   */
  public record Props(Names names, IVpc vpc, boolean internetFacing, String certificateArn, List<Route> routes, String defaultRoute,
      Duration deregistrationDelay, Duration idleTimeout, boolean accessLogs, RemovalPolicy removalPolicy) {
    public Props {
      if (routes == null || routes.isEmpty()) throw new IllegalArgumentException("load balancer " + names.of("alb") + " needs at least one route");
      routes = List.copyOf(routes);
      if (defaultRoute != null && routes.stream().noneMatch(r -> r.name().equals(defaultRoute))) {
        throw new IllegalArgumentException("default route " + defaultRoute + " is not one of the routes " + routes.stream().map(Route::name).toList());
      }
    }
  }

  private final ApplicationLoadBalancer alb;
  private final ApplicationListener httpsListener;
  private final Map<String, ApplicationTargetGroup> targetGroups;
  private final Bucket accessLogBucket;

  public AppLoadBalancer(Construct scope, String id, Props props) {
    super(scope, id);
    SubnetSelection subnets = SubnetSelection.builder()
        .subnetType(props.internetFacing() ? SubnetType.PUBLIC : SubnetType.PRIVATE_WITH_EGRESS).build();
    alb = ApplicationLoadBalancer.Builder.create(this, "Alb")
        .loadBalancerName(props.names().of("alb"))
        .vpc(props.vpc())
        .vpcSubnets(subnets)
        .internetFacing(props.internetFacing())
        .idleTimeout(props.idleTimeout())
        .http2Enabled(true)
        .dropInvalidHeaderFields(true)
        .deletionProtection(props.removalPolicy() != RemovalPolicy.DESTROY)
        .build();
    alb.applyRemovalPolicy(props.removalPolicy());
    // a retained load balancer keeps its security group (its listener ports stay open to it)
    for (var sg : alb.getConnections().getSecurityGroups()) {
      if (sg instanceof software.amazon.awscdk.services.ec2.SecurityGroup own) own.applyRemovalPolicy(AuroraCluster.kept(props.removalPolicy()));
    }

    if (props.accessLogs()) {
      accessLogBucket = Bucket.Builder.create(this, "AccessLogs")
          .encryption(BucketEncryption.S3_MANAGED)
          .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
          .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
          .enforceSsl(true)
          .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(90)).build()))
          .removalPolicy(props.removalPolicy())
          .build();
      alb.logAccessLogs(accessLogBucket, "alb");
      Nag.suppress(accessLogBucket, "AwsSolutions-S1",
          "This bucket holds the load balancer's access logs; logging access to it in another bucket would only move the question.");
    } else {
      accessLogBucket = null;
      Nag.suppress(alb, "AwsSolutions-ELB2", "Access logs are switched off for this load balancer by its blueprint.");
    }
    if (props.internetFacing()) {
      Nag.suppress(alb, "AwsSolutions-EC23",
          "An internet-facing load balancer: HTTPS (443) and the HTTP (80) redirect to it are open to every client by design.");
    }

    alb.addRedirect(ApplicationLoadBalancerRedirectConfig.builder()
        .sourceProtocol(ApplicationProtocol.HTTP).sourcePort(80)
        .targetProtocol(ApplicationProtocol.HTTPS).targetPort(443).build());

    Map<String, ApplicationTargetGroup> groups = new LinkedHashMap<>();
    for (Route route : props.routes()) {
      groups.put(route.name(), ApplicationTargetGroup.Builder.create(this, Names.pascal(route.name()) + "Targets")
          .vpc(props.vpc())
          .targetType(TargetType.INSTANCE)
          // TLS ends at the load balancer; targets sit in private subnets reachable only from it
          .protocol(ApplicationProtocol.HTTP)
          .port(route.port())
          .deregistrationDelay(props.deregistrationDelay())
          .healthCheck(HealthCheck.builder().path(route.healthCheckPath()).healthyHttpCodes("200-399")
              .interval(Duration.seconds(15)).healthyThresholdCount(2).unhealthyThresholdCount(3).build())
          .build());
    }
    targetGroups = Collections.unmodifiableMap(groups);

    ListenerAction unmatched = props.defaultRoute() != null
        ? ListenerAction.forward(List.of(groups.get(props.defaultRoute())))
        : ListenerAction.fixedResponse(404, FixedResponseOptions.builder().contentType("text/plain").messageBody("no route for this path").build());
    httpsListener = alb.addListener("Https", BaseApplicationListenerProps.builder()
        .protocol(ApplicationProtocol.HTTPS)
        .port(443)
        .certificates(List.of(ListenerCertificate.fromArn(certificateArn(props.certificateArn()))))
        .sslPolicy(SslPolicy.RECOMMENDED_TLS)
        .defaultAction(unmatched)
        .build());

    int priority = 10;
    for (Route route : props.routes()) {
      ApplicationListenerRule rule = ApplicationListenerRule.Builder.create(this, Names.pascal(route.name()) + "Rule")
          .listener(httpsListener)
          .priority(priority)
          .conditions(List.of(ListenerCondition.pathPatterns(route.pathPatterns())))
          .action(ListenerAction.forward(List.of(groups.get(route.name()))))
          .build();
      // the stack's tags would land here too, but AWS::ElasticLoadBalancingV2::ListenerRule has no Tags property
      ((CfnResource) rule.getNode().getDefaultChild()).addPropertyDeletionOverride("Tags");
      priority += 10;
    }
  }

  private String certificateArn(String configured) {
    if (configured != null && !configured.isBlank()) return configured;
    CfnParameter p = CfnParameter.Builder.create(Stack.of(this), CERTIFICATE_PARAMETER)
        .type("String")
        .description("ARN of the ACM certificate for the HTTPS listener of " + alb.getNode().getPath())
        .allowedPattern("arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+")
        .constraintDescription("an ACM certificate ARN, e.g. arn:aws:acm:us-east-1:111122223333:certificate/<id>")
        .build();
    return p.getValueAsString();
  }

  /** Registers the target (typically an Auto Scaling group) with every target group. */
  public void addTarget(IApplicationLoadBalancerTarget target) {
    targetGroups.values().forEach(tg -> tg.addTarget(target));
  }

  /** AlbArn, AlbFullName (the CloudWatch LoadBalancer dimension), AlbDnsName. */
  public void addOutputs(StackOutputs o) {
    o.add("AlbArn", alb.getLoadBalancerArn(), "Application Load Balancer ARN");
    o.add("AlbFullName", alb.getLoadBalancerFullName(), "Application Load Balancer full name (CloudWatch dimension LoadBalancer)");
    o.add("AlbDnsName", alb.getLoadBalancerDnsName(), "Application Load Balancer DNS name");
  }

  public ApplicationLoadBalancer loadBalancer() {
    return alb;
  }

  public ApplicationListener httpsListener() {
    return httpsListener;
  }

  /** Target groups by route name, in route order. */
  public Map<String, ApplicationTargetGroup> targetGroups() {
    return targetGroups;
  }

  /** The access-log bucket, or null when access logs are off. */
  public Bucket accessLogBucket() {
    return accessLogBucket;
  }
}
