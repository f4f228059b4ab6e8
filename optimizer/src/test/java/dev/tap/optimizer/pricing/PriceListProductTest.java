package dev.tap.optimizer.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.ServedPriceListApi.Product;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceListProductTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "USE1-BoxUsage:c5.xlarge, BoxUsage:c5.xlarge",
    "BoxUsage:c5.xlarge, BoxUsage:c5.xlarge",
    "EU-Request, Request",
    "APN1-EBS:VolumeP-IOPS.io2, EBS:VolumeP-IOPS.io2",
    "EBS:VolumeUsage.gp3, EBS:VolumeUsage.gp3",
    "Lambda-Edge-Request, Lambda-Edge-Request",
    "Multi-AZUsage:db.r6g.lg, Multi-AZUsage:db.r6g.lg",
    "USW2-Multi-AZUsage:db.r6g.lg, Multi-AZUsage:db.r6g.lg",
    "RDS:GP3-Storage, RDS:GP3-Storage",
  })
  void usageTypeLosesOnlyItsRegionPrefix(String usageType, String stripped) {
    PriceListProduct p = PriceListProduct.parse(new Product("AmazonEC2", "S", "usagetype", usageType).onDemand(1).json());
    assertThat(p.usageType()).isEqualTo(stripped);
  }

  @Test
  void freeTierIsSkippedAndReservedTermsBecomeEffectiveHourlyRates() {
    PriceListProduct p = PriceListProduct.parse(new Product("AmazonEC2", "S", "usagetype", "BoxUsage:c5.xlarge")
        .tier(0, 25, 0).tier(25, -1, 0.25)
        .reserved("3yr", "standard", "No Upfront", 0, 0.073)
        .reserved("3yr", "standard", "All Upfront", 1752, 0)
        .reserved("3yr", "standard", "Partial Upfront", 900, 0.03)
        .reserved("3yr", "convertible", "All Upfront", 2000, 0).json());
    assertThat(p.firstPaidOnDemand()).contains(0.25);
    assertThat(p.reservedHourly()).containsOnlyKeys(PurchaseOption.RESERVED_3Y_NO_UPFRONT, PurchaseOption.RESERVED_3Y_ALL_UPFRONT);
    assertThat(p.reservedHourly().get(PurchaseOption.RESERVED_3Y_ALL_UPFRONT)).isCloseTo(1752 / 26280.0,
        org.assertj.core.data.Offset.offset(1e-12));
  }
}
