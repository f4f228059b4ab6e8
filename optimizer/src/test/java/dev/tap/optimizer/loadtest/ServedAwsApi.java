package dev.tap.optimizer.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server speaking the wire shapes of three AWS APIs, for {@code --endpoint-url}: STS
 * GetCallerIdentity (query protocol, XML), Secrets Manager GetSecretValue (JSON 1.1) and Lambda
 * Invoke (REST: POST /2015-03-31/functions/NAME/invocations). Functions answer after a set delay;
 * a function named in {@code failing} returns a function error; an unknown one, 404.
 */
final class ServedAwsApi implements AutoCloseable {

  static final String ACCOUNT = "123456789012";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  final Map<String, String> secrets = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> invocations = new ConcurrentHashMap<>();
  final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  volatile String callerAccount = ACCOUNT;
  volatile long delayMs;

  ServedAwsApi(String... functions) {
    for (String f : functions) invocations.put(f, new AtomicLong());
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = x.getRequestURI().getPath();
    String target = x.getRequestHeaders().getFirst("X-Amz-Target");
    if (path.startsWith("/2015-03-31/functions/") && path.endsWith("/invocations")) {
      String fn = URLDecoder.decode(path.substring("/2015-03-31/functions/".length(), path.length() - "/invocations".length()), StandardCharsets.UTF_8);
      AtomicLong count = invocations.get(fn);
      if (count == null) {
        x.getResponseHeaders().add("X-Amzn-ErrorType", "ResourceNotFoundException");
        send(x, 404, "application/json", "{\"Type\":\"User\",\"message\":\"Function not found: arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + fn + "\"}");
        return;
      }
      count.incrementAndGet();
      if (delayMs > 0) LocalProcesses.sleep(delayMs);
      if (failing.getOrDefault(fn, false)) {
        x.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
        send(x, 200, "application/json", "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
      } else {
        x.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        send(x, 200, "application/json", "{\"statusCode\":200,\"echo\":" + (body.isEmpty() ? "null" : body) + "}");
      }
    } else if ("secretsmanager.GetSecretValue".equals(target)) {
      String id = JSON.readTree(body).path("SecretId").asText();
      String secret = secrets.get(id);
      if (secret == null) {
        send(x, 400, "application/x-amz-json-1.1", "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}");
      } else {
        send(x, 200, "application/x-amz-json-1.1", JSON.writeValueAsString(Map.of("ARN", id, "Name", "secret", "SecretString", secret, "VersionId", "v1")));
      }
    } else if (body.contains("Action=GetCallerIdentity")) {
      send(x, 200, "text/xml", "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
          + "<Arn>arn:aws:iam::" + callerAccount + ":user/tester</Arn><UserId>AIDATEST</UserId><Account>" + callerAccount + "</Account>"
          + "</GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>");
    } else {
      send(x, 400, "text/plain", "not served: " + x.getRequestMethod() + " " + path + " target=" + target);
    }
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.getResponseHeaders().add("x-amzn-RequestId", "r1");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    stop();
    pool.shutdownNow();
  }

  /** The SDK's default chain reads these system properties first; any value works against this server. */
  static void useTestCredentials() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }
}
