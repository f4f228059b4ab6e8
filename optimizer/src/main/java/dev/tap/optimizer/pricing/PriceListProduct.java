package dev.tap.optimizer.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One product of a Price List GetProducts answer: its attributes, its on-demand price tiers and its
 * reserved terms reduced to effective hourly rates.
 */
record PriceListProduct(
    String sku, Map<String, String> attributes, List<Tier> onDemand, Map<PurchaseOption, Double> reservedHourly,
    String publicationDate) {

  /** A price per unit from {@code beginRange} upwards. */
  record Tier(double beginRange, double usd, String unit) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** "USE1-", "USW2-", "EU-", "APN1-": the region prefix of a usage type (none on some us-east-1 offers). */
  private static final Pattern REGION_PREFIX = Pattern.compile("^[A-Z]{2,4}[0-9]{0,2}-");

  static PriceListProduct parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Price List entry is not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode product = root.path("product");
    Map<String, String> attributes = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = product.path("attributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      attributes.put(a.getKey(), a.getValue().asText());
    }
    List<Tier> onDemand = new ArrayList<>();
    for (JsonNode term : root.path("terms").path("OnDemand")) {
      for (JsonNode dim : term.path("priceDimensions")) {
        onDemand.add(new Tier(range(dim.path("beginRange").asText("0")), usd(dim), dim.path("unit").asText()));
      }
    }
    onDemand.sort(Comparator.comparingDouble(Tier::beginRange));
    Map<PurchaseOption, Double> reserved = new EnumMap<>(PurchaseOption.class);
    for (JsonNode term : root.path("terms").path("Reserved")) {
      JsonNode attrs = term.path("termAttributes");
      String offeringClass = attrs.path("OfferingClass").asText("standard");
      if (!offeringClass.equals("standard")) {
        continue; // convertible reservations cost more and are not what O5 compares
      }
      Optional<PurchaseOption> option =
          PurchaseOption.reserved(attrs.path("LeaseContractLength").asText(), attrs.path("PurchaseOption").asText());
      if (option.isEmpty()) {
        continue; // partial upfront: between the two options the list keeps
      }
      double upfront = 0;
      double hourly = 0;
      for (JsonNode dim : term.path("priceDimensions")) {
        if (dim.path("unit").asText().equals("Quantity")) {
          upfront += usd(dim);
        } else {
          hourly += usd(dim);
        }
      }
      reserved.put(option.get(), hourly + upfront / option.get().termHours());
    }
    return new PriceListProduct(product.path("sku").asText(), attributes, onDemand, reserved,
        root.path("publicationDate").asText(""));
  }

  /** The usage type without its region prefix. */
  String usageType() {
    return REGION_PREFIX.matcher(attributes.getOrDefault("usagetype", "")).replaceFirst("");
  }

  String attribute(String name) {
    return attributes.getOrDefault(name, "");
  }

  /** The first tier with a price: free-tier allowances are priced at zero below it. */
  Optional<Double> firstPaidOnDemand() {
    return onDemand.stream().filter(t -> t.usd() > 0).map(Tier::usd).findFirst();
  }

  private static double usd(JsonNode dim) {
    return Double.parseDouble(dim.path("pricePerUnit").path("USD").asText("0"));
  }

  private static double range(String s) {
    return s.equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
  }
}
