package dev.tap.optimizer.pricing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compute Savings Plans rates from the Price List bulk API (offer {@code AWSComputeSavingsPlan}):
 * the region index, then each region's file of {@code products} (one per plan: term and payment
 * option) and {@code terms.savingsPlan} (per plan, the discounted rate of every usage it covers).
 * Kept: the EC2 types the list prices on-demand (Linux, shared tenancy: {@code BoxUsage:<type>},
 * operation {@code RunInstances}) and the three Lambda GB-second usages ({@link
 * CostModel#LAMBDA_SAVINGS_PLAN_RATES}), for the 1- and 3-year no- and all-upfront plans. The files
 * are streamed: a region's file is large, and only the kept rates are held.
 */
public final class SavingsPlanRates {
  public static final String SOURCE_ID = "aws-savings-plans-offer-files";
  public static final String REGION_INDEX = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json";
  private static final Pattern REGION_PREFIX = Pattern.compile("^[A-Z]{2,4}[0-9]{0,2}-");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OfferFiles files;
  private final Clock clock;

  public SavingsPlanRates(OfferFiles files, Clock clock) {
    this.files = files;
    this.clock = clock;
  }

  /**
   * {@code list} with its Compute Savings Plans rates replaced by the offer files' for its regions;
   * every other price is kept. Fails, writing nothing, when a region has no file or no rate for an
   * EC2 type or Lambda usage the list prices on-demand there.
   */
  public PriceList refresh(PriceList list) {
    Instant retrieved = clock.instant();
    JsonNode index = tree(REGION_INDEX);
    Map<String, String> urls = new HashMap<>();
    index.path("regions").forEach(r -> urls.put(r.path("regionCode").asText(), r.path("versionUrl").asText()));
    List<String> problems = new ArrayList<>();
    Set<String> published = new TreeSet<>();
    Map<InstancePriceKey, Rate> instances = new LinkedHashMap<>();
    list.instances().forEach((k, v) -> {
      if (!k.purchase().savingsPlan) instances.put(k, v);
    });
    Map<UnitPriceKey, Rate> units = new LinkedHashMap<>();
    list.units().forEach((k, v) -> {
      if (!k.purchase().savingsPlan) units.put(k, v);
    });
    for (String region : list.regions()) {
      String url = urls.get(region);
      if (url == null || url.isBlank()) {
        problems.add("no Compute Savings Plans file for " + region + " in " + files.describe(REGION_INDEX));
        continue;
      }
      Set<String> ec2Types = new TreeSet<>();
      list.instances().keySet().stream()
          .filter(k -> k.service() == Service.EC2 && k.region().equals(region) && k.purchase() == PurchaseOption.ON_DEMAND)
          .forEach(k -> ec2Types.add(k.type()));
      boolean lambda = list.units().containsKey(new UnitPriceKey(UnitRate.LAMBDA_GB_SECOND, region));
      RegionRates found = region(url, region, ec2Types, lambda);
      if (!found.publicationDate.isBlank()) published.add(found.publicationDate);
      for (PurchaseOption option : PurchaseOption.values()) {
        if (!option.savingsPlan) continue;
        for (String type : ec2Types) {
          Double usd = found.ec2.get(type + "|" + option.id);
          if (usd == null) problems.add("no " + option.id + " rate for EC2 " + type + " in " + region);
          else instances.put(new InstancePriceKey(Service.EC2, type, region, Deployment.SINGLE_AZ, option), new Rate(usd, SOURCE_ID));
        }
        if (lambda) {
          for (UnitRate rate : CostModel.LAMBDA_SAVINGS_PLAN_RATES) {
            Double usd = found.lambda.get(rate.id + "|" + option.id);
            if (usd == null) problems.add("no " + option.id + " rate for " + rate.usageType + " in " + region);
            else units.put(new UnitPriceKey(rate, region, option), new Rate(usd * rate.apiUnitsPerUnit, SOURCE_ID));
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "the Compute Savings Plans offer files lack " + problems.size() + " rate(s); nothing was written:\n  "
          + String.join("\n  ", problems.subList(0, Math.min(20, problems.size()))) + (problems.size() > 20 ? "\n  ..." : "")
          + "\nA type AWS does not sell in a region has no rate there: remove it from the base list, or pass --no-savings-plans.");
    }
    Map<String, String> sources = new LinkedHashMap<>(list.sources());
    sources.put(SOURCE_ID, "AWS Price List bulk API, offer AWSComputeSavingsPlan (" + files.describe(REGION_INDEX) + "), retrieved " + retrieved
        + (published.isEmpty() ? "" : "; region files published " + String.join(", ", published))
        + ". Compute Savings Plans rates: EC2 Linux shared tenancy per hour, Lambda per GB-second (duration, provisioned concurrency and its "
        + "duration); all-upfront rates are the plan's hourly equivalent.");
    return new PriceList(list.priceListDate(), list.dateMeaning(), list.currency(), sources, instances, units, list.spotTrainingSavings());
  }

  /** The kept rates of one region's file: "type|option" and "rate-id|option" to USD in the API's unit. */
  record RegionRates(String publicationDate, Map<String, Double> ec2, Map<String, Double> lambda) {}

  private record Kept(String sku, String key, boolean ec2, double usd) {}

  RegionRates region(String path, String region, Set<String> ec2Types, boolean lambda) {
    Map<String, PurchaseOption> plans = new HashMap<>();
    Map<String, Integer> termYears = new HashMap<>();
    List<Kept> kept = new ArrayList<>();
    String publication = "";
    try (InputStream in = files.open(path); JsonParser p = new JsonFactory(JSON).createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw bad(path, "is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        p.nextToken();
        switch (field) {
          case "publicationDate" -> publication = p.getText();
          case "products" -> {
            each(p, path, field, product -> {
              if (!"ComputeSavingsPlans".equals(product.path("productFamily").asText())) return;
              JsonNode a = product.path("attributes");
              int years = "3yr".equals(a.path("purchaseTerm").asText()) ? 3 : "1yr".equals(a.path("purchaseTerm").asText()) ? 1 : 0;
              option(years, a.path("purchaseOption").asText()).ifPresent(o -> plans.put(product.path("sku").asText(), o));
            });
          }
          case "terms" -> {
            if (p.currentToken() != JsonToken.START_OBJECT) throw bad(path, "has 'terms' that is not an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String termType = p.getCurrentName();
              p.nextToken();
              if (!"savingsPlan".equals(termType)) {
                p.skipChildren();
                continue;
              }
              // One plan's term at a time: each lists every usage the plan covers.
              each(p, path, "terms.savingsPlan", term -> {
                String sku = term.path("sku").asText();
                termYears.put(sku, term.path("leaseContractLength").path("duration").asInt(0));
                for (JsonNode rate : term.path("rates")) keep(rate, region, ec2Types, lambda).ifPresent(k -> kept.add(new Kept(sku, k.key, k.ec2, k.usd)));
              });
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read the Compute Savings Plans file " + files.describe(path) + ": " + e.getMessage(), e);
    }
    Map<String, Double> ec2 = new HashMap<>();
    Map<String, Double> fn = new HashMap<>();
    for (Kept k : kept) {
      PurchaseOption o = plans.get(k.sku);
      // The product and its term must agree on the length; a plan TAP does not model (partial upfront) has no option.
      if (o == null || termYears.getOrDefault(k.sku, 0) != o.termYears) continue;
      (k.ec2 ? ec2 : fn).put(k.key + "|" + o.id, k.usd);
    }
    return new RegionRates(publication, ec2, fn);
  }

  /** A rate TAP keeps: its key without the option, whether EC2, and its USD; empty for every other usage. */
  private static Optional<Kept> keep(JsonNode rate, String region, Set<String> ec2Types, boolean lambda) {
    String discountedRegion = rate.path("discountedRegionCode").asText("");
    if (!discountedRegion.isEmpty() && !discountedRegion.equals(region)) return Optional.empty(); // Local Zones, Wavelength
    JsonNode price = rate.path("discountedRate");
    if (!"USD".equals(price.path("currency").asText())) return Optional.empty();
    double usd;
    try {
      usd = Double.parseDouble(price.path("price").asText());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String usage = REGION_PREFIX.matcher(rate.path("discountedUsageType").asText()).replaceFirst("");
    String service = rate.path("discountedServiceCode").asText();
    if ("AmazonEC2".equals(service) && usage.startsWith("BoxUsage:") && "RunInstances".equals(rate.path("discountedOperation").asText())) {
      String type = usage.substring("BoxUsage:".length());
      return ec2Types.contains(type) ? Optional.of(new Kept(null, type, true, usd)) : Optional.empty();
    }
    if (lambda && "AWSLambda".equals(service)) {
      for (UnitRate u : CostModel.LAMBDA_SAVINGS_PLAN_RATES) {
        if (u.usageType.equals(usage)) return Optional.of(new Kept(null, u.id, false, usd));
      }
    }
    return Optional.empty();
  }

  static Optional<PurchaseOption> option(int years, String paymentOption) {
    for (PurchaseOption o : PurchaseOption.values()) {
      if (o.savingsPlan && o.termYears == years && o.priceListPurchaseOption.equals(paymentOption)) return Optional.of(o);
    }
    return Optional.empty();
  }

  private void each(JsonParser p, String path, String field, java.util.function.Consumer<JsonNode> element) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) throw bad(path, "has '" + field + "' that is not an array");
    while (p.nextToken() == JsonToken.START_OBJECT) element.accept(p.readValueAsTree());
  }

  private JsonNode tree(String path) {
    try (InputStream in = files.open(path)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read " + files.describe(path) + ": " + e.getMessage(), e);
    }
  }

  private UserError bad(String path, String what) {
    return new UserError(ExitCode.BAD_INPUT, "the Compute Savings Plans file " + files.describe(path) + " " + what + "; is the URL the Price List bulk API's?");
  }
}
