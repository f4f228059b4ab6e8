package dev.tap.optimizer.pricing;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Rebuilds a price list from the AWS Price List API: every instance type and unit rate of a base
 * list (plus any regions and types asked for), on-demand and Standard reserved terms; not Compute
 * Savings Plans rates, which AWS publishes in separate offer files ({@code AWSComputeSavingsPlan}, read by
 * {@link SavingsPlanRates}). Either every
 * on-demand price is found or nothing is returned: a partial list would silently drop prices.
 */
public final class PriceListRefresher {
  public static final String SOURCE_ID = "aws-price-list-api";
  private static final int MAX_LISTED_PROBLEMS = 20;

  private final PriceListApi api;
  private final Clock clock;

  public PriceListRefresher(PriceListApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /** A type to add to the catalogue. */
  public record TypeToPrice(Service service, String type) {}

  public PriceList refresh(PriceList base, Collection<String> extraRegions, Collection<TypeToPrice> extraTypes) {
    Set<String> regions = new TreeSet<>(base.regions());
    regions.addAll(extraRegions);
    Set<Group> groups = new LinkedHashSet<>();
    base.instances().keySet().forEach(k -> groups.add(new Group(k.service(), k.type(), k.deployment())));
    for (TypeToPrice t : extraTypes) {
      groups.add(new Group(t.service(), t.type(), Deployment.SINGLE_AZ));
      if (t.service() == Service.RDS_POSTGRESQL) {
        groups.add(new Group(t.service(), t.type(), Deployment.MULTI_AZ));
      }
    }

    Instant retrieved = clock.instant();
    List<String> problems = new ArrayList<>();
    Set<String> publicationDates = new TreeSet<>();
    Map<InstancePriceKey, Rate> instances = new LinkedHashMap<>();
    for (Group g : groups) {
      for (String region : regions) {
        String what = new InstancePriceKey(g.service, g.type, region, g.deployment, PurchaseOption.ON_DEMAND).describe();
        List<PriceListProduct> found = fetch(PriceListQueries.instance(g.service, g.type, region, g.deployment));
        found.forEach(p -> publicationDates.add(p.publicationDate()));
        Map<PurchaseOption, Double> prices = merge(found, what, problems);
        prices.forEach((option, usd) ->
            instances.put(new InstancePriceKey(g.service, g.type, region, g.deployment, option), new Rate(usd, SOURCE_ID)));
      }
    }
    Map<UnitPriceKey, Rate> units = new LinkedHashMap<>();
    for (UnitRate rate : UnitRate.values()) {
      for (String region : regions) {
        String what = rate.id + " (usage type " + rate.usageType + ") in " + region;
        List<PriceListProduct> found = fetch(PriceListQueries.unit(rate, region));
        found.forEach(p -> publicationDates.add(p.publicationDate()));
        Double usd = merge(found, what, problems).get(PurchaseOption.ON_DEMAND);
        if (usd != null) {
          units.put(new UnitPriceKey(rate, region), new Rate(usd * rate.apiUnitsPerUnit, SOURCE_ID));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "the AWS Price List API did not give a single price for "
          + problems.size() + " entr" + (problems.size() == 1 ? "y" : "ies") + "; nothing was written:\n  "
          + problems.stream().limit(MAX_LISTED_PROBLEMS).collect(Collectors.joining("\n  "))
          + (problems.size() > MAX_LISTED_PROBLEMS ? "\n  ..." : "")
          + "\nCheck the type and region names (a type not sold in a region has no price there).");
    }

    Map<String, String> sources = new LinkedHashMap<>();
    publicationDates.remove("");
    sources.put(SOURCE_ID, "AWS Price List API (GetProducts), retrieved " + retrieved
        + (publicationDates.isEmpty() ? "" : "; offer publication dates " + String.join(", ", publicationDates))
        + ". On-demand and Standard reserved terms; reserved rates are effective hourly figures. Compute Savings Plans rates are not"
        + " fetched by GetProducts (AWS publishes them in the separate AWSComputeSavingsPlan offer files, which 'tap prices refresh' reads"
        + " unless --no-savings-plans; source " + SavingsPlanRates.SOURCE_ID + ").");
    base.spotTrainingSavings().forEach(s -> sources.put(s.source(), base.sources().get(s.source())));
    return new PriceList(LocalDate.ofInstant(retrieved, ZoneOffset.UTC),
        "The date these prices were retrieved from the AWS Price List API: list prices in effect that day.",
        PriceList.CURRENCY, sources, instances, units, base.spotTrainingSavings());
  }

  private List<PriceListProduct> fetch(PriceListQueries.Query q) {
    return api.products(q.serviceCode(), q.filters()).stream()
        .map(PriceListProduct::parse)
        .filter(q.keep())
        .toList();
  }

  /**
   * The prices of the matching products, which must agree (the same rate may be listed once per
   * engine edition). Records a problem when there is no on-demand price or the products disagree.
   */
  private static Map<PurchaseOption, Double> merge(List<PriceListProduct> found, String what, List<String> problems) {
    Map<PurchaseOption, Double> prices = new LinkedHashMap<>();
    for (PriceListProduct p : found) {
      p.firstPaidOnDemand().ifPresent(usd -> prices.merge(PurchaseOption.ON_DEMAND, usd, (a, b) -> disagree(a, b, what, problems)));
      p.reservedHourly().forEach((o, usd) -> prices.merge(o, usd, (a, b) -> disagree(a, b, what + " " + o.id, problems)));
    }
    if (!prices.containsKey(PurchaseOption.ON_DEMAND)) {
      problems.add("no on-demand price for " + what
          + (found.isEmpty() ? " (no matching product)" : " (" + found.size() + " products, none priced)"));
    }
    return prices;
  }

  private static Double disagree(double a, double b, String what, List<String> problems) {
    if (Math.abs(a - b) > 1e-12) {
      problems.add("products disagree on " + what + ": " + a + " vs " + b);
    }
    return a;
  }

  private record Group(Service service, String type, Deployment deployment) {}
}
