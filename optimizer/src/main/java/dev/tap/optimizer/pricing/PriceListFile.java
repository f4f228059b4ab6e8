package dev.tap.optimizer.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the price-list JSON format ({@code schema: tap-price-list/1}, described in
 * aws-prices.md next to the bundled list). One price per line, so a refresh diffs readably.
 */
public final class PriceListFile {
  public static final String SCHEMA = "tap-price-list/1";
  static final String BUNDLED_RESOURCE = "/dev/tap/optimizer/pricing/aws-prices.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PriceListFile() {}

  /** The price list shipped inside TAP. */
  public static PriceList bundled() {
    try (InputStream in = PriceListFile.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("bundled price list missing from the jar: " + BUNDLED_RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled price list");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PriceList read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read price list " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses a price list; {@code origin} names the file in error messages. */
  public static PriceList parse(String text, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw bad(origin, "is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(origin, "must be a JSON object");
    }
    if (!SCHEMA.equals(root.path("schema").asText())) {
      throw bad(origin, "has schema '" + root.path("schema").asText() + "'; expected '" + SCHEMA + "'");
    }
    String currency = text(root, "currency", origin);
    if (!PriceList.CURRENCY.equals(currency)) {
      throw bad(origin, "is in " + currency + "; TAP computes savings in " + PriceList.CURRENCY + " only");
    }
    LocalDate date;
    try {
      date = LocalDate.parse(text(root, "priceListDate", origin));
    } catch (DateTimeParseException e) {
      throw bad(origin, "key 'priceListDate' must be a date like 2025-06-01");
    }
    Map<String, String> sources = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("sources").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      sources.put(e.getKey(), e.getValue().asText());
    }

    Map<InstancePriceKey, Rate> instances = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode row : root.path("instances")) {
      String where = "instances[" + i++ + "]";
      Service service = Service.byId(text(row, "service", origin, where))
          .orElseThrow(() -> bad(origin, where + " has unknown service '" + row.path("service").asText() + "'"));
      Deployment deployment = row.has("deployment")
          ? Deployment.byId(row.get("deployment").asText())
              .orElseThrow(() -> bad(origin, where + " has unknown deployment '" + row.path("deployment").asText() + "'"))
          : Deployment.SINGLE_AZ;
      PurchaseOption purchase = PurchaseOption.byId(text(row, "purchase", origin, where))
          .orElseThrow(() -> bad(origin, where + " has unknown purchase option '" + row.path("purchase").asText() + "'"));
      InstancePriceKey key = new InstancePriceKey(
          service, text(row, "type", origin, where), text(row, "region", origin, where), deployment, purchase);
      if (instances.put(key, rate(row, sources, origin, where)) != null) {
        throw bad(origin, where + " repeats " + key.describe());
      }
    }

    Map<UnitPriceKey, Rate> units = new LinkedHashMap<>();
    i = 0;
    for (JsonNode row : root.path("units")) {
      String where = "units[" + i++ + "]";
      UnitRate rate = UnitRate.byId(text(row, "rate", origin, where))
          .orElseThrow(() -> bad(origin, where + " has unknown rate '" + row.path("rate").asText() + "'"));
      PurchaseOption purchase = row.has("purchase")
          ? PurchaseOption.byId(row.get("purchase").asText())
              .orElseThrow(() -> bad(origin, where + " has unknown purchase option '" + row.path("purchase").asText() + "'"))
          : PurchaseOption.ON_DEMAND;
      UnitPriceKey key = new UnitPriceKey(rate, text(row, "region", origin, where), purchase);
      if (units.put(key, rate(row, sources, origin, where)) != null) {
        throw bad(origin, where + " repeats " + rate.id + " in " + key.region() + (purchase == PurchaseOption.ON_DEMAND ? "" : " " + purchase.id));
      }
    }

    List<SpotSavings> spot = new ArrayList<>();
    i = 0;
    for (JsonNode row : root.path("spotTrainingSavings")) {
      String where = "spotTrainingSavings[" + i++ + "]";
      int pct = row.path("savingsPercent").asInt(-1);
      if (pct < 0 || pct > 100) {
        throw bad(origin, where + " key 'savingsPercent' must be 0 to 100");
      }
      spot.add(new SpotSavings(
          text(row, "type", origin, where), text(row, "region", origin, where), pct,
          text(row, "interruptionBand", origin, where), source(row, sources, origin, where)));
    }
    return new PriceList(date, root.path("priceListDateMeaning").asText(""), currency, sources, instances, units, spot);
  }

  /** Writes {@code list} to {@code out} through a temporary file in the same directory, then a move. */
  public static void writeAtomically(PriceList list, Path out) {
    WholeFile.write(out, "price list", o -> o.write(format(list).getBytes(StandardCharsets.UTF_8)));
  }

  static String format(PriceList list) {
    try {
      StringBuilder b = new StringBuilder("{\n");
      field(b, "schema", SCHEMA);
      field(b, "priceListDate", list.priceListDate().toString());
      field(b, "priceListDateMeaning", list.dateMeaning());
      field(b, "currency", list.currency());
      b.append(" \"hoursPerMonth\": ").append((int) PriceBook.HOURS_PER_MONTH).append(",\n");
      field(b, "reservedRates", RESERVED_RATES_NOTE);
      List<String> rows = new ArrayList<>();
      for (Map.Entry<String, String> e : list.sources().entrySet()) {
        rows.add(JSON.writeValueAsString(e.getKey()) + ": " + JSON.writeValueAsString(e.getValue()));
      }
      b.append(" \"sources\": {\n  ").append(String.join(",\n  ", rows)).append("\n },\n");
      rows.clear();
      for (Map.Entry<InstancePriceKey, Rate> e : list.instances().entrySet()) {
        InstancePriceKey k = e.getKey();
        ObjectNode n = JSON.createObjectNode().put("service", k.service().id).put("type", k.type()).put("region", k.region());
        if (k.deployment() != Deployment.SINGLE_AZ) {
          n.put("deployment", k.deployment().id);
        }
        n.put("purchase", k.purchase().id).put("usd", e.getValue().usd()).put("source", e.getValue().source());
        rows.add(JSON.writeValueAsString(n));
      }
      array(b, "instances", rows, false);
      rows.clear();
      for (Map.Entry<UnitPriceKey, Rate> e : list.units().entrySet()) {
        ObjectNode n = JSON.createObjectNode().put("rate", e.getKey().rate().id).put("region", e.getKey().region());
        if (e.getKey().purchase() != PurchaseOption.ON_DEMAND) {
          n.put("purchase", e.getKey().purchase().id);
        }
        rows.add(JSON.writeValueAsString(n.put("usd", e.getValue().usd()).put("source", e.getValue().source())));
      }
      array(b, "units", rows, false);
      rows.clear();
      for (SpotSavings s : list.spotTrainingSavings()) {
        rows.add(JSON.writeValueAsString(JSON.createObjectNode()
            .put("type", s.type()).put("region", s.region()).put("savingsPercent", s.savingsPercent())
            .put("interruptionBand", s.interruptionBand()).put("source", s.source())));
      }
      array(b, "spotTrainingSavings", rows, true);
      return b.append("}\n").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String RESERVED_RATES_NOTE =
      "Reserved rates are effective hourly figures: upfront fee / hours in the term + recurring hourly fee."
          + " EC2 rates are Standard Reserved Instances (Linux, shared tenancy); EC2 Instance Savings Plans"
          + " charge the same effective rates for the same term and payment option."
          + " Compute Savings Plans rates (savings-plan-compute-*) are the plan's hourly rate for the instance, all-upfront ones the upfront spread over the hours of the term.";

  private static void field(StringBuilder b, String name, String value) throws IOException {
    b.append(" \"").append(name).append("\": ").append(JSON.writeValueAsString(value)).append(",\n");
  }

  private static void array(StringBuilder b, String name, List<String> rows, boolean last) {
    b.append(" \"").append(name).append("\": [\n  ").append(String.join(",\n  ", rows)).append("\n ]");
    b.append(last ? "\n" : ",\n");
  }

  private static Rate rate(JsonNode row, Map<String, String> sources, String origin, String where) {
    JsonNode usd = row.get("usd");
    if (usd == null || !usd.isNumber() || usd.asDouble() < 0) {
      throw bad(origin, where + " key 'usd' must be a non-negative number");
    }
    return new Rate(usd.asDouble(), source(row, sources, origin, where));
  }

  private static String source(JsonNode row, Map<String, String> sources, String origin, String where) {
    String id = text(row, "source", origin, where);
    if (!sources.containsKey(id)) {
      throw bad(origin, where + " names source '" + id + "', which 'sources' does not describe");
    }
    return id;
  }

  private static String text(JsonNode node, String key, String origin) {
    return text(node, key, origin, "top level");
  }

  private static String text(JsonNode node, String key, String origin, String where) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw bad(origin, where + " lacks the text key '" + key + "'");
    }
    return v.asText();
  }

  private static UserError bad(String origin, String what) {
    return new UserError(ExitCode.BAD_INPUT, "price list " + origin + " " + what
        + ". Fix the file or regenerate it with 'tap prices refresh --out FILE'.");
  }
}
