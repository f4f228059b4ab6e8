package dev.tap.optimizer.pricing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Looks prices up in one dated {@link PriceList}. A missing price is an error that names the type
 * and region ({@link MissingPriceException}), never a zero. Monthly figures use 730 hours (365 days
 * x 24 h / 12), the convention of the AWS Pricing Calculator.
 */
public final class PriceBook {
  public static final double HOURS_PER_MONTH = 730;
  public static final int MONTHS_PER_YEAR = 12;

  private final PriceList list;
  private final String origin;
  private final Ec2Catalogue catalogue;

  /** A list with the bundled EC2 catalogue behind it. */
  public PriceBook(PriceList list, String origin) {
    this(list, origin, Ec2Catalogue.bundled());
  }

  public PriceBook(PriceList list, String origin, Ec2Catalogue catalogue) {
    this.list = list;
    this.origin = origin;
    this.catalogue = catalogue;
  }

  /** The list shipped inside TAP. */
  public static PriceBook bundled() {
    return new PriceBook(PriceListFile.bundled(), "the bundled price list");
  }

  /**
   * A list written by {@code tap prices refresh}, with the EC2 catalogue the same refresh wrote
   * beside it ({@link Ec2CatalogueFile}); a list that names no catalogue keeps the bundled one.
   * This is the one place a run's catalogue is chosen.
   */
  public static PriceBook load(Path file) {
    PriceList list = PriceListFile.read(file);
    return new PriceBook(list, "price list " + file, Ec2CatalogueFile.forPriceList(file, list).orElseGet(Ec2Catalogue::bundled));
  }

  public PriceList list() {
    return list;
  }

  /** The EC2 instance catalogue that goes with this list: specs of every type, and the on-demand prices the list lacks. */
  public Ec2Catalogue catalogue() {
    return catalogue;
  }

  /** For every report: "bundled price list dated 2025-06-01 (USD)", and the EC2 catalogue when it is a refreshed one. */
  public String citation() {
    // a refreshed catalogue is named too: its prices and specs decide EC2 candidates (the bundled one is implied)
    return origin + " dated " + list.priceListDate() + " (" + list.currency() + ")"
        + (catalogue == Ec2Catalogue.bundled() ? "" : " with " + catalogue.citation());
  }

  public static double monthly(double hourly) {
    return hourly * HOURS_PER_MONTH;
  }

  public static double annual(double monthly) {
    return monthly * MONTHS_PER_YEAR;
  }

  public Rate hourly(InstancePriceKey key) {
    Rate r = find(key).orElse(null);
    if (r == null) {
      throw new MissingPriceException(key.describe(), this);
    }
    return r;
  }

  public Rate hourly(Service service, String type, String region, Deployment deployment, PurchaseOption purchase) {
    return hourly(new InstancePriceKey(service, type, region, deployment, purchase));
  }

  /** On-demand, single-AZ hourly price in USD. */
  public double onDemandHourly(Service service, String type, String region) {
    return hourly(service, type, region, Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND).usd();
  }

  /** A reserved or other non-on-demand price when the list holds one (not every option exists for every service). */
  public Optional<Rate> find(InstancePriceKey key) {
    Rate r = list.instances().get(key);
    // EC2 on-demand types the list does not hold come from the dated instance catalogue (issue 13).
    return r != null ? Optional.of(r) : catalogue.find(key);
  }

  public Rate unit(UnitRate rate, String region) {
    Rate r = list.units().get(new UnitPriceKey(rate, region));
    if (r == null) {
      throw new MissingPriceException(rate.id + " (per " + rate.unit + ") in " + region, this);
    }
    return r;
  }

  /** A unit rate under a purchase option when the list holds one (Compute Savings Plans rates for Lambda, after a refresh). */
  public Optional<Rate> findUnit(UnitRate rate, String region, PurchaseOption purchase) {
    return Optional.ofNullable(list.units().get(new UnitPriceKey(rate, region, purchase)));
  }

  public double unitUsd(UnitRate rate, String region) {
    return unit(rate, region).usd();
  }

  public SpotSavings spotTrainingSavings(String type, String region) {
    return list.spotTrainingSavings().stream()
        .filter(s -> s.type().equals(type) && s.region().equals(region))
        .findFirst()
        .orElseThrow(() -> new MissingPriceException("managed spot training savings for " + type + " in " + region, this));
  }

  /** What a source id means (provenance and date), for report footnotes. */
  public String describeSource(String sourceId) {
    String fromList = list.sources().get(sourceId);
    if (fromList != null) return fromList;
    // a refreshed catalogue's prices also say which file they come from; the bundled sources carry their dates already
    return catalogue.describeSource(sourceId).map(d -> catalogue == Ec2Catalogue.bundled() ? d : d + " (" + catalogue.citation() + ")").orElse(sourceId);
  }
}
