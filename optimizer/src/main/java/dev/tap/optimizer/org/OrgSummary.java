package dev.tap.optimizer.org;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The organisation's figures from every account-region's outcome: totals by account, by region and
 * by family, and the failures. Pure: the same outcomes in any order give the same summary.
 */
public record OrgSummary(List<AccountTotal> accounts, Map<String, Total> regions, Map<String, FamilyFigures> families, Total total,
    List<Outcome.Analysed> analysed, List<Outcome.Failed> failed) {

  /** Resources, recommendations, planned actions and planned monthly savings (USD) of some account-regions. */
  public record Total(int accountRegions, int resources, int recommendations, int planned, double plannedMonthly) {
    static final Total ZERO = new Total(0, 0, 0, 0, 0);

    Total plus(Outcome.Analysed a) {
      int recs = a.families().stream().mapToInt(FamilyFigures::recommendations).sum();
      int planned = a.families().stream().mapToInt(FamilyFigures::planned).sum();
      return new Total(accountRegions + 1, resources + a.resources(), recommendations + recs, this.planned + planned, plannedMonthly + a.plannedMonthly());
    }

    public double plannedAnnual() {
      return plannedMonthly * 12;
    }
  }

  /** One account: its name, its analysed regions' total and how many of its regions failed. */
  public record AccountTotal(String id, String name, Total total, int failedRegions) {}

  public static OrgSummary of(List<? extends Outcome> outcomes) {
    List<Outcome> sorted = new ArrayList<>(outcomes);
    sorted.sort(Comparator.comparing((Outcome o) -> o.where().account().id()).thenComparing(o -> o.where().region()));
    Map<String, AccountTotal> accounts = new LinkedHashMap<>();
    Map<String, Total> regions = new TreeMap<>();
    Map<String, FamilyFigures> families = new TreeMap<>();
    Total total = Total.ZERO;
    List<Outcome.Analysed> analysed = new ArrayList<>();
    List<Outcome.Failed> failed = new ArrayList<>();
    for (Outcome o : sorted) {
      MemberAccount acct = o.where().account();
      AccountTotal at = accounts.getOrDefault(acct.id(), new AccountTotal(acct.id(), acct.name(), Total.ZERO, 0));
      if (o instanceof Outcome.Analysed a) {
        analysed.add(a);
        accounts.put(acct.id(), new AccountTotal(acct.id(), acct.name(), at.total().plus(a), at.failedRegions()));
        regions.merge(o.where().region(), Total.ZERO.plus(a), OrgSummary::sum);
        for (FamilyFigures f : a.families()) families.merge(f.family(), f, FamilyFigures::plus);
        total = total.plus(a);
      } else if (o instanceof Outcome.Failed f) {
        failed.add(f);
        accounts.put(acct.id(), new AccountTotal(acct.id(), acct.name(), at.total(), at.failedRegions() + 1));
      }
    }
    return new OrgSummary(List.copyOf(accounts.values()), regions, families, total, analysed, failed);
  }

  private static Total sum(Total a, Total b) {
    return new Total(a.accountRegions() + b.accountRegions(), a.resources() + b.resources(), a.recommendations() + b.recommendations(),
        a.planned() + b.planned(), a.plannedMonthly() + b.plannedMonthly());
  }
}
