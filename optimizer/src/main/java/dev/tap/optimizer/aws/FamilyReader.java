package dev.tap.optimizer.aws;

import dev.tap.optimizer.family.asg.AsgFamily;
import dev.tap.optimizer.family.aurora.AuroraFamily;
import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.family.dynamodb.DynamoDbFamily;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.family.loadbalancer.LoadBalancerFamily;
import dev.tap.optimizer.family.rds.RdsFamily;
import dev.tap.optimizer.family.redis.RedisFamily;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Describes one resource of one family with the AWS SDK. */
interface FamilyReader {

  /**
   * The resource as AWS describes it; empty when AWS does not know it, or when the reader skips it
   * and says why in a new entry of {@code problems}. Anything AWS reports that cannot be represented
   * without guessing is added to {@code problems} too.
   */
  Optional<Resource> read(Target target, String region, List<String> problems);

  /** One reader per family the inventory describes (load balancers share one), for the outputs inventory and discovery alike. */
  static Map<Family, FamilyReader> all(AwsClients aws) {
    Map<Family, FamilyReader> readers = new LinkedHashMap<>();
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
    return readers;
  }

  /** Tags from any SDK tag type. */
  static <T> Map<String, String> tags(List<T> tags, Function<T, String> key, Function<T, String> value) {
    Map<String, String> m = new TreeMap<>();
    for (T t : tags) m.put(key.apply(t), value.apply(t));
    return m;
  }
}
