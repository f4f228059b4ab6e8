package dev.tap.optimizer.pricing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Every EC2 instance type with its specs and on-demand Linux prices per region: the dated
 * resource {@code ec2-catalogue.csv.gz} (see {@code ec2-catalogue.md} for sources and method),
 * consulted for what the bundled price list does not hold. Rows: {@code T,type,vcpu,memoryGib,
 * networkGbps,ebsGbps,arch,generation,current,specSource} and {@code P,region,type,usdPerHour,source}.
 */
public final class Ec2Catalogue {
  public static final String RESOURCE = "/dev/tap/optimizer/pricing/ec2-catalogue.csv.gz";
  public static final String DATE = "2026-07-20";
  /** Price source ids, as {@link Rate#source()} names them. */
  public static final Map<String, String> SOURCES = Map.of(
      "k", "ec2-catalogue: Karpenter AWS provider pricing table generated 2026-07-20 (Apache-2.0)",
      "e", "ec2-catalogue: ec2instances.info table of 2024-04-04 (MIT), for regions the Karpenter table lacks");

  /** One instance type. {@code specSource} is table, derived (size ladder), or none (price only). */
  public record InstanceSpec(String type, int vcpu, double memoryGib, double networkGbps, double ebsGbps, String arch, int generation,
      boolean current, String specSource) {

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

  private static Ec2Catalogue bundled;

  private final Map<String, InstanceSpec> specs;
  private final Map<String, Rate> prices;

  public Ec2Catalogue(Map<String, InstanceSpec> specs, Map<String, Rate> prices) {
    this.specs = Map.copyOf(specs);
    this.prices = Map.copyOf(prices);
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

  public static Ec2Catalogue read(InputStream in) throws IOException {
    Map<String, InstanceSpec> specs = new LinkedHashMap<>();
    Map<String, Rate> prices = new HashMap<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split(",", -1);
      if (f[0].equals("T")) {
        specs.put(f[1], new InstanceSpec(f[1], Integer.parseInt(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
            f[6], Integer.parseInt(f[7]), f[8].equals("y"), f[9]));
      } else if (f[0].equals("P")) {
        prices.put(key(f[1], f[2]), new Rate(Double.parseDouble(f[3]), "ec2-catalogue-" + f[4]));
      }
    }
    return new Ec2Catalogue(specs, prices);
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

  private static String key(String region, String type) {
    return region + "|" + type;
  }
}
