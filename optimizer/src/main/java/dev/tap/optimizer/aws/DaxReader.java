package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.dax.DaxFamily;
import dev.tap.optimizer.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dax.model.Cluster;

/** A DAX cluster: node type and node count. */
final class DaxReader implements FamilyReader {
  private final AwsClients aws;

  DaxReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    var dax = aws.dax(region);
    Optional<Cluster> found = aws.callIfFound("dax:DescribeClusters", region, () -> dax.describeClusters(r -> r.clusterNames(t.id())).clusters())
        .flatMap(l -> l.stream().findFirst());
    if (found.isEmpty()) return Optional.empty();
    Cluster c = found.get();
    Map<String, String> config = new LinkedHashMap<>();
    config.put(NODE_TYPE, c.nodeType());
    config.put(NODES, String.valueOf(c.totalNodes()));
    Map<String, String> tags = FamilyReader.tags(aws.call("dax:ListTags", region, () -> dax.listTags(r -> r.resourceName(c.clusterArn())).tags()),
        x -> x.key(), x -> x.value());
    return Optional.of(new Resource(c.clusterName(), DaxFamily.DAX, region, c.clusterArn(), config, tags));
  }
}
