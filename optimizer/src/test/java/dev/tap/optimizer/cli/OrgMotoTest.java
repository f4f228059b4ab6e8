package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tap.optimizer.aws.MotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@code tap org analyze} against moto: an organisation (AWS Organizations) with three member
 * accounts in an OU and its child OU, the member role assumed in each (moto's credentials of an
 * assumed role act in that account), and one account whose role refuses: moto enforces no IAM, so a
 * forwarding proxy in front of it answers that account's sts:AssumeRole with AWS's own AccessDenied
 * error body and passes every other request to moto unchanged. The report lists two analysed and one
 * failed with the reason.
 */
@ExtendWith(MotoServer.Extension.class)
class OrgMotoTest {
  static final String REGION = "us-east-1";
  static final String ROLE = "TapMemberRole";

  @TempDir Path dir;
  MotoServer moto;
  HttpServer proxy;
  final List<String> assumed = Collections.synchronizedList(new ArrayList<>());
  /** Access keys moto handed out for roles in accounts whose reads are to be denied. */
  final Set<String> deniedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeEach
  void credentials(MotoServer moto) {
    this.moto = moto;
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("aws.region", REGION);
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.region");
    if (proxy != null) proxy.stop(0);
  }

  @Test
  void analysesTheAccountsWhoseRoleItAssumesAndReportsTheOneThatRefuses() throws Exception {
    StaticCredentialsProvider mgmt = StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("testing", "testing"));
    List<String> members = new ArrayList<>();
    String ou;
    try (OrganizationsClient org = OrganizationsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(mgmt).build()) {
      org.createOrganization(r -> r.featureSet("ALL"));
      String root = org.listRoots(r -> {}).roots().get(0).id();
      ou = org.createOrganizationalUnit(r -> r.parentId(root).name("workloads")).organizationalUnit().id();
      String child = org.createOrganizationalUnit(r -> r.parentId(ou).name("staging")).organizationalUnit().id();
      for (String name : List.of("trading", "saas", "staging")) {
        String id = org.createAccount(r -> r.accountName(name).email(name + "@example.com")).createAccountStatus().accountId();
        members.add(id);
        String target = name.equals("staging") ? child : ou;
        org.moveAccount(r -> r.accountId(id).sourceParentId(root).destinationParentId(target));
      }
    }
    // one unattached volume in each member account, created with that account's assumed credentials
    for (String id : members) {
      try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(member(mgmt, id)).build()) {
        ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(100).volumeType(VolumeType.GP2));
      }
    }
    String denied = members.get(2);
    proxy = denyingAssumeRole(moto.endpoint(), Set.of(denied));
    String endpoint = "http://127.0.0.1:" + proxy.getAddress().getPort();

    Path out = dir.resolve("org");
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("org", "analyze", "--ou", ou, "--role-name", ROLE, "--external-id", "tap-test",
        "--endpoint-url", endpoint, "--regions", REGION, "--parallel", "2", "--lookback-days", "14", "--out", out.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1); // some account-regions could not be read
    // the role was asked for in each of the three accounts, with the session name and external id
    assertThat(assumed).hasSize(3).allSatisfy(body -> assertThat(body).contains("RoleSessionName=tap-org-analyze").contains("ExternalId=tap-test"));
    for (String id : members) assertThat(String.join("\n", assumed)).contains("iam%3A%3A" + id + "%3Arole%2F" + ROLE);

    JsonNode summary = new ObjectMapper().readTree(out.resolve("org-summary.json").toFile());
    assertThat(summary.get("analysed")).hasSize(2);
    assertThat(summary.get("failed")).hasSize(1);
    JsonNode failed = summary.get("failed").get(0);
    assertThat(failed.get("account").asText()).isEqualTo(denied);
    assertThat(failed.get("reason").asText()).isEqualTo("ROLE_NOT_ASSUMABLE");
    assertThat(failed.get("code").asText()).isEqualTo("AccessDenied");
    assertThat(failed.get("message").asText()).contains("not authorized to perform: sts:AssumeRole");
    for (JsonNode a : summary.get("analysed")) {
      assertThat(a.get("account").asText()).isIn(members.get(0), members.get(1));
      // discovery ran in the member account, with its credentials: its own volume, not another account's
      assertThat(a.get("resources").asInt()).as(a.toString()).isEqualTo(1);
      assertThat(out.resolve(a.get("detail").asText()).resolve("recommendations.json")).exists();
    }
    // the account in the child OU was found by recursing into it
    assertThat(summary.toString()).contains(members.get(2));
    assertThat(r.out()).contains("Could not be read (1):").contains(denied + " (staging) us-east-1: ROLE_NOT_ASSUMABLE (AccessDenied)");
    assertThat(Files.readString(out.resolve("org-summary.csv"))).contains(denied + ",staging,us-east-1,failed,,0,0,0,,ROLE_NOT_ASSUMABLE,AccessDenied,");
    assertThat(out.resolve("accounts").resolve(denied).resolve(REGION).resolve("outcome.json")).exists();
  }

  @Test
  void readsTheManagementAccountWithItsOwnCredentialsAndReportsADeniedReadInsideAMember() throws Exception {
    String member;
    try (OrganizationsClient org = OrganizationsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(MotoServer.credentials()).build()) {
      org.createOrganization(r -> r.featureSet("ALL"));
      member = org.createAccount(r -> r.accountName("audit").email("audit@example.com")).createAccountStatus().accountId();
    }
    try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(MotoServer.credentials()).build()) {
      ec2.createVolume(r -> r.availabilityZone("us-east-1a").size(50).volumeType(VolumeType.GP2));
    }
    proxy = proxy(moto.endpoint(), Set.of(), Set.of(member));
    Path accounts = Files.writeString(dir.resolve("accounts.txt"), "# management, then the audit member\n" + MotoServer.ACCOUNT + "\n" + member + "\n");
    Path out = dir.resolve("org");
    AnalysisCommandsTest.Run r = AnalysisCommandsTest.tap("org", "analyze", "--accounts", accounts.toString(), "--endpoint-url",
        "http://127.0.0.1:" + proxy.getAddress().getPort(), "--lookback-days", "14", "--out", out.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    // no role is assumed in the management account: only the member's was asked for
    assertThat(assumed).hasSize(1).allSatisfy(body -> assertThat(body).contains("iam%3A%3A" + member + "%3Arole"));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("org-summary.json").toFile());
    assertThat(summary.get("analysed")).hasSize(1);
    assertThat(summary.get("analysed").get(0).get("account").asText()).isEqualTo(MotoServer.ACCOUNT);
    assertThat(summary.get("analysed").get(0).get("resources").asInt()).isEqualTo(1);
    JsonNode failed = summary.get("failed").get(0);
    assertThat(failed.get("account").asText()).isEqualTo(member);
    assertThat(failed.get("reason").asText()).isEqualTo("ACCESS_DENIED");
    assertThat(failed.get("code").asText()).isEqualTo("UnauthorizedOperation");
    assertThat(r.out()).contains(member + " (" + member + ") us-east-1: ACCESS_DENIED (UnauthorizedOperation)")
        .contains("give the member role the permissions 'tap iam-policy --for analyze' prints");
  }

  /** Credentials acting in {@code account}: moto's answer to AssumeRole into it. */
  private StaticCredentialsProvider member(StaticCredentialsProvider mgmt, String account) {
    try (StsClient sts = StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1).credentialsProvider(mgmt).build()) {
      Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + account + ":role/" + ROLE).roleSessionName("setup")).credentials();
      return StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }
  }

  /** A loopback proxy to moto that refuses sts:AssumeRole into {@code denied} accounts as AWS does, and records every AssumeRole asked for. */
  private HttpServer denyingAssumeRole(URI moto, Set<String> denied) throws IOException {
    return proxy(moto, denied, Set.of());
  }

  /**
   * As {@link #denyingAssumeRole}, and for the accounts in {@code readDenied} the role is assumed but
   * its ec2:DescribeRegions is refused as EC2 refuses it (UnauthorizedOperation): the proxy learns the
   * access key moto gives for that account's role and denies the call signed with it.
   */
  private HttpServer proxy(URI moto, Set<String> denied, Set<String> readDenied) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.contains("Action=AssumeRole")) {
          assumed.add(text);
          for (String id : denied) {
            if (text.contains("iam%3A%3A" + id + "%3Arole")) {
              respond(exchange, 403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                  + "<Message>User: arn:aws:iam::123456789012:user/tap is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::" + id
                  + ":role/" + ROLE + "</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>");
              return;
            }
          }
        }
        String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (text.contains("Action=DescribeRegions") && deniedKeys.stream().anyMatch(k -> auth.contains("Credential=" + k + "/"))) {
          respond(exchange, 403, "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this "
              + "operation. User: arn:aws:sts::x:assumed-role/" + ROLE + "/tap-org-analyze is not authorized to perform: ec2:DescribeRegions</Message>"
              + "</Error></Errors><RequestID>b0c9c5a5-0000-4000-8000-000000000000</RequestID></Response>");
          return;
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(moto.resolve(exchange.getRequestURI().toString()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((k, vs) -> {
          if (!Set.of("host", "content-length", "connection", "expect", "upgrade").contains(k.toLowerCase())) vs.forEach(v -> req.header(k, v));
        });
        HttpResponse<InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        res.headers().map().forEach((k, vs) -> {
          if (!Set.of("content-length", "transfer-encoding", "connection", ":status").contains(k.toLowerCase())) exchange.getResponseHeaders().put(k, vs);
        });
        byte[] answer;
        try (InputStream in = res.body()) {
          answer = in.readAllBytes();
        }
        if (text.contains("Action=AssumeRole") && readDenied.stream().anyMatch(id -> text.contains("iam%3A%3A" + id + "%3Arole"))) {
          java.util.regex.Matcher key = java.util.regex.Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>").matcher(new String(answer, StandardCharsets.UTF_8));
          if (key.find()) deniedKeys.add(key.group(1));
        }
        exchange.sendResponseHeaders(res.statusCode(), answer.length == 0 ? -1 : answer.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(answer);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        respond(exchange, 502, "interrupted");
      }
    });
    server.start();
    return server;
  }

  private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] b = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, b.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(b);
    }
  }
}
