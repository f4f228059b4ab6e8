package dev.tap.optimizer.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Totals by account, region and family from account-region outcomes; failures kept beside them. */
class OrgSummaryTest {
  static final MemberAccount A = new MemberAccount("111111111111", "trading");
  static final MemberAccount B = new MemberAccount("222222222222", "saas");
  static final MemberAccount C = new MemberAccount("333333333333", "staging");

  static Outcome.Analysed analysed(MemberAccount a, String region, FamilyFigures... f) {
    return new Outcome.Analysed(new AccountRegion(a, region), List.of(f), List.of(), "accounts/" + a.id() + "/" + region);
  }

  static final List<Outcome> OUTCOMES = List.of(
      analysed(A, "us-east-1", new FamilyFigures("Redis", 2, 2, 1, 1000), new FamilyFigures("DAX", 1, 1, 1, 250.5)),
      analysed(A, "eu-west-1", new FamilyFigures("Redis", 1, 1, 0, 0)),
      analysed(B, "us-east-1", new FamilyFigures("Redis", 3, 2, 2, 99.5), new FamilyFigures("Aurora", 2, 1, 1, 400)),
      new Outcome.Failed(new AccountRegion(B, "eu-west-1"), FailureReason.REGION_NOT_ENABLED, "not-opted-in", "opt-in region"),
      new Outcome.Failed(new AccountRegion(C, "us-east-1"), FailureReason.ROLE_NOT_ASSUMABLE, "AccessDenied", "no role"),
      new Outcome.Failed(new AccountRegion(C, "eu-west-1"), FailureReason.ROLE_NOT_ASSUMABLE, "AccessDenied", "no role"));

  @Test
  void sumsByAccountRegionAndFamily() {
    OrgSummary s = OrgSummary.of(OUTCOMES);
    assertThat(s.total().plannedMonthly()).isCloseTo(1750.0, within(1e-9));
    assertThat(s.total().plannedAnnual()).isCloseTo(21000.0, within(1e-9));
    assertThat(s.total().accountRegions()).isEqualTo(3);
    assertThat(s.total().resources()).isEqualTo(9);
    assertThat(s.total().recommendations()).isEqualTo(7);
    assertThat(s.total().planned()).isEqualTo(5);

    assertThat(s.accounts()).extracting(OrgSummary.AccountTotal::id).containsExactly(A.id(), B.id(), C.id());
    assertThat(s.accounts().get(0).total().plannedMonthly()).isCloseTo(1250.5, within(1e-9));
    assertThat(s.accounts().get(0).total().accountRegions()).isEqualTo(2);
    assertThat(s.accounts().get(0).failedRegions()).isZero();
    assertThat(s.accounts().get(1).total().plannedMonthly()).isCloseTo(499.5, within(1e-9));
    assertThat(s.accounts().get(1).failedRegions()).isEqualTo(1);
    // an account no region of which could be read is still listed, with nothing analysed
    assertThat(s.accounts().get(2).total().accountRegions()).isZero();
    assertThat(s.accounts().get(2).failedRegions()).isEqualTo(2);

    assertThat(s.regions()).containsOnlyKeys("eu-west-1", "us-east-1");
    assertThat(s.regions().get("us-east-1").plannedMonthly()).isCloseTo(1750.0, within(1e-9));
    assertThat(s.regions().get("us-east-1").accountRegions()).isEqualTo(2);
    assertThat(s.regions().get("eu-west-1").plannedMonthly()).isZero();

    assertThat(s.families()).containsOnlyKeys("Aurora", "DAX", "Redis");
    assertThat(s.families().get("Redis")).isEqualTo(new FamilyFigures("Redis", 6, 5, 3, 1099.5));

    assertThat(s.analysed()).hasSize(3);
    assertThat(s.failed()).extracting(f -> f.where().toString()).containsExactly("222222222222 eu-west-1", "333333333333 eu-west-1", "333333333333 us-east-1");
  }

  @Test
  void theOrderOutcomesFinishInDoesNotChangeTheSummary() {
    List<Outcome> shuffled = new ArrayList<>(OUTCOMES);
    Collections.reverse(shuffled);
    assertThat(OrgSummary.of(shuffled)).isEqualTo(OrgSummary.of(OUTCOMES));
  }

  @Test
  void nothingReadIsAllFailuresAndZeroTotals() {
    OrgSummary s = OrgSummary.of(OUTCOMES.subList(3, 6));
    assertThat(s.total().accountRegions()).isZero();
    assertThat(s.total().plannedMonthly()).isZero();
    assertThat(s.families()).isEmpty();
    assertThat(s.failed()).hasSize(3);
  }
}
