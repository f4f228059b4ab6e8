package dev.tap.optimizer.cli;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsOfferFiles;
import dev.tap.optimizer.aws.AwsPriceListApi;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.PriceListRefresher;
import dev.tap.optimizer.pricing.SavingsPlanRates;
import dev.tap.optimizer.pricing.Service;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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

  @Override
  public void run() {
    PriceBook book = PriceBook.bundled();
    spec.commandLine().getOut().println("Savings use " + book.citation() + ": "
        + book.list().instances().size() + " hourly prices and " + book.list().units().size()
        + " unit prices for " + String.join(", ", book.list().regions()) + ".");
    spec.commandLine().getOut().println("Run 'tap prices refresh --out FILE' to rebuild it from the AWS Price List API.");
  }

  @Command(
      name = "refresh",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuild the price list from the AWS Price List API (GetProducts, us-east-1 endpoint):",
        "every type and region of the base list, on-demand and Standard reserved terms.",
        "Needs AWS credentials allowed pricing:GetProducts. Compute Savings Plans rates come from the",
        "public AWSComputeSavingsPlan offer files (HTTPS, no credentials). The file is written only",
        "when every price was found (temporary file, then a move)."
      },
      footer = {"", "Examples:", "  tap prices refresh --out prices.json",
        "  tap prices refresh --out prices.json --region ap-south-1 --type ec2:c7i.2xlarge"})
  public static final class Refresh implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the new list.")
    Path out;

    @Option(names = "--from", paramLabel = "FILE",
        description = "Base list whose types and regions are priced (default: the bundled list).")
    Path from;

    @Option(names = "--region", paramLabel = "REGION", description = "Also price every type in this region (repeatable).")
    List<String> regions = new ArrayList<>();

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
      PriceList fresh;
      try (AwsClients clients = AwsClients.create(aws.options())) {
        fresh = new PriceListRefresher(new AwsPriceListApi(clients), clock).refresh(base, regions, extra);
      }
      if (!noSavingsPlans) {
        fresh = new SavingsPlanRates(new AwsOfferFiles(savingsPlansUrl), clock).refresh(fresh);
      }
      PriceListFile.writeAtomically(fresh, out);
      spec.commandLine().getOut().println("Wrote " + out + ": " + fresh.instances().size() + " hourly and "
          + fresh.units().size() + " unit prices for " + String.join(", ", fresh.regions())
          + ", dated " + fresh.priceListDate() + ". Use it with --prices " + out + ".");
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
