package dev.tap.optimizer.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.family.ebs.EbsFamily;
import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The --discover filters: tag matching, exclusions (SPEC O6 and --exclude-tag), unsupported families, the summary. */
class DiscoveryFilterTest {

  static Resource volume(String id, String region, Map<String, String> tags) {
    return new Resource(id, EbsFamily.EBS, region, null, Map.of(EbsFamily.VOLUME_TYPE, "gp2"), tags);
  }

  @ParameterizedTest(name = "--tag {0} on {1} -> {2}")
  @CsvSource(delimiter = ';', value = {
      "Env=prod; Env=prod; true", "Env=prod; Env=dev; false", "Env=prod; Team=a; false", "Env=prod,Env=dev; Env=dev; true",
      "Env=prod,Team=a; Env=prod|Team=a; true", "Env=prod,Team=a; Env=prod; false", "Env=a=b; Env=a=b; true"})
  void tagFilters(String filters, String tags, boolean matches) {
    Map<String, String> t = new java.util.LinkedHashMap<>();
    for (String kv : tags.split("\\|")) t.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    assertThat(DiscoveryFilter.parse(List.of(), List.of(filters.split(",")), List.of()).matches(t)).isEqualTo(matches);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {"--tag; Env; --tag Env is not KEY=VALUE", "--tag; =prod; --tag =prod is not KEY=VALUE",
      "--tag; Env=; --tag Env= is not KEY=VALUE", "--exclude-tag; =x; --exclude-tag =x is not KEY or KEY=VALUE",
      "--regions; useast1; --regions useast1 is not a region code"})
  void badSyntaxNamesTheArgument(String flag, String value, String message) {
    List<String> none = List.of();
    assertThatThrownBy(() -> DiscoveryFilter.parse(flag.equals("--regions") ? List.of(value) : none, flag.equals("--tag") ? List.of(value) : none,
        flag.equals("--exclude-tag") ? List.of(value) : none)).isInstanceOf(UserError.class).hasMessageContaining(message);
  }

  @Test
  void exclusionsAndUnsupportedFamilies() {
    DiscoveryFilter f = DiscoveryFilter.parse(List.of(), List.of(), List.of("Team=payments", "Scratch"));
    Resource tenant = volume("vol-1", "us-east-1", Map.of("TenantId", "acme"));
    Resource critical = volume("vol-2", "us-east-1", Map.of("CriticalPath", "TRUE"));
    Resource payments = volume("vol-3", "eu-west-1", Map.of("Team", "payments"));
    Resource scratch = volume("vol-4", "eu-west-1", Map.of("Scratch", "yes"));
    Resource otherTeam = volume("vol-5", "eu-west-1", Map.of("Team", "web"));
    Resource instance = new Resource("i-1", Ec2Family.EC2, "us-east-1", null, Map.of(), Map.of());
    Discovery d = Discovery.select("test", "123456789012", Instant.EPOCH, List.of(tenant, critical, payments, scratch, otherTeam, instance, otherTeam), f,
        Set.of(EbsFamily.EBS), Map.of(), List.of("DAX in eu-west-1 skipped: denied"));
    // SPEC O6 stays in the inventory (the plan reports it); --exclude-tag leaves it; duplicates once
    assertThat(d.resources()).extracting(Resource::id).containsExactly("vol-1", "vol-2", "vol-5");
    assertThat(d.excluded()).extracting(Discovery.Excluded::id).containsExactly("vol-1", "vol-2", "vol-3", "vol-4");
    assertThat(d.excluded().get(2).reason()).isEqualTo("tagged Team=payments (--exclude-tag Team=payments)");
    assertThat(d.unsupported()).containsExactly(Map.entry("EC2 instance in us-east-1", 1));
    assertThat(d.summary()).containsExactly(
        "Discovered in account 123456789012 (test): 3 resources",
        "  EBS volume: 1 in eu-west-1, 2 in us-east-1",
        "Excluded: 4",
        "  EBS volume vol-1 (us-east-1): tagged TenantId=acme (tenant-owned)",
        "  EBS volume vol-2 (us-east-1): tagged CriticalPath=true",
        "  EBS volume vol-3 (eu-west-1): tagged Team=payments (--exclude-tag Team=payments)",
        "  EBS volume vol-4 (eu-west-1): tagged Scratch=yes (--exclude-tag Scratch)",
        "Seen but not supported: 1",
        "  1 EC2 instance in us-east-1",
        "Problems (skipped, not fatal): 1",
        "  DAX in eu-west-1 skipped: denied");
    assertThat(d.snapshot().problems()).containsExactly("DAX in eu-west-1 skipped: denied");
  }

  @Test
  void regionsLimitWhatIsKept() {
    Discovery d = Discovery.select("t", "1", Instant.EPOCH, List.of(volume("a", "us-east-1", Map.of()), volume("b", "eu-west-1", Map.of())),
        DiscoveryFilter.parse(List.of("eu-west-1"), List.of(), List.of()), Set.of(EbsFamily.EBS), Map.of(), List.of());
    assertThat(d.resources()).extracting(Resource::id).containsExactly("b");
  }
}
