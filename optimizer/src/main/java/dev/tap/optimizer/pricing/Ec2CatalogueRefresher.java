package dev.tap.optimizer.pricing;

import static dev.tap.optimizer.pricing.ProductFilter.equal;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rebuilds the EC2 instance catalogue for the regions of a run: specs from DescribeInstanceTypes
 * ({@link InstanceTypesApi}) and on-demand Linux prices from the Price List API's GetProducts
 * ({@link PriceListApi}), over a base catalogue (the bundled one). What a region's APIs do not
 * return keeps its base entry, and a current-generation type the Price List does not price keeps
 * the base price, named with its source and date in the summary.
 */
public final class Ec2CatalogueRefresher {
  /** Price source id of the prices this refresh fetched. */
  public static final String API_PRICE_SOURCE = "a";
  /** {@code specSource} of the specs this refresh fetched. */
  public static final String API_SPEC_SOURCE = "api";
  private static final Pattern PLAIN_GBIT = Pattern.compile("^(?:(\\d+)x\\s*)?(\\d+(?:\\.\\d+)?)\\s*Gigabit$", Pattern.CASE_INSENSITIVE);
  private static final Pattern GENERATION = Pattern.compile("^[a-z]+(\\d+)");

  private final InstanceTypesApi types;
  private final PriceListApi prices;
  private final Clock clock;

  public Ec2CatalogueRefresher(InstanceTypesApi types, PriceListApi prices, Clock clock) {
    this.types = types;
    this.prices = prices;
    this.clock = clock;
  }

  /**
   * What a region's refresh did: how many types' specs and prices came from the APIs, the
   * current-generation types priced from the base catalogue (type -> source description), and
   * those priced by neither (must stay empty).
   */
  public record RegionSummary(String region, int typesRefreshed, int pricesRefreshed, Map<String, String> basePriced, List<String> unpriced) {}

  public record Result(Ec2Catalogue catalogue, List<RegionSummary> regions) {}

  public Result refresh(Ec2Catalogue base, Collection<String> regions) {
    Instant retrieved = clock.instant();
    Map<String, Ec2Catalogue.InstanceSpec> specs = new TreeMap<>();
    base.types().forEach(s -> specs.put(s.type(), s));
    Map<String, Rate> rows = new HashMap<>(base.pricesByRegionAndType());
    Set<String> publicationDates = new TreeSet<>();
    List<RegionSummary> summaries = new ArrayList<>();
    for (String region : new TreeSet<>(regions)) {
      List<InstanceTypesApi.Facts> facts = types.instanceTypes(region);
      for (InstanceTypesApi.Facts f : facts) {
        specs.put(f.type(), spec(f, Optional.ofNullable(specs.get(f.type()))));
      }
      Map<String, Double> fetched = onDemand(region, publicationDates);
      fetched.forEach((type, usd) -> rows.put(Ec2Catalogue.key(region, type), new Rate(usd, Ec2Catalogue.PRICE_SOURCE_PREFIX + API_PRICE_SOURCE)));
      Map<String, String> basePriced = new TreeMap<>();
      List<String> unpriced = new ArrayList<>();
      for (InstanceTypesApi.Facts f : facts) {
        if (!mustBePriced(f) || fetched.containsKey(f.type())) continue;
        Rate kept = rows.get(Ec2Catalogue.key(region, f.type()));
        if (kept != null) {
          basePriced.put(f.type(), base.describeSource(kept.source()).orElse(kept.source()));
        } else {
          unpriced.add(f.type());
        }
      }
      unpriced.sort(null);
      summaries.add(new RegionSummary(region, facts.size(), fetched.size(), basePriced, unpriced));
    }

    Map<String, String> sources = new LinkedHashMap<>(base.sources());
    publicationDates.remove("");
    sources.put(API_PRICE_SOURCE, "AWS Price List API (GetProducts, AmazonEC2: Linux, shared tenancy, no pre-installed software, no licence), retrieved "
        + retrieved + (publicationDates.isEmpty() ? "" : "; offer publication dates " + String.join(", ", publicationDates))
        + "; specs from EC2 DescribeInstanceTypes (specSource api) in " + String.join(", ", new TreeSet<>(regions))
        + "; types and prices these did not return are the base catalogue's (" + base.citation() + ")");
    LocalDate date = LocalDate.ofInstant(retrieved, ZoneOffset.UTC);
    return new Result(new Ec2Catalogue(specs, rows, date.toString(), sources, "EC2 catalogue"), summaries);
  }

