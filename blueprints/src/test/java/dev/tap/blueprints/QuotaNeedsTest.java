package dev.tap.blueprints;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.preflight.QuotaNeeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The quota tables of docs/blueprints.md are what the synthesized templates need, recomputed here. */
class QuotaNeedsTest {

  @ParameterizedTest
  @CsvSource({"c5.large,2", "c5.xlarge,4", "m5.4xlarge,16", "c6i.8xlarge,32", "c5.9xlarge,36", "c6i.32xlarge,128", "t3.medium,1"})
  void vcpusBySize(String type, int vcpus) {
    assertThat(QuotaNeeds.vcpusOf(type)).isEqualTo(vcpus);
  }

  @Test
  void docsListTheQuotasTheTemplatesNeed() throws Exception {
    List<QuotaNeeds> needs = new ArrayList<>();
    for (Synthesized s : Synthesized.all()) {
      for (var stack : s.stacks) needs.add(QuotaNeeds.of(stack.getStackName(), stack.getRegion(), s.template(stack.getStackName()).toJSON()));
    }
    String perStack = QuotaNeeds.MARKDOWN_HEADER + "\n" + String.join("\n", needs.stream().map(QuotaNeeds::markdownRow).toList());
    String perRegion = QuotaNeeds.REGION_HEADER + "\n" + String.join("\n", QuotaNeeds.regionRows(needs));
    String doc = Files.readString(Path.of("..", "docs", "blueprints.md"));
    assertThat(doc).as("docs/blueprints.md per-stack quota table; expected:\n" + perStack + "\n").contains(perStack);
    assertThat(doc).as("docs/blueprints.md per-region quota table; expected:\n" + perRegion + "\n").contains(perRegion);

    // the figures: staging's 5 x 100 reserved needs a limit of at least 600; 1,040 vCPUs at desired in us-east-1
    QuotaNeeds staging = needs.stream().filter(q -> q.stack().equals("Tap-staging-dev")).findFirst().orElseThrow();
    assertThat(staging.reservedConcurrency()).isEqualTo(500);
    assertThat(staging.lambdaLimitNeeded()).isEqualTo(600);
    int usEast1 = needs.stream().filter(q -> q.region().equals("us-east-1")).flatMap(q -> q.vcpus().values().stream()).mapToInt(v -> v[0]).sum();
    assertThat(usEast1).isEqualTo(1040);

    // the optimizer's PreflightServedTest checks a cut of trading's template: it must still need what trading needs
    Path fixture = Path.of("..", "optimizer", "src", "test", "resources", "preflight", "trading-cdk-out", "Tap-trading-dev.template.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> cut = new com.fasterxml.jackson.databind.ObjectMapper().readValue(fixture.toFile(), Map.class);
    QuotaNeeds trading = needs.stream().filter(q -> q.stack().equals("Tap-trading-dev")).findFirst().orElseThrow();
    assertThat(QuotaNeeds.of("Tap-trading-dev", "us-east-1", cut).markdownRow()).as(fixture + " is out of date: cut it again from the synthesized"
        + " template (the resources and properties QuotaNeeds reads)").isEqualTo(trading.markdownRow());
    assertThat(QuotaNeeds.of("Tap-trading-dev", "us-east-1", cut).natGatewaysByZone()).isEqualTo(trading.natGatewaysByZone());
  }

  @Test
  void readsEachKindOfResource() {
    Map<String, Object> template = Map.of("Resources", Map.of(
        "Lt", Map.of("Type", "AWS::EC2::LaunchTemplate", "Properties", Map.of("LaunchTemplateData", Map.of("InstanceType", "c6i.8xlarge"))),
        "Asg", Map.of("Type", "AWS::AutoScaling::AutoScalingGroup", "Properties", Map.of("LaunchTemplate", Map.of("LaunchTemplateId", Map.of("Ref", "Lt")),
            "DesiredCapacity", "2", "MaxSize", "3")),
        "Eip", Map.of("Type", "AWS::EC2::EIP"),
        "Redis", Map.of("Type", "AWS::ElastiCache::ReplicationGroup", "Properties", Map.of("CacheNodeType", "cache.r6g.large", "NumNodeGroups", 2, "ReplicasPerNodeGroup", 2)),
        "Fn", Map.of("Type", "AWS::Lambda::Function", "Properties", Map.of("ReservedConcurrentExecutions", 7))));
    QuotaNeeds q = QuotaNeeds.of("s", "r", template);
    assertThat(q.vcpus().get("c6i")).containsExactly(64, 96);
    assertThat(q.elasticIps()).isEqualTo(1);
    assertThat(q.cacheNodes()).containsEntry("cache.r6g.large", 6);
    assertThat(q.lambdaLimitNeeded()).isEqualTo(107);
    assertThat(QuotaNeeds.of("s", "r", Map.of("Resources", Map.of())).lambdaLimitNeeded()).isZero();
  }
}
