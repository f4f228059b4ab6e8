package dev.tap.optimizer.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreflightTest {

  @ParameterizedTest(name = "quota {0}, in use {1}, needs {2} (max {3}) +{4} -> {5} short by {6}")
  @CsvSource(nullValues = "-", value = {
      // limit, inUse, needed, peak, headroom, result, shortBy
      "5,     0,   3,   3,   0,   FITS,            0",
      "5,     2,   3,   3,   0,   FITS,            0",   // exactly the quota
      "5,     3,   3,   3,   0,   SHORT,           1",   // one more than the quota
      "5,     0,   640, 960, 0,   SHORT,           635", // a default account and trading's c6i fleet
      "900,   0,   640, 960, 0,   FITS_BELOW_PEAK, 0",   // created, cannot scale to its max
      "960,   0,   640, 960, 0,   FITS,            0",
      "600,   0,   500, 500, 100, FITS,            0",   // staging's 5 x 100 reserved needs 600
      "599,   0,   500, 500, 100, SHORT,           1",
      "1000,  400, 500, 500, 100, FITS,            0",   // with reservations already in the account
      "1000,  401, 500, 500, 100, SHORT,           1",
      "-,     0,   6,   6,   0,   UNKNOWN,         0"})
  void comparesInUsePlusNeedsWithTheQuota(Double limit, int inUse, int needed, int peak, int headroom, Check.Result result, int shortBy) {
    Check c = new Check(new Demand(Quotas.VCPU_STANDARD, "x", "us-east-1", needed, peak, headroom), limit == null ? null : QuotaValue.applied(limit), inUse);
    assertThat(c.result()).isEqualTo(result);
    assertThat(c.shortBy()).isEqualTo(shortBy);
  }

  @Test
  void theRequestAsksForInUsePlusThePeakAndOnlyWhenSomethingDoesNotFit() {
    Check shortOne = new Check(new Demand(Quotas.VCPU_STANDARD, "x", "us-east-1", 640, 960, 0), QuotaValue.awsDefault(5, "test"), 8);
    assertThat(shortOne.requestLine("us-east-1")).isEqualTo(
        "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 968 --region us-east-1");
    Check fits = new Check(Demand.fixed(Quotas.ELASTIC_IPS, "x", "us-east-1", 3), QuotaValue.applied(5), 2);
    assertThat(fits.requestLine("us-east-1")).isNull();
    Check noCode = new Check(Demand.fixed(Quotas.DAX_NODES, "x", "us-east-1", 6), null, 0);
    assertThat(noCode.requestLine("us-east-1")).isNull();
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "c6i.8xlarge, L-1216C47A", "m5.4xlarge, L-1216C47A", "c5, L-1216C47A", "r6g.large, L-1216C47A", "t3.micro, L-1216C47A",
      "z1d.large, L-1216C47A", "i4i.xlarge, L-1216C47A", "im4gn.large, L-1216C47A", "a1.large, L-1216C47A", "d3.xlarge, L-1216C47A",
      "g4dn.12xlarge, L-DB2E81BA", "vt1.3xlarge, L-DB2E81BA", "p3.2xlarge, L-417A185B", "x2iedn.xlarge, L-7295265B",
      "f1.2xlarge, L-74FC7D96", "inf2.xlarge, L-1945791B", "dl1.24xlarge, -", "trn1.2xlarge, -", "hpc6a.48xlarge, -", "mac1.metal, -",
      "u-6tb1.metal, -"})
  void eachInstanceFamilyCountsAgainstItsOnDemandClass(String type, String code) {
    Quota q = Quotas.vcpuQuotaOf(type);
    assertThat(q == null ? null : q.quotaCode()).isEqualTo(code);
  }

  static Map<String, Object> template() {
    return Map.of("Resources", Map.ofEntries(
        Map.entry("Lt", Map.of("Type", "AWS::EC2::LaunchTemplate", "Properties", Map.of("LaunchTemplateData", Map.of("InstanceType", "c6i.8xlarge")))),
        Map.entry("Asg", Map.of("Type", "AWS::AutoScaling::AutoScalingGroup", "Properties", Map.of("LaunchTemplate", Map.of("LaunchTemplateId", Map.of("Ref", "Lt")),
            "DesiredCapacity", "2", "MaxSize", "3"))),
        Map.entry("Lt2", Map.of("Type", "AWS::EC2::LaunchTemplate", "Properties", Map.of("LaunchTemplateData", Map.of("InstanceType", "g4dn.xlarge")))),
        Map.entry("Asg2", Map.of("Type", "AWS::AutoScaling::AutoScalingGroup", "Properties", Map.of("LaunchTemplate", Map.of("LaunchTemplateId", Map.of("Ref", "Lt2")),
            "DesiredCapacity", "1", "MaxSize", "1"))),
        Map.entry("SubA", Map.of("Type", "AWS::EC2::Subnet", "Properties", Map.of("AvailabilityZone", "us-east-1a"))),
        Map.entry("SubB", Map.of("Type", "AWS::EC2::Subnet", "Properties", Map.of("AvailabilityZone", Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", "")))))),
        Map.entry("NatA", Map.of("Type", "AWS::EC2::NatGateway", "Properties", Map.of("SubnetId", Map.of("Ref", "SubA")))),
        Map.entry("NatB", Map.of("Type", "AWS::EC2::NatGateway", "Properties", Map.of("SubnetId", Map.of("Ref", "SubB")))),
        Map.entry("EipA", Map.of("Type", "AWS::EC2::EIP")),
        Map.entry("EipB", Map.of("Type", "AWS::EC2::EIP")),
        Map.entry("Fn", Map.of("Type", "AWS::Lambda::Function", "Properties", Map.of("ReservedConcurrentExecutions", 50))),
        Map.entry("Dax", Map.of("Type", "AWS::DAX::Cluster", "Properties", Map.of("NodeType", "dax.r4.large", "ReplicationFactor", 3)))));
  }

  /** An account with the quotas and usage given, recording what was asked. */
  record FakeAccount(Map<Quota, QuotaValue> values, Usage usage) implements AccountQuotas {
    @Override public Optional<QuotaValue> value(Quota quota, String region) {
      return Optional.ofNullable(values.get(quota));
    }

    @Override public Usage usage(String region) {
      return usage;
    }
  }

  @Test
  void checksEachDemandWithTheRegionsUsageAndPerZoneNatGateways() {
    QuotaNeeds n = QuotaNeeds.of("s", "us-east-1", template());
    assertThat(n.natGatewaysByZone()).containsEntry("us-east-1a", 1).containsEntry("?", 1);
    Usage usage = new Usage(Map.of(Quotas.VCPU_STANDARD, 60), 4, Map.of("us-east-1a", 5, "us-east-1b", 2), 1, 0, 0, 0, 0, Map.of());
    FakeAccount account = new FakeAccount(Map.of(Quotas.VCPU_STANDARD, QuotaValue.applied(128), Quotas.VCPU_G_VT, QuotaValue.awsDefault(0, "t"),
        Quotas.ELASTIC_IPS, QuotaValue.applied(5), Quotas.NAT_GATEWAYS_PER_AZ, QuotaValue.applied(5), Quotas.LAMBDA_CONCURRENCY, QuotaValue.applied(1000)),
        usage);
    List<Check> checks = Preflight.check(n, "us-east-1", account);
    Map<String, Check> byWhat = new java.util.TreeMap<>();
    checks.forEach(c -> byWhat.put(c.demand().quota().name() + "@" + c.demand().scope(), c));
    // c6i: 2 x 32 at desired, 3 x 32 at max, beside 60 in use, under 128
    Check standard = byWhat.get(Quotas.VCPU_STANDARD.name() + "@us-east-1");
    assertThat(standard.total()).isEqualTo(124);
    assertThat(standard.result()).isEqualTo(Check.Result.FITS_BELOW_PEAK);
    assertThat(byWhat.get(Quotas.VCPU_G_VT.name() + "@us-east-1").shortBy()).isEqualTo(4); // g4dn.xlarge: 4 vCPUs against 0
    assertThat(byWhat.get(Quotas.ELASTIC_IPS.name() + "@us-east-1").shortBy()).isEqualTo(1); // 4 + 2 > 5
    assertThat(byWhat.get(Quotas.NAT_GATEWAYS_PER_AZ.name() + "@us-east-1a").shortBy()).isEqualTo(1); // zone a already has 5
    assertThat(byWhat.get(Quotas.NAT_GATEWAYS_PER_AZ.name() + "@a zone of us-east-1").inUse()).isEqualTo(5); // unknown zone: the fullest
    assertThat(byWhat.get(Quotas.LAMBDA_CONCURRENCY.name() + "@us-east-1").total()).isEqualTo(150);
    assertThat(byWhat.get(Quotas.DAX_NODES.name() + "@us-east-1").result()).isEqualTo(Check.Result.UNKNOWN);

    String text = PreflightReport.render("s", "us-east-1", checks);
    assertThat(text).contains("SHORT by 4", "SHORT by 1", "fits, max 28 over", "not checked",
        "--service-code ec2 --quota-code L-DB2E81BA --desired-value 4 --region us-east-1",
        "--service-code vpc --quota-code L-FE5A380F --desired-value 6 --region us-east-1",
        "* L-DB2E81BA: AWS default shown; t", "DAX nodes per account and Region: no Service Quotas code is known");
  }
}
