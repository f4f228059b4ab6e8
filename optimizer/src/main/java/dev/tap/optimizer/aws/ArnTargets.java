package dev.tap.optimizer.aws;

import dev.tap.optimizer.model.Family;
import java.util.Optional;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
/** Maps an ARN to the resource family TAP right-sizes and the identifier its describe call takes. */
final class ArnTargets {
  private ArnTargets() {}

  static Optional<Target> of(String arn, String origin, boolean discovered) {
    Arns a = Arns.parse(arn);
    if (a == null) return Optional.empty();
    String type = a.resourceType();
    String name = a.resourceName();
    Family family = switch (a.service()) {
      case "rds" -> type.equals("cluster") ? AuroraFamily.AURORA : type.equals("db") ? RdsFamily.RDS : null;
      case "autoscaling" -> type.equals("autoScalingGroup") ? AsgFamily.ASG : null;
      case "elasticache" -> type.equals("replicationgroup") ? RedisFamily.REDIS : null;
      case "dynamodb" -> type.equals("table") && !name.contains("/") ? DynamoDbFamily.DYNAMODB : null;
      case "dax" -> type.equals("cache") ? DaxFamily.DAX : null;
      case "lambda" -> type.equals("function") ? LambdaFamily.LAMBDA : null;
      case "elasticloadbalancing" -> name.startsWith("app/") ? LoadBalancerFamily.ALB : name.startsWith("net/") ? LoadBalancerFamily.NLB : null;
      default -> null;
    };
    if (family == null) return Optional.empty();
    String id = switch (family.name()) {
      // autoScalingGroup:<uuid>:autoScalingGroupName/<name>
      case "ASG" -> a.resource().substring(a.resource().indexOf("autoScalingGroupName/") + "autoScalingGroupName/".length());
      // function:<name>[:qualifier]
      case "LAMBDA" -> name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
      case "ALB", "NLB" -> arn;
      default -> name;
    };
    if (family == AsgFamily.ASG && !a.resource().contains("autoScalingGroupName/")) return Optional.empty();
    return Optional.of(new Target(family, id, a.region().isEmpty() ? null : a.region(), origin, java.util.Map.of(), discovered));
  }
}
