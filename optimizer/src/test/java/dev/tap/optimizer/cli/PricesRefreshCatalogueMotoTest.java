package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tap.optimizer.aws.MotoServer;
import dev.tap.optimizer.aws.ServedAwsJson;
import dev.tap.optimizer.aws.ServedPriceListApi;
import dev.tap.optimizer.aws.ServedPriceListApi.Product;
import dev.tap.optimizer.aws.TestCredentials;
import dev.tap.optimizer.pricing.Deployment;
import dev.tap.optimizer.pricing.Ec2CatalogueFile;
import dev.tap.optimizer.pricing.InstancePriceKey;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.pricing.PriceList;
import dev.tap.optimizer.pricing.PriceListFile;
import dev.tap.optimizer.pricing.PurchaseOption;
import dev.tap.optimizer.pricing.Rate;
import dev.tap.optimizer.pricing.Service;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole {@code tap prices refresh} with the catalogue: GetProducts served (JSON 1.1), EC2's
 * DescribeInstanceTypes from moto (query protocol), both behind the one --endpoint-url a user gives.
 */
@ExtendWith(MotoServer.Extension.class)
@ExtendWith(TestCredentials.class)
class PricesRefreshCatalogueMotoTest {
  static final String R = "us-west-2";

  @TempDir Path dir;

  /** Forwards JSON-protocol calls (X-Amz-Target) to one server and the rest (EC2's query protocol) to another. */
  static HttpServer router(URI json, URI query) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    Set<String> restricted = Set.of("host", "content-length", "connection", "expect", "upgrade");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      URI to = (ex.getRequestHeaders().containsKey("X-Amz-Target") ? json : query).resolve(ex.getRequestURI().toString());
      HttpRequest.Builder b = HttpRequest.newBuilder(to).method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((k, v) -> {
        if (!restricted.contains(k.toLowerCase())) v.forEach(x -> b.header(k, x));
      });
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        r.headers().firstValue("Content-Type").ifPresent(c -> ex.getResponseHeaders().add("Content-Type", c));
        ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        ex.getResponseBody().write(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
      }
      ex.close();
    });
    server.start();
    return server;
  }

  static Product ec2(String type, double usd) {
    return new Product("AmazonEC2", "C-" + type, "regionCode", R, "instanceType", type, "operatingSystem", "Linux", "tenancy", "Shared",
        "preInstalledSw", "NA", "capacitystatus", "Used", "licenseModel", "No License required", "operation", "RunInstances",
        "usagetype", "USW2-BoxUsage:" + type).onDemand(usd);
  }

  @Test
  void writesTheCatalogueBesideTheListAndRunsUseIt(MotoServer moto) throws Exception {
    List<String> products = new ArrayList<>(PricesRefreshTest.catalogue());
    products.add(ec2("m7i.large", 0.1008).json());
    products.add(ec2("c5.xlarge", 0.17).json());  // (the Linux product PricesRefreshTest serves has no licenseModel: not the catalogue's)
    PriceList base = new PriceList(LocalDate.of(2025, 6, 1), "old", "USD", Map.of("old", "old prices"),
        Map.of(new InstancePriceKey(Service.EC2, "c5.xlarge", R, Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND), new Rate(9.99, "old")),
        Map.of(), List.of());
    Path baseFile = dir.resolve("base.json");
    PriceListFile.writeAtomically(base, baseFile);
    Path out = dir.resolve("out/prices.json");
    HttpServer router = null;
    try (ServedAwsJson pricing = ServedPriceListApi.start(products)) {
      router = router(pricing.endpoint(), moto.endpoint());
      PricesRefreshCatalogueTest.Run run = PricesRefreshCatalogueTest.run("--out", out.toString(), "--from", baseFile.toString(),
          "--no-savings-plans", "--endpoint-url", "http://127.0.0.1:" + router.getAddress().getPort());
      assertThat(run.err()).isEmpty();
      assertThat(run.exit()).isZero();
      Path catalogue = dir.resolve("out/prices.ec2-catalogue.csv.gz");
      assertThat(run.out()).contains("Wrote " + catalogue + ": EC2 catalogue dated 2026-11-22")
          .containsPattern("us-west-2: \\d{3,} types' specs \\(DescribeInstanceTypes\\) and 2 on-demand prices \\(GetProducts\\) refreshed; \\d+ current-generation types unpriced: [a-z0-9.,\\- ]+ and \\d+ more \\(TAP reports them as not priced\\)")
          .contains("keep the bundled price (ec2-catalogue: ec2instances.info table of 2024-04-04");
      assertThat(Ec2CatalogueFile.besides(out)).isEqualTo(catalogue).exists();
    } finally {
      if (router != null) router.stop(0);
    }
    PriceBook book = PriceBook.load(out);
    assertThat(book.catalogue().date()).isEqualTo("2026-11-22");
    // a type the base list lacks is priced by the refreshed catalogue, from GetProducts, and its source says so
    Rate m7i = book.hourly(Service.EC2, "m7i.large", R, Deployment.SINGLE_AZ, PurchaseOption.ON_DEMAND);
    assertThat(m7i).isEqualTo(new Rate(0.1008, "ec2-catalogue-a"));
    assertThat(book.describeSource(m7i.source())).contains("AWS Price List API").contains("retrieved 2026-11-22T08:30:00Z");
    // specs from DescribeInstanceTypes, with the baseline IOPS the bundled catalogue lacks
    assertThat(book.catalogue().spec("m7i.large").orElseThrow().specSource()).isEqualTo("api");
    assertThat(book.catalogue().spec("m7i.large").orElseThrow().baselineIops()).isPresent();
  }
}
