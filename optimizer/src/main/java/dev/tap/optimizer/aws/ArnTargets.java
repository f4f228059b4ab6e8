package dev.tap.optimizer.aws;

import dev.tap.optimizer.model.Family;
import java.util.Optional;

/** Maps an ARN to the resource family TAP right-sizes and the identifier its describe call takes. */
final class ArnTargets {
  private ArnTargets() {}

  static Optional<Target> of(String arn, String origin, boolean discovered) {
    Arns a = Arns.parse(arn);
    if (a == null) return Optional.empty();
    String type = a.resourceType();
    String name = a.resourceName();
    Family family = switch (a.service()) {
      case "rds" -> type.equals("cluster") ? Family.AURORA : type.equals("db") ? Family.RDS : null;
      case "autoscaling" -> type.equals("autoScalingGroup") ? Family.ASG : null;
      case "elasticache" -> type.equals("replicationgroup") ? Family.REDIS : null;
      case "dynamodb" -> type.equals("table") && !name.contains("/") ? Family.DYNAMODB : null;
      case "dax" -> type.equals("cache") ? Family.DAX : null;
      case "lambda" -> type.equals("function") ? Family.LAMBDA : null;
      case "elasticloadbalancing" -> name.startsWith("app/") ? Family.ALB : name.startsWith("net/") ? Family.NLB : null;
      default -> null;
    };
    if (family == null) return Optional.empty();
    String id = switch (family) {
      // autoScalingGroup:<uuid>:autoScalingGroupName/<name>
      case ASG -> a.resource().substring(a.resource().indexOf("autoScalingGroupName/") + "autoScalingGroupName/".length());
      // function:<name>[:qualifier]
      case LAMBDA -> name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
      case ALB, NLB -> arn;
      default -> name;
    };
    if (family == Family.ASG && !a.resource().contains("autoScalingGroupName/")) return Optional.empty();
    return Optional.of(new Target(family, id, a.region().isEmpty() ? null : a.region(), origin, java.util.Map.of(), discovered));
  }
}
