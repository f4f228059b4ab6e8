package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.AwsOptions;
import dev.tap.optimizer.aws.AwsPriceListApi;
import dev.tap.optimizer.aws.ServedAwsJson;
import dev.tap.optimizer.aws.ServedPriceListApi;
import dev.tap.optimizer.aws.ServedPriceListApi.Product;
import dev.tap.optimizer.aws.TestCredentials;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.InstancePriceKey;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.PriceListRefresher;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Rate;
import dev.tap.optimizer.pricing.Service;
import dev.tap.optimizer.pricing.SpotSavings;
import dev.tap.optimizer.pricing.UnitRate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tap prices refresh} against a served Price List API (AWS JSON 1.1, paged). */
@ExtendWith(TestCredentials.class)
class PricesRefreshTest {
  private static final String R = "us-west-2";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  /** The base list: which types to price (its prices are replaced). */
  private Path baseList(String... extraEc2Types) {
    Map<InstancePriceKey, Rate> inst = new LinkedHashMap<>();
    List<InstancePriceKey> keys = new ArrayList<>(List.of(
        key(Service.EC2, "c5.xlarge", Deployment.SINGLE_AZ),
        key(Service.RDS_POSTGRESQL, "db.r6g.large", Deployment.SINGLE_AZ),
        key(Service.RDS_POSTGRESQL, "db.r6g.large", Deployment.MULTI_AZ),
        key(Service.AURORA_POSTGRESQL, "db.r6g.large", Deployment.SINGLE_AZ),
        key(Service.ELASTICACHE_REDIS, "cache.r6g.large", Deployment.SINGLE_AZ),
        key(Service.DAX, "dax.r5.large", Deployment.SINGLE_AZ),
        key(Service.SAGEMAKER_HOSTING, "ml.g4dn.xlarge", Deployment.SINGLE_AZ),
        key(Service.SAGEMAKER_TRAINING, "ml.p3.2xlarge", Deployment.SINGLE_AZ)));
    for (String t : extraEc2Types) {
      keys.add(key(Service.EC2, t, Deployment.SINGLE_AZ));
    }
    keys.add(new InstancePriceKey(Service.EC2, "c5.xlarge", R, Deployment.SINGLE_AZ, PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT));
    keys.forEach(k -> inst.put(k, new Rate(9.99, "old")));
    PriceList base = new PriceList(LocalDate.of(2025, 6, 1), "old", "USD",
        Map.of("old", "old prices", "spot", "Spot Advisor 2025-06-28"), inst, Map.of(),
        List.of(new SpotSavings("ml.p3.2xlarge", R, 71, ">20%", "spot")));
    Path file = dir.resolve("base.json");
    PriceListFile.writeAtomically(base, file);
    return file;
  }

  private static InstancePriceKey key(Service s, String type, Deployment d) {
    return new InstancePriceKey(s, type, R, d, PurchaseOption.ON_DEMAND);
  }

