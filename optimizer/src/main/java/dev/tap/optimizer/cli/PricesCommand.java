package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsInstanceTypesApi;
import dev.tap.optimizer.aws.AwsOfferFiles;
import dev.tap.optimizer.aws.AwsPriceListApi;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2CatalogueFile;
import dev.tap.optimizer.pricing.Ec2CatalogueRefresher;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.PriceListRefresher;
import dev.tap.optimizer.pricing.SavingsPlanRates;
import dev.tap.optimizer.pricing.Service;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tap prices}: show the dated price list in use, or rebuild it from the AWS Price List API. */
@Command(
    name = "prices",
    mixinStandardHelpOptions = true,
    description = "The dated AWS price list that savings are computed with.",
    subcommands = {PricesCommand.Refresh.class})
public final class PricesCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin PriceListOption prices;

  @Override
  public void run() {
    PriceBook book = prices.book();
    spec.commandLine().getOut().println("Savings use " + book.citation() + ": "
        + book.list().instances().size() + " hourly prices and " + book.list().units().size()
        + " unit prices for " + String.join(", ", book.list().regions()) + ".");
    spec.commandLine().getOut().println("EC2 instance specs and the on-demand prices the list lacks come from " + book.catalogue().citation() + ": "
        + book.catalogue().types().size() + " types.");
    spec.commandLine().getOut().println("Run 'tap prices refresh --out FILE' to rebuild both from the AWS Price List API and EC2 DescribeInstanceTypes.");
  }

  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuild the price list from the AWS Price List API (GetProducts, us-east-1 endpoint):",
        "every type and region of the base list, on-demand and Standard reserved terms.",
        "Needs AWS credentials allowed pricing:GetProducts. Compute Savings Plans rates come from the",
        "public AWSComputeSavingsPlan offer files (HTTPS, no credentials). The file is written only",
        "when every price was found (temporary file, then a move).",
        "",
        "It also rebuilds the EC2 instance catalogue (specs and on-demand Linux",
        "prices of every type) in the list's regions: specs from EC2",
        "DescribeInstanceTypes (needs ec2:DescribeInstanceTypes and",
        "ec2:DescribeInstanceTypeOfferings), prices from GetProducts; what a region",
        "does not return keeps the bundled entry. It is written beside the list",
        "(prices.json -> prices.ec2-catalogue.csv.gz) and named in it: a run given",
        "--prices prices.json uses it, and refuses a catalogue from another refresh."
      },
      footer = {"", "Examples:", "  tap prices refresh --out prices.json",
        "  tap prices refresh --out prices.json --regions eu-west-1,ap-south-1 --type ec2:c7i.2xlarge",
        "  tap analyze --prices prices.json ...      (uses prices.json and prices.ec2-catalogue.csv.gz)"})
  public static final class Refresh implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the new list.")
    Path out;

    @Option(names = "--from", paramLabel = "FILE",
        description = "Base list whose types and regions are priced (default: the bundled list).")
    Path from;

    @Option(names = {"--region", "--regions"}, paramLabel = "REGION", split = ",",
        description = "Also price every type, and rebuild the EC2 catalogue, in these regions (repeatable, or comma-separated).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--no-catalogue",
        description = "Do not rebuild the EC2 instance catalogue; runs with the new list then use the bundled catalogue ("
            + Ec2Catalogue.DATE + ") for EC2 specs and the on-demand prices the list lacks.")
    boolean noCatalogue;

    @Option(names = "--type", paramLabel = "SERVICE:TYPE",
        description = "Also price this type, e.g. ec2:c7i.2xlarge, rds-postgresql:db.r7g.large (repeatable). "
            + "Services: ec2, rds-postgresql, aurora-postgresql, aurora-mysql, elasticache-redis, dax, "
            + "sagemaker-hosting, sagemaker-training.")
    List<String> types = new ArrayList<>();

    @Option(names = "--no-savings-plans",
        description = "Do not fetch Compute Savings Plans rates (by default they come from the Price List bulk API's AWSComputeSavingsPlan "
            + "offer files: the list's EC2 types and Lambda GB-seconds); the new list then has none.")
    boolean noSavingsPlans;

    @Option(names = "--savings-plans-url", paramLabel = "URL", defaultValue = AwsOfferFiles.DEFAULT_BASE,
        description = "Host of the Price List bulk API's offer files (default: ${DEFAULT-VALUE}).")
    String savingsPlansUrl = AwsOfferFiles.DEFAULT_BASE;

    @Mixin AwsConnectionOptions aws;

    private final Clock clock;

    public Refresh() {
      this(Clock.systemUTC());
    }

    Refresh(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Integer call() {
      PriceList base = from == null ? PriceListFile.bundled() : PriceListFile.read(from);
      List<PriceListRefresher.TypeToPrice> extra = types.stream().map(Refresh::parseType).toList();
      regions.forEach(r -> AwsClients.requireKnownRegion(r, "--region"));
      requireWritable(out, "--out");
      Path cataloguePath = Ec2CatalogueFile.besides(out);
      PriceList fresh;
      Ec2CatalogueRefresher.Result catalogue = null;
      try (AwsClients clients = AwsClients.create(aws.options())) {
        AwsPriceListApi priceList = new AwsPriceListApi(clients);
        fresh = new PriceListRefresher(priceList, clock).refresh(base, regions, extra);
        if (!noCatalogue) {
          catalogue = new Ec2CatalogueRefresher(new AwsInstanceTypesApi(clients), priceList, clock).refresh(Ec2Catalogue.bundled(), fresh.regions());
        }
      }
      if (!noSavingsPlans) {
        fresh = new SavingsPlanRates(new AwsOfferFiles(savingsPlansUrl), clock).refresh(fresh);
      }
      if (catalogue != null) {
        // the catalogue first: the list names it, so a list on disk never names a catalogue not yet written
        Ec2CatalogueFile.writeAtomically(catalogue.catalogue(), cataloguePath);
        Map<String, String> sources = new LinkedHashMap<>(fresh.sources());
        sources.put(Ec2CatalogueFile.LINK_SOURCE_ID, Ec2CatalogueFile.linkText(cataloguePath, catalogue.catalogue()));
        fresh = new PriceList(fresh.priceListDate(), fresh.dateMeaning(), fresh.currency(), sources, fresh.instances(), fresh.units(),
            fresh.spotTrainingSavings());
      }
      PriceListFile.writeAtomically(fresh, out);
      spec.commandLine().getOut().println("Wrote " + out + ": " + fresh.instances().size() + " hourly and "
          + fresh.units().size() + " unit prices for " + String.join(", ", fresh.regions())
          + ", dated " + fresh.priceListDate() + ". Use it with --prices " + out + ".");
      if (catalogue != null) {
        printCatalogue(catalogue, cataloguePath);
      } else {
        spec.commandLine().getOut().println("EC2 catalogue not rebuilt (--no-catalogue): runs with this list use the bundled catalogue dated "
            + Ec2Catalogue.DATE + ".");
      }
      long fetched = fresh.instances().keySet().stream().filter(k -> k.purchase().savingsPlan).count()
          + fresh.units().keySet().stream().filter(k -> k.purchase().savingsPlan).count();
      long based = base.instances().keySet().stream().filter(k -> k.purchase().savingsPlan).count()
          + base.units().keySet().stream().filter(k -> k.purchase().savingsPlan).count();
      if (!noSavingsPlans) {
        spec.commandLine().getOut().println("Compute Savings Plans: " + fetched + " rates from " + savingsPlansUrl + " (AWSComputeSavingsPlan offer files).");
      } else if (based > 0) {
        spec.commandLine().getOut().println("Not refreshed (--no-savings-plans): the " + based + " Compute Savings Plans rates of the base list;"
            + " purchase-option comparisons with this list show on-demand and reserved terms only.");
      }
      return ExitCode.OK.code;
    }

    private void printCatalogue(Ec2CatalogueRefresher.Result r, Path file) {
      PrintWriter o = spec.commandLine().getOut();
      o.println("Wrote " + file + ": EC2 catalogue dated " + r.catalogue().date() + ", " + r.catalogue().types().size() + " types.");
      for (Ec2CatalogueRefresher.RegionSummary s : r.regions()) {
        o.println("  " + s.region() + ": " + s.typesRefreshed() + " types' specs (DescribeInstanceTypes) and " + s.pricesRefreshed()
            + " on-demand prices (GetProducts) refreshed; " + s.unpriced().size() + " current-generation types unpriced"
            + (s.unpriced().isEmpty() ? "" : ": " + some(s.unpriced()) + " (TAP reports them as not priced)") + ".");
        if (!s.basePriced().isEmpty()) {
          Map<String, List<String>> bySource = new TreeMap<>();
          s.basePriced().forEach((type, source) -> bySource.computeIfAbsent(source, k -> new ArrayList<>()).add(type));
          bySource.forEach((source, list) -> o.println("    " + list.size() + " current-generation types the Price List did not price keep the bundled price ("
              + source + "): " + some(list)));
        }
      }
    }

    /** The first names of a long list, and how many more. */
    private static String some(List<String> names) {
      int shown = 12;
      return names.size() <= shown ? String.join(", ", names)
          : String.join(", ", names.subList(0, shown)) + " and " + (names.size() - shown) + " more";
    }

    /** Fails before any call when {@code file} cannot be written (its directory cannot be made, or is read-only). */
    static void requireWritable(Path file, String option) {
      Path dir = file.toAbsolutePath().getParent();
      try {
        Files.createDirectories(dir);
      } catch (IOException | RuntimeException e) {
        throw new UserError(ExitCode.BAD_INPUT, option + " " + file + ": cannot create the directory " + dir + " (" + e.getMessage() + "); choose a writable path.", e);
      }
      if (!Files.isWritable(dir) || Files.isDirectory(file)) {
        throw new UserError(ExitCode.BAD_INPUT, option + " " + file + ": " + (Files.isDirectory(file) ? "is a directory" : "the directory " + dir + " is not writable")
            + "; choose a writable file path.");
      }
    }

    private static PriceListRefresher.TypeToPrice parseType(String spec) {
      int colon = spec.indexOf(':');
      Service service = colon < 0 ? null : Service.byId(spec.substring(0, colon)).orElse(null);
      if (service == null || colon == spec.length() - 1) {
        throw new UserError(ExitCode.BAD_INPUT, "--type " + spec + " is not SERVICE:TYPE with SERVICE one of "
            + String.join(", ", java.util.Arrays.stream(Service.values()).map(s -> s.id).toList()));
      }
      return new PriceListRefresher.TypeToPrice(service, spec.substring(colon + 1));
    }
  }
}
