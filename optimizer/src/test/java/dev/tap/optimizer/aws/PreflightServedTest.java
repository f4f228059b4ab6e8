package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tap.optimizer.cli.TapCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tap preflight trading} against a served default account: AWS's default quotas (Service Quotas
 * answers NoSuchResource for the EC2 quotas, so the defaults are read and marked) and a region that
 * already holds three Elastic IPs (one on a NAT gateway in us-east-1a) and its default VPC. Responses
 * are in each API's wire format: JSON 1.1 (Service Quotas, DAX), REST-JSON (Lambda), query/XML (EC2,
 * RDS, ElastiCache, STS). The template is trading's quota-relevant resources with default context
 * ({@code QuotaNeedsTest} in the blueprints holds it to the real synthesized template).
 */
@ExtendWith(TestCredentials.class)
class PreflightServedTest {
  static final Path ASSEMBLY = Path.of("src/test/resources/preflight/trading-cdk-out");
  static final String EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

  /** The default values of the quotas (GetAWSDefaultServiceQuota) and, for non-EC2 quotas, the applied ones. */
  static final Map<String, Double> DEFAULTS = Map.of("L-1216C47A", 5.0, "L-0263D0A3", 5.0, "L-FE5A380F", 5.0, "L-F678F1CE", 5.0,
      "L-B99A9384", 1000.0, "L-DFE45DF3", 300.0, "L-7B6409FD", 40.0);

  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  HttpServer server;

  /** One answer per operation, chosen by X-Amz-Target (JSON), Action (query) or path (REST). */
  record Answer(int status, String contentType, String body) {}