  /** Realistic products for us-west-2, with decoys the filters or the usage-type check must drop. */
  static List<String> catalogue() {
    List<Product> p = new ArrayList<>();
    String[] ec2 = {"regionCode", R, "instanceType", "c5.xlarge", "tenancy", "Shared", "preInstalledSw", "NA",
        "capacitystatus", "Used"};
    p.add(new Product("AmazonEC2", "WIN1", concat(ec2, "operatingSystem", "Windows", "operation", "RunInstances:0002",
        "usagetype", "USW2-BoxUsage:c5.xlarge")).onDemand(0.354));
    p.add(new Product("AmazonEC2", "LNX1", concat(ec2, "operatingSystem", "Linux", "operation", "RunInstances",
        "usagetype", "USW2-BoxUsage:c5.xlarge")).onDemand(0.17)
        .reserved("1yr", "standard", "No Upfront", 0, 0.107)
        .reserved("1yr", "standard", "All Upfront", 876, 0)
        .reserved("1yr", "standard", "Partial Upfront", 438, 0.05)
        .reserved("1yr", "convertible", "No Upfront", 0, 0.125)
        .reserved("3yr", "standard", "No Upfront", 0, 0.073)
        .reserved("3yr", "standard", "All Upfront", 1683, 0));
    String[] rds = {"regionCode", R, "instanceType", "db.r6g.large"};
    p.add(new Product("AmazonRDS", "PG1", concat(rds, "databaseEngine", "PostgreSQL", "deploymentOption", "Single-AZ",
        "operation", "CreateDBInstance:0014", "usagetype", "USW2-InstanceUsage:db.r6g.lg")).onDemand(0.225)
        .reserved("1yr", "standard", "No Upfront", 0, 0.1488)
        .reserved("3yr", "standard", "All Upfront", 2493, 0));
    p.add(new Product("AmazonRDS", "PG2", concat(rds, "databaseEngine", "PostgreSQL", "deploymentOption", "Multi-AZ",
        "operation", "CreateDBInstance:0014", "usagetype", "USW2-Multi-AZUsage:db.r6g.lg")).onDemand(0.45));
    p.add(new Product("AmazonRDS", "APG0", concat(rds, "databaseEngine", "Aurora PostgreSQL", "deploymentOption",
        "Single-AZ", "operation", "CreateDBInstance:0021", "usagetype", "USW2-InstanceUsageIOOptimized:db.r6g.lg"))
        .onDemand(0.338));
    p.add(new Product("AmazonRDS", "APG1", concat(rds, "databaseEngine", "Aurora PostgreSQL", "deploymentOption",
        "Single-AZ", "operation", "CreateDBInstance:0021", "usagetype", "USW2-InstanceUsage:db.r6g.lg")).onDemand(0.26));
    p.add(new Product("AmazonElastiCache", "VK1", "regionCode", R, "instanceType", "cache.r6g.large",
        "cacheEngine", "Valkey", "usagetype", "USW2-NodeUsage:cache.r6g.large").onDemand(0.1648));
    p.add(new Product("AmazonElastiCache", "RD1", "regionCode", R, "instanceType", "cache.r6g.large",
        "cacheEngine", "Redis", "usagetype", "USW2-NodeUsage:cache.r6g.large").onDemand(0.206)
        .reserved("1yr", "standard", "No Upfront", 0, 0.141));
    p.add(new Product("AmazonDAX", "DX1", "regionCode", R, "instanceType", "dax.r5.large",
        "usagetype", "USW2-NodeUsage:dax.r5.large").onDemand(0.269));
    p.add(new Product("AmazonSageMaker", "SM0", "regionCode", R, "usagetype", "USW2-AsyncInf-Host:ml.g4dn.xlarge")
        .onDemand(0.9));
    p.add(new Product("AmazonSageMaker", "SM1", "regionCode", R, "usagetype", "USW2-Host:ml.g4dn.xlarge").onDemand(0.736));
    p.add(new Product("AmazonSageMaker", "SM2", "regionCode", R, "usagetype", "USW2-Train:ml.p3.2xlarge").onDemand(3.825));

    // Unit rates, priced per API unit; decoys first so the real product arrives on a later page.
    p.add(new Product("AWSLambda", "LE1", "regionCode", R, "usagetype", "USW2-Lambda-Edge-Request").onDemand(0.0000006));
    p.add(new Product("AWSLambda", "LA1", "regionCode", R, "usagetype", "USW2-Request-ARM").onDemand(0.0000002));
    p.add(new Product("AWSLambda", "LR1", "regionCode", R, "usagetype", "USW2-Request").onDemand(0.0000002));
    p.add(new Product("AWSLambda", "LG0", "regionCode", R, "usagetype", "USW2-Lambda-GB-Second-ARM").onDemand(0.0000133334));
    p.add(new Product("AWSLambda", "LG1", "regionCode", R, "usagetype", "USW2-Lambda-GB-Second").unit("Lambda-GB-Second")
        .tier(0, 6e9, 0.0000166667).tier(6e9, 15e9, 0.000015).tier(15e9, -1, 0.0000133334));
    p.add(new Product("AmazonDynamoDB", "DS1", "regionCode", R, "usagetype", "USW2-TimedStorage-ByteHrs").unit("GB-Mo")
        .tier(0, 25, 0).tier(25, -1, 0.25));
    p.add(new Product("AmazonRDS", "AS1", "regionCode", R, "databaseEngine", "Aurora PostgreSQL",
        "usagetype", "USW2-Aurora:StorageUsage").onDemand(0.10));
    p.add(new Product("AmazonRDS", "AS2", "regionCode", R, "databaseEngine", "Aurora MySQL",
        "usagetype", "USW2-Aurora:StorageUsage").onDemand(0.10));
    Map<UnitRate, Double> simple = new LinkedHashMap<>();
    for (UnitRate u : UnitRate.values()) {
      simple.put(u, 0.5 / u.apiUnitsPerUnit); // 0.5 per unit of ours, for the rates not built above
    }
    List.of(UnitRate.LAMBDA_REQUEST_MILLION, UnitRate.LAMBDA_GB_SECOND, UnitRate.DYNAMODB_STORAGE_GB_MONTH,
        UnitRate.AURORA_STORAGE_GB_MONTH).forEach(simple::remove);
    simple.forEach((u, usd) -> p.add(new Product(u.serviceCode, "U" + u.ordinal(), "regionCode", R,
        "usagetype", "USW2-" + u.usageType).onDemand(usd)));
    return p.stream().map(Product::json).toList();
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private record Run(int exit, String out, String err) {}

  private Run refresh(String... args) {
    CommandLine cl = new CommandLine(new PricesCommand.Refresh(CLOCK));
    cl.setExecutionExceptionHandler((ex, c, p) -> {
      c.getErr().println("tap: " + ex.getMessage());
      return ex instanceof dev.tap.optimizer.error.UserError ue ? ue.exitCode().code : 1;
    });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    // The Savings Plans offer files are another host: these tests serve GetProducts only (SavingsPlanRatesTest serves the files).
    boolean offerFiles = java.util.Arrays.asList(args).contains("--savings-plans-url");
    // DescribeInstanceTypes speaks EC2's query protocol, which this server does not: PricesRefreshCatalogueTest covers the catalogue.
    String[] given = concat(args, "--no-catalogue");
    int exit = cl.execute(offerFiles ? given : concat(given, "--no-savings-plans"));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void rebuildsEveryPriceFromPagedGetProductsAndWritesTheFile() throws Exception {
    Path out = dir.resolve("out/prices.json");
    try (ServedAwsJson api = ServedPriceListApi.start(catalogue())) {
      Run run = refresh("--out", out.toString(), "--from", baseList().toString(),
          "--endpoint-url", api.endpoint().toString());
      assertThat(run.err()).isEmpty();
      assertThat(run.exit()).isZero();
      assertThat(run.out()).contains("Wrote " + out).contains("dated 2026-11-22")
          .contains("Not refreshed (--no-savings-plans): the 1 Compute Savings Plans rates of the base list");
      assertThat(api.requests).anySatisfy(r -> assertThat(r.hasNonNull("NextToken")).isTrue());
      assertThat(api.requests).allSatisfy(r -> assertThat(r.path("FormatVersion").asText()).isEqualTo("aws_v1"));
    }
    PriceBook book = PriceBook.load(out);
    assertThat(book.list().priceListDate()).isEqualTo(LocalDate.of(2026, 11, 22));
    assertThat(book.describeSource(PriceListRefresher.SOURCE_ID)).contains("retrieved 2026-11-22T08:30:00Z")
        .contains("2025-11-01T00:00:00Z").contains("Compute Savings Plans rates are not fetched");
    // the base list's Savings Plans rate is not carried over with its old date: the option is absent
    assertThat(book.find(new InstancePriceKey(Service.EC2, "c5.xlarge", R, Deployment.SINGLE_AZ, PurchaseOption.SAVINGS_PLAN_COMPUTE_1Y_NO_UPFRONT)))
        .isEmpty();

    assertThat(book.onDemandHourly(Service.EC2, "c5.xlarge", R)).isEqualTo(0.17);  // not the Windows 0.354
    assertThat(hourly(book, Service.EC2, "c5.xlarge", Deployment.SINGLE_AZ, PurchaseOption.RESERVED_1Y_NO_UPFRONT))
        .isEqualTo(0.107);  // not the convertible 0.125
    assertThat(hourly(book, Service.EC2, "c5.xlarge", Deployment.SINGLE_AZ, PurchaseOption.RESERVED_1Y_ALL_UPFRONT))
        .isCloseTo(0.1, offset(1e-12));  // 876 / 8760 h
    assertThat(hourly(book, Service.EC2, "c5.xlarge", Deployment.SINGLE_AZ, PurchaseOption.RESERVED_3Y_ALL_UPFRONT))
        .isCloseTo(1683 / 26280.0, offset(1e-12));
    assertThat(hourly(book, Service.RDS_POSTGRESQL, "db.r6g.large", Deployment.SINGLE_AZ,
        PurchaseOption.RESERVED_3Y_ALL_UPFRONT)).isCloseTo(2493 / 26280.0, offset(1e-12));
    assertThat(hourly(book, Service.RDS_POSTGRESQL, "db.r6g.large", Deployment.MULTI_AZ, PurchaseOption.ON_DEMAND))
        .isEqualTo(0.45);
    assertThat(book.onDemandHourly(Service.AURORA_POSTGRESQL, "db.r6g.large", R)).isEqualTo(0.26);  // not I/O-Optimized
    assertThat(book.onDemandHourly(Service.ELASTICACHE_REDIS, "cache.r6g.large", R)).isEqualTo(0.206);  // not Valkey
    assertThat(book.onDemandHourly(Service.DAX, "dax.r5.large", R)).isEqualTo(0.269);
    assertThat(book.onDemandHourly(Service.SAGEMAKER_HOSTING, "ml.g4dn.xlarge", R)).isEqualTo(0.736);
    assertThat(book.onDemandHourly(Service.SAGEMAKER_TRAINING, "ml.p3.2xlarge", R)).isEqualTo(3.825);

    assertThat(book.unitUsd(UnitRate.LAMBDA_REQUEST_MILLION, R)).isCloseTo(0.20, offset(1e-12));
    assertThat(book.unitUsd(UnitRate.LAMBDA_GB_SECOND, R)).isEqualTo(0.0000166667);  // first tier
    assertThat(book.unitUsd(UnitRate.DYNAMODB_STORAGE_GB_MONTH, R)).isEqualTo(0.25);  // past the free 25 GB
    assertThat(book.unitUsd(UnitRate.AURORA_STORAGE_GB_MONTH, R)).isEqualTo(0.10);  // both editions agree
    assertThat(book.unitUsd(UnitRate.DYNAMODB_WCU_HOUR, R)).isCloseTo(0.5, offset(1e-12));
    assertThat(book.unitUsd(UnitRate.DYNAMODB_WRITE_REQUEST_MILLION, R)).isCloseTo(0.5, offset(1e-12));
    assertThat(book.list().units()).hasSize(UnitRate.values().length);
    assertThat(book.spotTrainingSavings("ml.p3.2xlarge", R).savingsPercent()).isEqualTo(71);
    assertThat(book.describeSource("spot")).isEqualTo("Spot Advisor 2025-06-28");
  }

  private static double hourly(PriceBook b, Service s, String type, Deployment d, PurchaseOption p) {
    return b.hourly(s, type, R, d, p).usd();
  }

  @Test
  void addsTypesAndRegionsAskedFor() throws Exception {
    PriceList base = new PriceList(LocalDate.of(2025, 6, 1), "old", "USD", Map.of(), Map.of(), Map.of(), List.of());
    PriceList fresh;
    try (ServedAwsJson api = ServedPriceListApi.start(catalogue());
        AwsClients aws = AwsClients.create(new AwsOptions(null, null, api.endpoint().toString()))) {
      fresh = new PriceListRefresher(new AwsPriceListApi(aws), CLOCK).refresh(base, List.of(R),
          List.of(new PriceListRefresher.TypeToPrice(Service.RDS_POSTGRESQL, "db.r6g.large")));
    }
    assertThat(fresh.regions()).containsExactly(R);
    assertThat(fresh.instances().keySet()).extracting(InstancePriceKey::deployment, InstancePriceKey::purchase)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND),
            org.assertj.core.groups.Tuple.tuple(Deployment.SINGLE_AZ, PurchaseOption.RESERVED_1Y_NO_UPFRONT),
            org.assertj.core.groups.Tuple.tuple(Deployment.SINGLE_AZ, PurchaseOption.RESERVED_3Y_ALL_UPFRONT),
            org.assertj.core.groups.Tuple.tuple(Deployment.MULTI_AZ, PurchaseOption.ON_DEMAND));
  }

