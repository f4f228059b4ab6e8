package dev.tap.optimizer.pricing;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dated price list: hourly instance prices, unit prices and spot-training savings, each with the
 * id of its source; {@code sources} describes every id (provenance and date).
 *
 * @param priceListDate the date the prices were in effect
 * @param dateMeaning one sentence on what that date means for this list
 */
public record PriceList(
    LocalDate priceListDate,
    String dateMeaning,
    String currency,
    Map<String, String> sources,
    Map<InstancePriceKey, Rate> instances,
    Map<UnitPriceKey, Rate> units,
    List<SpotSavings> spotTrainingSavings) {

  public static final String CURRENCY = "USD";

  public PriceList {
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    instances = Collections.unmodifiableMap(new LinkedHashMap<>(instances));
    units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
    spotTrainingSavings = List.copyOf(spotTrainingSavings);
  }

  /** Regions with at least one price, sorted. */
  public List<String> regions() {
    TreeSet<String> r = new TreeSet<>();
    instances.keySet().forEach(k -> r.add(k.region()));
    units.keySet().forEach(k -> r.add(k.region()));
    return List.copyOf(r);
  }
}
