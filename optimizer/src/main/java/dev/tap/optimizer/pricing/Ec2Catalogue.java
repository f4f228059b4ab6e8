package dev.tap.optimizer.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Every EC2 instance type with its specs and on-demand Linux prices per region: the dated
 * resource {@code ec2-catalogue.csv.gz} (see {@code ec2-catalogue.md} for sources and method),
 * consulted for what the bundled price list does not hold, or one rebuilt by {@code tap prices refresh}
 * ({@link Ec2CatalogueFile}). Rows: {@code T,type,vcpu,memoryGib,networkGbps,ebsGbps,arch,generation,
 * current,specSource[,ebsIops]} and {@code P,region,type,usdPerHour,source}; header comments
 * {@code # date: D} and {@code # source ID: TEXT} date a rebuilt file and describe its price sources
 * (the bundled file, which has neither, takes {@link #DATE} and {@link #SOURCES}).
 */
public final class Ec2Catalogue {
  public static final String RESOURCE = "/dev/tap/optimizer/pricing/ec2-catalogue.csv.gz";
  public static final String DATE = "2026-07-20";
  /** Price source ids, as {@link Rate#source()} names them. */
  public static final Map<String, String> SOURCES = Map.of(
      "k", "ec2-catalogue: Karpenter AWS provider pricing table generated 2026-07-20 (Apache-2.0)",
      "e", "ec2-catalogue: ec2instances.info table of 2024-04-04 (MIT), for regions the Karpenter table lacks");

  /**
   * One instance type. {@code specSource} is table, derived (size ladder), none (price only) or api
   * (DescribeInstanceTypes). {@code ebsIops} is the baseline EBS IOPS, 0 when unknown (the bundled file).
   */
  public record InstanceSpec(String type, int vcpu, double memoryGib, double networkGbps, double ebsGbps, String arch, int generation,
      boolean current, String specSource, int ebsIops) {

    public InstanceSpec(String type, int vcpu, double memoryGib, double networkGbps, double ebsGbps, String arch, int generation,
        boolean current, String specSource) {
      this(type, vcpu, memoryGib, networkGbps, ebsGbps, arch, generation, current, specSource, 0);
    }

    /** The baseline EBS IOPS, when the catalogue knows it. */
    public OptionalInt baselineIops() {
      return ebsIops > 0 ? OptionalInt.of(ebsIops) : OptionalInt.empty();
    }

    public boolean hasSpecs() {
      return vcpu > 0 && memoryGib > 0;
    }

    /** The family part of the name: {@code m6i} of {@code m6i.large}. */
    public String family() {
      return type.substring(0, type.indexOf('.'));
    }

    public String size() {
      return type.substring(type.indexOf('.') + 1);
    }
  }

  /** {@link Rate#source()} of a catalogue price: this prefix and the source id. */
  public static final String PRICE_SOURCE_PREFIX = "ec2-catalogue-";
  private static final String DATE_HEADER = "# date:";
  private static final String SOURCE_HEADER = "# source ";

  private static Ec2Catalogue bundled;

  private final Map<String, InstanceSpec> specs;
  private final Map<String, Rate> prices;
  private final String date;
  private final Map<String, String> sources;
  private final String origin;

  public Ec2Catalogue(Map<String, InstanceSpec> specs, Map<String, Rate> prices) {
    this(specs, prices, DATE, SOURCES, "the bundled EC2 catalogue");
  }

  /**
   * @param sources what each price source id means (the part after {@code ec2-catalogue-} of {@link Rate#source()})
   * @param origin where the catalogue came from, for citations ("the bundled EC2 catalogue", "EC2 catalogue FILE")
   */
  public Ec2Catalogue(Map<String, InstanceSpec> specs, Map<String, Rate> prices, String date, Map<String, String> sources, String origin) {
    this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(specs));
    this.prices = Map.copyOf(prices);
    this.date = date;
    this.sources = Map.copyOf(sources);
    this.origin = origin;
  }

  /** The day the catalogue was built (the bundled one: its sources' date). */
  public String date() {
    return date;
  }

  /** Price source ids (without the {@code ec2-catalogue-} prefix) and what they mean. */
  public Map<String, String> sources() {
    return sources;
  }

  /** For reports: "the bundled EC2 catalogue dated 2026-07-20". */
  public String citation() {
    return origin + " dated " + date;
  }

  /** Every price, keyed {@code region|type}, for writing and merging. */
  public Map<String, Rate> pricesByRegionAndType() {
    return prices;
  }

  /** A copy with another origin (the file it was read from). */
  public Ec2Catalogue withOrigin(String origin) {
    return new Ec2Catalogue(specs, prices, date, sources, origin);
  }

  /** The catalogue shipped inside TAP. */
  public static synchronized Ec2Catalogue bundled() {
    if (bundled == null) {
      try (InputStream in = Ec2Catalogue.class.getResourceAsStream(RESOURCE)) {
        if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
        bundled = read(new GZIPInputStream(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
    return bundled;
  }

  /** Reads the row format; a file without {@code # date:} and {@code # source} headers is the bundled one's. */
  public static Ec2Catalogue read(InputStream in) throws IOException {
    Map<String, InstanceSpec> specs = new LinkedHashMap<>();
    Map<String, Rate> prices = new HashMap<>();
    String date = null;
    Map<String, String> sources = new LinkedHashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.startsWith(DATE_HEADER)) {
        date = line.substring(DATE_HEADER.length()).trim();
        continue;
      }
      if (line.startsWith(SOURCE_HEADER)) {
        int colon = line.indexOf(':', SOURCE_HEADER.length());
        if (colon > 0) sources.put(line.substring(SOURCE_HEADER.length(), colon).trim(), line.substring(colon + 1).trim());
        continue;
      }
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split(",", -1);
      if (f[0].equals("T")) {
        specs.put(f[1], new InstanceSpec(f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
            f[6], Integer.parseInt(f[7]), f[8].equals("y"), f[9], f.length > 10 && !f[10].isEmpty() ? Integer.parseInt(f[10]) : 0));
      } else if (f[0].equals("P")) {
        prices.put(key(f[1], f[2]), new Rate(Double.parseDouble(f[3]), PRICE_SOURCE_PREFIX + f[4]));
      }
    }
    if (date == null) return new Ec2Catalogue(specs, prices);
    return new Ec2Catalogue(specs, prices, date, sources, "EC2 catalogue");
  }

  /** Writes the row format with its date and source headers (the reverse of {@link #read}). */
  public void write(Writer w) throws IOException {
    w.write("# tap-ec2-catalogue/1; see ec2-catalogue.md for the row format\n");
    w.write(DATE_HEADER + " " + date + "\n");
    for (Map.Entry<String, String> e : new TreeMap<>(sources).entrySet()) {
      w.write(SOURCE_HEADER + e.getKey() + ": " + e.getValue().replace('\n', ' ') + "\n");
    }
    for (InstanceSpec s : new TreeMap<>(specs).values()) {
      w.write(String.join(",", "T", s.type(), String.valueOf(s.vcpu()), num(s.memoryGib()), num(s.networkGbps()), num(s.ebsGbps()), s.arch(),
          String.valueOf(s.generation()), s.current() ? "y" : "n", s.specSource(), s.ebsIops() > 0 ? String.valueOf(s.ebsIops()) : ""));
      w.write("\n");
    }
    for (Map.Entry<String, Rate> e : new TreeMap<>(prices).entrySet()) {
      String[] k = e.getKey().split("\\|");
      w.write(String.join(",", "P", k[0], k[1], String.valueOf(e.getValue().usd()), e.getValue().source().substring(PRICE_SOURCE_PREFIX.length())));
      w.write("\n");
    }
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  public Optional<InstanceSpec> spec(String type) {
    return Optional.ofNullable(specs.get(type));
  }

  public Collection<InstanceSpec> types() {
    return specs.values();
  }

  /** On-demand Linux USD per hour. */
  public Optional<Rate> onDemand(String region, String type) {
    return Optional.ofNullable(prices.get(key(region, type)));
  }

  /** The catalogue's price for a key the price list lacks: EC2, single-AZ, on-demand only. */
  public Optional<Rate> find(InstancePriceKey k) {
    if (k.service() != Service.EC2 || k.deployment() != Deployment.SINGLE_AZ || k.purchase() != PurchaseOption.ON_DEMAND) return Optional.empty();
    return onDemand(k.region(), k.type());
  }

  /** What a price's {@link Rate#source()} means, when it is one of this catalogue's. */
  public Optional<String> describeSource(String rateSource) {
    return rateSource.startsWith(PRICE_SOURCE_PREFIX)
        ? Optional.ofNullable(sources.get(rateSource.substring(PRICE_SOURCE_PREFIX.length())))
        : Optional.empty();
  }

  static String key(String region, String type) {
    return region + "|" + type;
  }
}