  @Test
  void aTypeTheApiDoesNotPriceFailsNamingItAndWritesNothing() throws Exception {
    Path out = dir.resolve("prices.json");
    Files.writeString(out, "previous content");
    try (ServedAwsJson api = ServedPriceListApi.start(catalogue())) {
      Run run = refresh("--out", out.toString(),
          "--from", baseList("c9z.huge").toString(), "--endpoint-url", api.endpoint().toString());
      assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT.code);
      assertThat(run.err()).contains("no on-demand price for ec2 c9z.huge on-demand in us-west-2 (no matching product)")
          .contains("nothing was written");
    }
    assertThat(Files.readString(out)).isEqualTo("previous content");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("prices.json", "base.json");
    }
  }

  @Test
  void accessDeniedIsAnAwsAccessErrorSayingWhichPermission() throws Exception {
    try (ServedAwsJson api = new ServedAwsJson((t, b) ->
        ServedAwsJson.error(400, "AccessDeniedException", "User is not authorized to perform: pricing:GetProducts"))) {
      Run run = refresh("--out", dir.resolve("p.json").toString(),
          "--from", baseList().toString(), "--endpoint-url", api.endpoint().toString());
      assertThat(run.exit()).isEqualTo(ExitCode.AWS_ACCESS.code);
      assertThat(run.err()).contains("AWS denied pricing:GetProducts in us-east-1").contains("Grant the IAM permission 'pricing:GetProducts'");
      assertThat(api.requests).as("a refusal is not retried").hasSize(1);
    }
    assertThat(dir.resolve("p.json")).doesNotExist();
  }

  @Test
  void unreachableApiIsAnAwsAccessError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Run run = refresh("--out", dir.resolve("p.json").toString(),
        "--from", baseList().toString(), "--endpoint-url", "http://127.0.0.1:" + closedPort);
    assertThat(run.exit()).isEqualTo(ExitCode.AWS_ACCESS.code);
    assertThat(run.err()).contains("Cannot reach http://127.0.0.1:" + closedPort + " (--endpoint-url) for pricing:GetProducts");
    assertThat(dir.resolve("p.json")).doesNotExist();
  }

  @Test
  void missingCredentialsSayHowToProvideThem() throws Exception {
    try (ServedAwsJson api = ServedPriceListApi.start(catalogue())) {
      Run run = refresh("--out", dir.resolve("p.json").toString(), "--from", baseList().toString(),
          "--endpoint-url", api.endpoint().toString(), "--aws-profile", "tap-test-no-such-profile");
      assertThat(run.exit()).isEqualTo(ExitCode.AWS_ACCESS.code);
      assertThat(run.err()).contains("No valid AWS credentials for pricing:GetProducts").contains("--aws-profile");
      assertThat(api.requests).isEmpty();
    }
  }

  @Test
  void badTypeOptionIsRejectedBeforeAnyCall() {
    Run run = refresh("--out", dir.resolve("p.json").toString(), "--type", "c5.xlarge");
    assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(run.err()).contains("--type c5.xlarge is not SERVICE:TYPE");
  }
}