  void serve(Function<String, Answer> byOperation) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String op;
      if (target != null) op = target;
      else if (exchange.getRequestURI().getPath().equals("/2016-08-19/account-settings")) op = "lambda:GetAccountSettings";
      else op = action(body);
      calls.add(op + (target != null && target.startsWith("ServiceQuotas") ? " " + body : ""));
      Answer a = byOperation.apply(op + (target != null && target.startsWith("ServiceQuotas") ? " " + body : ""));
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", a.contentType());
      exchange.getResponseHeaders().add("x-amzn-RequestId", "c0ffee00-0000-4000-8000-000000000001");
      exchange.sendResponseHeaders(a.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  static String action(String form) {
    for (String pair : form.split("&")) {
      if (pair.startsWith("Action=")) return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
    }
    return "?";
  }

  static Answer json(String body) {
    return new Answer(200, "application/x-amz-json-1.1", body);
  }

  static Answer xml(String body) {
    return new Answer(200, "text/xml", body);
  }

  static String ec2(String op, String inner) {
    return "<" + op + "Response xmlns=\"" + EC2 + "\">\n  <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n" + inner + "</" + op + "Response>\n";
  }

  static String quota(String service, String code, double value) {
    return "{\"Quota\": {\"ServiceCode\": \"" + service + "\", \"QuotaCode\": \"" + code + "\", \"QuotaArn\": \"arn:aws:servicequotas:us-east-1::"
        + service + "/" + code + "\", \"Value\": " + value + ", \"Unit\": \"None\", \"Adjustable\": true, \"GlobalQuota\": false}}";
  }

  /** The default account: Service Quotas holds no applied EC2 value; the region has 3 EIPs, 1 NAT gateway in us-east-1a, the default VPC. */
  static Answer defaultAccount(String op) {
    if (op.startsWith("ServiceQuotasV20190624.GetServiceQuota ")) {
      String code = op.replaceAll(".*\"QuotaCode\":\"([^\"]+)\".*", "$1");
      String service = op.replaceAll(".*\"ServiceCode\":\"([^\"]+)\".*", "$1");
      if (service.equals("ec2")) {
        return new Answer(400, "application/x-amz-json-1.1", "{\"__type\": \"NoSuchResourceException\", \"Message\": \"The request failed because the specified service quota does not exist.\"}");
      }
      return json(quota(service, code, DEFAULTS.get(code)));
    }
    if (op.startsWith("ServiceQuotasV20190624.GetAWSDefaultServiceQuota ")) {
      String code = op.replaceAll(".*\"QuotaCode\":\"([^\"]+)\".*", "$1");
      String service = op.replaceAll(".*\"ServiceCode\":\"([^\"]+)\".*", "$1");
      return json(quota(service, code, DEFAULTS.get(code)));
    }
    return switch (op) {
      case "GetCallerIdentity" -> xml("""
          <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
            <GetCallerIdentityResult>
              <Arn>arn:aws:iam::111122223333:user/deployer</Arn>
              <UserId>AIDAEXAMPLEUSERID</UserId>
              <Account>111122223333</Account>
            </GetCallerIdentityResult>
            <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
          </GetCallerIdentityResponse>
          """);
      case "DescribeInstances" -> xml(ec2("DescribeInstances", "  <reservationSet/>\n"));
      case "DescribeAddresses" -> xml(ec2("DescribeAddresses", """
            <addressesSet>
              <item><publicIp>198.51.100.11</publicIp><allocationId>eipalloc-0a1b2c3d4e5f60001</allocationId><domain>vpc</domain>
                <associationId>eipassoc-0a1b2c3d4e5f60001</associationId><networkInterfaceId>eni-0a1b2c3d4e5f60001</networkInterfaceId></item>
              <item><publicIp>198.51.100.12</publicIp><allocationId>eipalloc-0a1b2c3d4e5f60002</allocationId><domain>vpc</domain></item>
              <item><publicIp>198.51.100.13</publicIp><allocationId>eipalloc-0a1b2c3d4e5f60003</allocationId><domain>vpc</domain></item>
            </addressesSet>
          """));
      case "DescribeNatGateways" -> xml(ec2("DescribeNatGateways", """
            <natGatewaySet>
              <item><natGatewayId>nat-0a1b2c3d4e5f60001</natGatewayId><subnetId>subnet-0a1b2c3d4e5f60001</subnetId>
                <vpcId>vpc-0a1b2c3d4e5f60001</vpcId><state>available</state><connectivityType>public</connectivityType></item>
            </natGatewaySet>
          """));
      case "DescribeSubnets" -> xml(ec2("DescribeSubnets", """
            <subnetSet>
              <item><subnetId>subnet-0a1b2c3d4e5f60001</subnetId><vpcId>vpc-0a1b2c3d4e5f60001</vpcId>
                <availabilityZone>us-east-1a</availabilityZone><cidrBlock>172.31.0.0/20</cidrBlock><state>available</state></item>
            </subnetSet>
          """));
      case "DescribeVpcs" -> xml(ec2("DescribeVpcs", """
            <vpcSet>
              <item><vpcId>vpc-0a1b2c3d4e5f60001</vpcId><state>available</state><cidrBlock>172.31.0.0/16</cidrBlock><isDefault>true</isDefault></item>
            </vpcSet>
          """));
      case "lambda:GetAccountSettings" -> new Answer(200, "application/json", """
          {"AccountLimit": {"TotalCodeSize": 80530636800, "CodeSizeUnzipped": 262144000, "CodeSizeZipped": 52428800,
            "ConcurrentExecutions": 1000, "UnreservedConcurrentExecutions": 1000},
           "AccountUsage": {"TotalCodeSize": 0, "FunctionCount": 0}}""");
      case "DescribeCacheClusters" -> xml(AwsXml.ok(AwsXml.ELASTICACHE_XMLNS, "DescribeCacheClusters", "    <CacheClusters/>\n"));
      case "AmazonDAXV3.DescribeClusters" -> json("{\"Clusters\": []}");
      case "SageMaker.ListEndpoints" -> json("{\"Endpoints\": []}");
      case "DescribeDBInstances" -> xml(AwsXml.ok(ServedAws.RDS_XMLNS, "DescribeDBInstances", "    <DBInstances/>\n"));
      default -> new Answer(400, "text/plain", "not served: " + op);
    };
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  @Test
  void tradingOnADefaultAccountIsShortOfElasticIpsAndVcpus() throws Exception {
    serve(PreflightServedTest::defaultAccount);
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("preflight", "trading", "--cdk-out", ASSEMBLY.toString(), "--endpoint-url", "http://127.0.0.1:" + server.getAddress().getPort());
    String text = out.toString();
    System.out.println(text);
    assertThat(code).as(err.toString() + text).isEqualTo(4);
    assertThat(text).contains("account 111122223333", "Tap-trading-dev in us-east-1");
    // c6i: 20 x 32 vCPUs at desired (640), 30 x 32 at max (960), against the default 5
    assertThat(line(text, "L-1216C47A")).contains("SHORT by 635", " 5*", "640 (max 960)");
    // 3 NAT gateways' EIPs beside the 3 already allocated, against 5
    assertThat(line(text, "L-0263D0A3")).contains("SHORT by 1", " 5*", "3");
    // per zone: us-east-1a already has one NAT gateway, 1 + 1 <= 5
    assertThat(line(text, "[us-east-1a]")).contains("fits");
    assertThat(line(text, "L-F678F1CE")).contains("fits");
    assertThat(line(text, "L-DFE45DF3")).contains("fits");
    assertThat(line(text, "L-7B6409FD")).contains("fits");
    assertThat(line(text, "DAX nodes")).contains("not checked");
    assertThat(text).contains("* L-1216C47A: AWS default shown; the account has no applied value (NoSuchResourceException)",
        "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-1216C47A --desired-value 960 --region us-east-1",
        "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-0263D0A3 --desired-value 6 --region us-east-1",
        "2 quotas are short");
    assertThat(text).doesNotContain("--quota-code L-FE5A380F", "--quota-code L-7B6409FD");

    // every call preflight made is in tap iam-policy --for preflight
    Set<String> allowed = new TreeSet<>(IamPermissions.forPreflight().get(0).actions());
    Map<String, String> iam = Map.ofEntries(Map.entry("GetCallerIdentity", "sts:GetCallerIdentity"), Map.entry("DescribeInstances", "ec2:DescribeInstances"),
        Map.entry("DescribeAddresses", "ec2:DescribeAddresses"), Map.entry("DescribeNatGateways", "ec2:DescribeNatGateways"),
        Map.entry("DescribeSubnets", "ec2:DescribeSubnets"), Map.entry("DescribeVpcs", "ec2:DescribeVpcs"),
        Map.entry("lambda:GetAccountSettings", "lambda:GetAccountSettings"), Map.entry("DescribeCacheClusters", "elasticache:DescribeCacheClusters"),
        Map.entry("AmazonDAXV3.DescribeClusters", "dax:DescribeClusters"), Map.entry("DescribeDBInstances", "rds:DescribeDBInstances"),
        Map.entry("SageMaker.ListEndpoints", "sagemaker:ListEndpoints"),
        Map.entry("ServiceQuotasV20190624.GetServiceQuota", "servicequotas:GetServiceQuota"),
        Map.entry("ServiceQuotasV20190624.GetAWSDefaultServiceQuota", "servicequotas:GetAWSDefaultServiceQuota"));
    Set<String> made = new TreeSet<>();
    calls.forEach(c -> made.add(iam.getOrDefault(c.split(" ")[0], "unmapped " + c)));
    assertThat(made).hasSize(13);
    assertThat(allowed).containsAll(made);
  }

  @Test
  void anAccountWithRaisedQuotasFitsAndExitsZero() throws Exception {
    Map<String, Double> raised = Map.of("L-1216C47A", 1200.0, "L-0263D0A3", 10.0);
    serve(op -> {
      if (op.startsWith("ServiceQuotasV20190624.GetServiceQuota ")) {
        String code = op.replaceAll(".*\"QuotaCode\":\"([^\"]+)\".*", "$1");
        String service = op.replaceAll(".*\"ServiceCode\":\"([^\"]+)\".*", "$1");
        return json(quota(service, code, raised.getOrDefault(code, DEFAULTS.get(code))));
      }
      return defaultAccount(op);
    });
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("preflight", "trading", "--cdk-out", ASSEMBLY.toString(), "--endpoint-url", "http://127.0.0.1:" + server.getAddress().getPort());
    String text = out.toString();
    assertThat(code).as(err.toString() + text).isZero();
    assertThat(line(text, "L-1216C47A")).contains("fits", "1200 ");
    assertThat(text).doesNotContain("request-service-quota-increase", "*").contains("Every quota that could be checked fits.");
    assertThat(calls).noneMatch(c -> c.contains("GetAWSDefaultServiceQuota"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "preflight nosuch                                      | unknown blueprint 'nosuch'. Use one of trading, saas, staging, ml",
      "preflight trading -c trading.natGateways=1 --cdk-out DIR | -c changes what is synthesized, and --cdk-out",
      "preflight trading --cdk-out src/test/resources         | holds no manifest.json"})
  void badInvocationsExit2Saying(String args, String message) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args.replace("DIR", ASSEMBLY.toString()).split(" +"));
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }

  @Test
  void anAssemblyWithoutTheBlueprintIsBadInputNamingWhatItHolds() {
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("preflight", "saas", "--cdk-out", ASSEMBLY.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no stack of blueprint saas", "Tap-trading-dev", "tap synth -c blueprints=saas");
  }

  /**
   * SageMaker's endpoint quotas have a code per instance type, found by name: ListServiceQuotas when the
   * account's list is readable, else AWS's default list; in use = the instances of the account's endpoints.
   */
  @Test
  void anEndpointQuotaIsFoundByNameAndCountsOtherEndpointsInstances() throws Exception {
    for (boolean denied : new boolean[] {false, true}) {
      calls.clear();
      serve(op -> {
        String list = "{\"Quotas\": [{\"ServiceCode\": \"sagemaker\", \"QuotaName\": \"ml.g4dn.xlarge for endpoint usage\", \"QuotaCode\": \"L-0000000A\", \"Value\": 2.0},"
            // a made-up code: what is checked is that the code found by name reaches the request line
            + " {\"ServiceCode\": \"sagemaker\", \"QuotaName\": \"ml.g4dn.12xlarge for endpoint usage\", \"QuotaCode\": \"L-0000000B\", \"Value\": 4.0}]}";
        if (op.startsWith("ServiceQuotasV20190624.ListServiceQuotas ")) {
          return denied ? new Answer(400, "application/x-amz-json-1.1", "{\"__type\": \"AccessDeniedException\", \"Message\": \"not authorized\"}") : json(list);
        }
        if (op.startsWith("ServiceQuotasV20190624.ListAWSDefaultServiceQuotas ")) return json(list.replace("4.0", "0.0"));
        return switch (op) {
          case "SageMaker.ListEndpoints" -> json("{\"Endpoints\": [{\"EndpointName\": \"other-team\", \"EndpointArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint/other-team\","
              + " \"CreationTime\": 1.7E9, \"LastModifiedTime\": 1.7E9, \"EndpointStatus\": \"InService\"}]}");
          case "SageMaker.DescribeEndpoint" -> json("{\"EndpointName\": \"other-team\", \"EndpointArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint/other-team\","
              + " \"EndpointConfigName\": \"other-team-config\", \"EndpointStatus\": \"InService\", \"CreationTime\": 1.7E9, \"LastModifiedTime\": 1.7E9,"
              + " \"ProductionVariants\": [{\"VariantName\": \"AllTraffic\", \"CurrentInstanceCount\": 2, \"DesiredInstanceCount\": 2}]}");
          case "SageMaker.DescribeEndpointConfig" -> json("{\"EndpointConfigName\": \"other-team-config\", \"EndpointConfigArn\": \"arn:aws:sagemaker:us-west-2:111122223333:endpoint-config/other-team-config\","
              + " \"CreationTime\": 1.7E9, \"ProductionVariants\": [{\"VariantName\": \"AllTraffic\", \"InstanceType\": \"ml.g4dn.12xlarge\", \"InitialInstanceCount\": 2}]}");
          default -> defaultAccount(op);
        };
      });
      try (AwsClients clients = new AwsClients(new AwsOptions(null, "us-west-2", "http://127.0.0.1:" + server.getAddress().getPort()),
          MotoServer.credentials(), 1, software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())) {
        var ml = Map.<String, Object>of("Resources", Map.of(
            "Config", Map.of("Type", "AWS::SageMaker::EndpointConfig", "Properties", Map.of("ProductionVariants",
                List.of(Map.of("InstanceType", "ml.g4dn.12xlarge", "InitialInstanceCount", 10, "VariantName", "AllTraffic")))),
            "Target", Map.of("Type", "AWS::ApplicationAutoScaling::ScalableTarget", "Properties", Map.of("ServiceNamespace", "sagemaker", "MaxCapacity", 12))));
        var needs = dev.tap.optimizer.preflight.QuotaNeeds.of("Tap-ml-dev", "us-west-2", ml);
        var checks = dev.tap.optimizer.preflight.Preflight.check(needs, "us-west-2", new AwsAccountQuotas(clients));
        var endpoint = checks.stream().filter(c -> c.demand().quota().name().equals("ml.g4dn.12xlarge for endpoint usage")).findFirst().orElseThrow();
        assertThat(endpoint.inUse()).isEqualTo(2);
        assertThat(endpoint.limit().value()).isEqualTo(denied ? 0.0 : 4.0);
        assertThat(endpoint.limit().origin()).isEqualTo(denied ? dev.tap.optimizer.preflight.QuotaValue.Origin.AWS_DEFAULT : dev.tap.optimizer.preflight.QuotaValue.Origin.APPLIED);
        assertThat(endpoint.shortBy()).isEqualTo(denied ? 12 : 8);
        assertThat(endpoint.requestLine("us-west-2")).isEqualTo(
            "aws service-quotas request-service-quota-increase --service-code sagemaker --quota-code L-0000000B --desired-value 14 --region us-west-2");
        String text = dev.tap.optimizer.preflight.PreflightReport.render("Tap-ml-dev", "us-west-2", checks);
        assertThat(text).contains("sagemaker L-0000000B", "10 (max 12)");
        if (denied) assertThat(text).contains("servicequotas:ListServiceQuotas was denied");
      }
      server.stop(0);
    }
    assertThat(IamPermissions.forPreflight().get(0).actions()).contains("servicequotas:ListServiceQuotas", "servicequotas:ListAWSDefaultServiceQuotas",
        "sagemaker:ListEndpoints", "sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig");
  }

  static String line(String text, String containing) {
    return text.lines().filter(l -> l.contains(containing) && !l.contains("request-service-quota-increase") && !l.startsWith("  *"))
        .findFirst().orElseThrow(() -> new AssertionError("no line with " + containing + " in\n" + text));
  }
}