  /** Types a Linux, shared-tenancy price must exist for: current generation, not Mac (macOS on Dedicated Hosts only). */
  static boolean mustBePriced(InstanceTypesApi.Facts f) {
    return f.currentGeneration() && f.architectures().stream().noneMatch(a -> a.endsWith("_mac"));
  }

  /** On-demand Linux USD per hour of every type GetProducts prices in {@code region}. */
  private Map<String, Double> onDemand(String region, Set<String> publicationDates) {
    List<ProductFilter> filters = List.of(equal("regionCode", region), equal("operatingSystem", "Linux"), equal("tenancy", "Shared"),
        equal("preInstalledSw", "NA"), equal("capacitystatus", "Used"), equal("licenseModel", "No License required"));
    Map<String, Double> out = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (String json : prices.products(Service.EC2.serviceCode, filters)) {
      PriceListProduct p = PriceListProduct.parse(json);
      String type = p.attribute("instanceType");
      // Linux without SQL or a licence runs as operation "RunInstances"; BoxUsage is shared tenancy on demand;
      // a market option other than on-demand (Capacity Blocks) is not the list price
      String market = p.attribute("marketoption");
      if (type.isEmpty() || !p.usageType().equals("BoxUsage:" + type) || !p.attribute("operation").equals("RunInstances")
          || !(market.isEmpty() || market.equals("OnDemand"))) continue;
      publicationDates.add(p.publicationDate());
      Optional<Double> usd = p.firstPaidOnDemand();
      if (usd.isEmpty()) continue;
      Double before = out.putIfAbsent(type, usd.get());
      if (before != null && Math.abs(before - usd.get()) > 1e-12) {
        problems.add(type + " in " + region + ": " + before + " vs " + usd.get());
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "the AWS Price List API gave two on-demand Linux prices for " + problems.size()
          + " EC2 type(s); nothing was written:\n  " + problems.stream().limit(20).collect(Collectors.joining("\n  ")));
    }
    return out;
  }

  /** A type's spec from DescribeInstanceTypes; what it lacks (network "Up to", EBS) is the base entry's, if any. */
  static Ec2Catalogue.InstanceSpec spec(InstanceTypesApi.Facts f, Optional<Ec2Catalogue.InstanceSpec> base) {
    String arch = f.architectures().contains("arm64") ? "arm64"
        : f.architectures().contains("x86_64") || f.architectures().isEmpty() ? "x86_64" : f.architectures().get(0);
    double network = networkGbps(f).orElse(base.map(Ec2Catalogue.InstanceSpec::networkGbps).orElse(0.0));
    double ebs = f.ebsBaselineMbps() > 0 ? f.ebsBaselineMbps() / 1000 : base.map(Ec2Catalogue.InstanceSpec::ebsGbps).orElse(0.0);
    int generation = base.map(Ec2Catalogue.InstanceSpec::generation).orElseGet(() -> generation(f.type()));
    return new Ec2Catalogue.InstanceSpec(f.type(), f.vcpu(), f.memoryMib() / 1024.0, network, ebs, arch, generation, f.currentGeneration(),
        API_SPEC_SOURCE, f.ebsBaselineIops());
  }

  /**
   * The baseline network bandwidth: the network cards' baselines added up, no more than a plain
   * "N Gigabit" (or "4x 100 Gigabit") performance, which is the instance's sustained total; without
   * card figures the plain performance alone. "Up to N Gigabit" is a burst ceiling, not a baseline,
   * and "Moderate"/"High" are no figure: empty.
   */
  public static Optional<Double> networkGbps(InstanceTypesApi.Facts f) {
    Optional<Double> plain = plainGbps(f.networkPerformance());
    Optional<Double> cards = f.cardsBaseline();
    if (cards.isPresent()) return Optional.of(plain.map(p -> Math.min(p, cards.get())).orElse(cards.get()));
    return plain;
  }

  static Optional<Double> plainGbps(String performance) {
    Matcher m = PLAIN_GBIT.matcher(performance == null ? "" : performance.trim());
    if (!m.matches()) return Optional.empty();
    double each = Double.parseDouble(m.group(2));
    return Optional.of(m.group(1) == null ? each : Integer.parseInt(m.group(1)) * each);
  }

  /** The generation digit(s) of a family name: 6 for m6i.large, 0 when the name has none (u-6tb1.metal). */
  static int generation(String type) {
    Matcher m = GENERATION.matcher(type.toLowerCase(Locale.ROOT));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
