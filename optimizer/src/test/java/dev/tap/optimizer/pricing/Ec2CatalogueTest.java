package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13: every current-generation general purpose, compute and memory optimised type is priced and has specs. */
class Ec2CatalogueTest {
  private static final Ec2Catalogue C = Ec2Catalogue.bundled();

  @Test
  void everyCurrentGenerationSizedClassHasSpecsAndAUsEast1Price() {
    long sized = 0;
    for (InstanceSpec s : C.types()) {
      if (!s.current() || !s.family().matches("[mcrt]\\d+[a-z-]*") || s.size().startsWith("metal") || C.onDemand("us-east-1", s.type()).isEmpty()) continue;
      assertThat(s.hasSpecs()).as(s.type()).isTrue();
      assertThat(s.networkGbps()).as(s.type()).isPositive();
      assertThat(s.ebsGbps()).as(s.type()).isPositive();
      sized++;
    }
    assertThat(sized).isGreaterThan(700);
  }

  /** The misses: m6g and the medium sizes, priced through PriceBook where the bundled list lacks them. */
  @ParameterizedTest(name = "{0}: {1} vCPU, {2} GiB, {3} USD/h")
  @CsvSource({"m6g.medium, 1, 4, 0.0385", "m6g.large, 2, 8, 0.077", "m8g.large, 2, 8, 0.08976", "c7a.medium, 1, 2, 0.05132"})
  void priceBookFallsBackToTheCatalogue(String type, int vcpu, double memory, double usd) {
    assertThat(C.spec(type).get().vcpu()).isEqualTo(vcpu);
    assertThat(C.spec(type).get().memoryGib()).isEqualTo(memory);
    assertThat(PriceBook.bundled().onDemandHourly(Service.EC2, type, "us-east-1")).isEqualTo(usd);
    assertThat(PriceBook.bundled().hourly(Service.EC2, type, "us-east-1", Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND).source()).startsWith("ec2-catalogue-");
  }
}
