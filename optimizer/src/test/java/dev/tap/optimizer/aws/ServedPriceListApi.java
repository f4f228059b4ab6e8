package dev.tap.optimizer.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.pricing.PriceList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves GetProducts like the Price List API: AWS JSON 1.1, products as JSON strings in PriceList,
 * TERM_MATCH and CONTAINS filters on product attributes, two products a page with NextToken.
 */
public final class ServedPriceListApi {
  public static final int PAGE_SIZE = 2;

  private ServedPriceListApi() {}

  public static ServedAwsJson start(List<String> catalogue) throws IOException {
    return new ServedAwsJson((target, body) -> {
      if (!"AWSPriceListService.GetProducts".equals(target)) {
        return ServedAwsJson.error(400, "InvalidParameterException", "unexpected target " + target);
      }
      List<String> matching = new ArrayList<>();
      for (String p : catalogue) {
        if (matches(read(p), body)) {
          matching.add(p);
        }
      }
      int from = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
      int to = Math.min(from + PAGE_SIZE, matching.size());
      ObjectNode reply = ServedAwsJson.JSON.createObjectNode().put("FormatVersion", "aws_v1");
      ArrayNode list = reply.putArray("PriceList");
      matching.subList(from, to).forEach(list::add);
      if (to < matching.size()) {
        reply.put("NextToken", String.valueOf(to));
      }
      return new ServedAwsJson.Reply(200, reply.toString());
    });
  }

  private static boolean matches(JsonNode product, JsonNode request) {
    if (!product.path("serviceCode").asText().equals(request.path("ServiceCode").asText())) {
      return false;
    }
    JsonNode attrs = product.path("product").path("attributes");
    for (JsonNode f : request.path("Filters")) {
      String actual = attrs.path(f.path("Field").asText()).asText(null);
      String wanted = f.path("Value").asText();
      boolean ok = switch (f.path("Type").asText()) {
        case "TERM_MATCH" -> wanted.equalsIgnoreCase(actual);
        case "CONTAINS" -> actual != null && actual.contains(wanted);
        default -> throw new IllegalArgumentException("filter type " + f.path("Type").asText());
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode read(String json) {
    try {
      return ServedAwsJson.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Builds a product in the Price List's shape. */
  public static final class Product {
    private final String serviceCode;
    private final String sku;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<double[]> tiers = new ArrayList<>(); // beginRange, endRange (-1 = Inf), usd
    private String unit = "Hrs";
    private final List<String[]> reserved = new ArrayList<>(); // lease, class, option, upfront, hourly

    public Product(String serviceCode, String sku, String... keyValues) {
      this.serviceCode = serviceCode;
      this.sku = sku;
      for (int i = 0; i < keyValues.length; i += 2) {
        attributes.put(keyValues[i], keyValues[i + 1]);
      }
    }

    public Product onDemand(double usd) {
      tiers.add(new double[] {0, -1, usd});
      return this;
    }

    public Product tier(double begin, double end, double usd) {
      tiers.add(new double[] {begin, end, usd});
      return this;
    }

    public Product unit(String unit) {
      this.unit = unit;
      return this;
    }

    public Product reserved(String lease, String offeringClass, String option, double upfront, double hourly) {
      reserved.add(new String[] {lease, offeringClass, option, String.valueOf(upfront), String.valueOf(hourly)});
      return this;
    }

    public String json() {
      ObjectNode root = ServedAwsJson.JSON.createObjectNode();
      ObjectNode product = root.putObject("product").put("productFamily", "Compute Instance").put("sku", sku);
      ObjectNode attrs = product.putObject("attributes");
      attrs.put("servicecode", serviceCode);
      attributes.forEach(attrs::put);
      root.put("serviceCode", serviceCode).put("version", "20251101000000").put("publicationDate", "2025-11-01T00:00:00Z");
      ObjectNode terms = root.putObject("terms");
      ObjectNode od = terms.putObject("OnDemand").putObject(sku + ".JRTCKXETXF");
      od.put("offerTermCode", "JRTCKXETXF").put("sku", sku).put("effectiveDate", "2025-11-01T00:00:00Z");
      od.putObject("termAttributes");
      ObjectNode dims = od.putObject("priceDimensions");
      int n = 0;
      for (double[] t : tiers) {
        ObjectNode d = dims.putObject(sku + ".JRTCKXETXF.6YS6EN2CT" + n++);
        d.put("unit", unit).put("beginRange", fmt(t[0])).put("endRange", t[1] < 0 ? "Inf" : fmt(t[1]))
            .put("description", "$" + t[2] + " per " + unit).put("rateCode", sku + ".rate" + n);
        d.putArray("appliesTo");
        d.putObject("pricePerUnit").put("USD", String.format("%.10f", t[2]));
      }
      if (!reserved.isEmpty()) {
        ObjectNode res = terms.putObject("Reserved");
        int k = 0;
        for (String[] r : reserved) {
          String code = sku + ".RES" + k++;
          ObjectNode term = res.putObject(code).put("offerTermCode", "RES" + k).put("sku", sku)
              .put("effectiveDate", "2025-11-01T00:00:00Z");
          term.putObject("termAttributes").put("LeaseContractLength", r[0]).put("OfferingClass", r[1])
              .put("PurchaseOption", r[2]);
          ObjectNode rd = term.putObject("priceDimensions");
          rd.putObject(code + ".2TG2D8R56U").put("unit", "Quantity").put("description", "Upfront Fee")
              .putObject("pricePerUnit").put("USD", r[3]);
          rd.putObject(code + ".6YS6EN2CT7").put("unit", "Hrs").put("beginRange", "0").put("endRange", "Inf")
              .putObject("pricePerUnit").put("USD", r[4]);
        }
      }
      return root.toString();
    }

    private static String fmt(double d) {
      return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
  }
}
