package dev.tap.optimizer.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of moto that injects the faults a real DynamoDB endpoint produces
 * and moto does not: for the next {@code times} requests of one operation (matched on the JSON
 * protocol's {@code X-Amz-Target}, {@code DynamoDB_20120810.PutItem}) it answers an AWS error
 * instead of forwarding ({@link Kind#ERROR}), or forwards the request and then loses the answer:
 * an HTTP 500 ({@link Kind#LOSE_ANSWER}) or a connection closed without a response
 * ({@link Kind#DROP_CONNECTION}); or answers a BatchWriteItem with every item unprocessed
 * ({@link Kind#UNPROCESSED}). Every other request goes to moto unchanged.
 */
public final class FaultProxy implements AutoCloseable {

  public enum Kind { ERROR, LOSE_ANSWER, DROP_CONNECTION, UNPROCESSED }

  /**
   * One rule: after letting {@code skip} requests of {@code operation} through, the next {@code times} get {@code kind}
   * ({@code status} and {@code body} for ERROR).
   */
  public record Fault(String operation, int skip, int times, Kind kind, int status, String body) {
    /** DynamoDB's own error for a JSON-protocol call: {@code {"__type": "...#Code", "message": ...}} with HTTP 400. */
    public static Fault error(String operation, int times, String code) {
      return new Fault(operation, 0, times, Kind.ERROR, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\""
          + message(code) + "\"}");
    }

    /**
     * A cancelled transaction, one reason per item as DynamoDB words it (moto's shape too):
     * {@code CancellationReasons: [{"Code": "None"}, {"Code": "TransactionConflict", "Message": ...}]}.
     */
    public static Fault cancelled(int times, List<String> reasons) {
      StringBuilder list = new StringBuilder();
      for (String r : reasons) {
        if (list.length() > 0) list.append(',');
        list.append(r.equals("None") ? "{\"Code\":\"None\"}" : "{\"Code\":\"" + r + "\",\"Message\":\"" + message(r) + "\"}");
      }
      return new Fault("TransactWriteItems", 0, times, Kind.ERROR, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
          + "\"CancellationReasons\":[" + list + "],\"Message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons "
          + reasons + "\"}");
    }

    /** BatchWriteItem answered "nothing written": {@code UnprocessedItems} is the request's {@code RequestItems}. */
    public static Fault unprocessed(int times) {
      return new Fault("BatchWriteItem", 0, times, Kind.UNPROCESSED, 200, null);
    }

    public static Fault lost(String operation, int skip, int times, Kind kind) {
      return new Fault(operation, skip, times, kind, 500, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}");
    }
  }

  private static String message(String code) {
    return switch (code) {
      case "ProvisionedThroughputExceededException" -> "The level of configured provisioned throughput for the table was exceeded."
          + " Consider increasing your provisioning level with the UpdateTable API.";
      case "ThrottlingException" -> "Rate of requests exceeds the allowed throughput.";
      case "RequestLimitExceeded" -> "Throughput exceeds the current throughput limit for your account.";
      case "TransactionConflict" -> "Transaction is ongoing for the item";
      case "ConditionalCheckFailed" -> "The conditional request failed";
      case "ThrottlingError" -> "Throughput exceeds the current capacity of your table or index.";
      default -> code;
    };
  }

  private record Rule(Fault fault, AtomicInteger seen) {}

  private final URI target;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();

  public FaultProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FaultProxy add(Fault fault) {
    rules.add(new Rule(fault, new AtomicInteger()));
    return this;
  }

  /** Forgets the rules and the counts. */
  public void clear() {
    rules.clear();
    requests.clear();
    bodies.clear();
  }

  /** The bodies of the requests of {@code operation}, in the order received. */
  public List<String> bodies(String operation) {
    return bodies.getOrDefault(operation, List.of());
  }

  /** How many requests of {@code operation} reached the proxy (faulted or not). */
  public int requests(String operation) {
    AtomicInteger n = requests.get(operation);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String t = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      String operation = t.substring(t.indexOf('.') + 1);
      requests.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      bodies.computeIfAbsent(operation, k -> new CopyOnWriteArrayList<>()).add(new String(body, StandardCharsets.UTF_8));
      Fault fault = null;
      for (Rule r : rules) {
        if (!r.fault().operation().equals(operation)) continue;
        int n = r.seen().getAndIncrement();
        if (n >= r.fault().skip() && n < r.fault().skip() + r.fault().times()) {
          fault = r.fault();
          break;
        }
      }
      if (fault != null && fault.kind() == Kind.UNPROCESSED) {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var answer = json.createObjectNode().set("UnprocessedItems", json.readTree(body).get("RequestItems"));
        respond(exchange, 200, json.writeValueAsBytes(answer));
        return;
      }
      if (fault != null && fault.kind() == Kind.ERROR) {
        respond(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpResponse<byte[]> answer = forward(exchange, body);
      if (fault == null) {
        answer.headers().map().forEach((k, vs) -> {
          if (!Set.of("content-length", "transfer-encoding", "connection", ":status").contains(k.toLowerCase())) exchange.getResponseHeaders().put(k, vs);
        });
        respond(exchange, answer.statusCode(), answer.body());
      } else if (fault.kind() == Kind.LOSE_ANSWER) {
        respond(exchange, fault.status(), fault.body().getBytes(StandardCharsets.UTF_8));
      } else {
        // moto has done the write; the client sees its connection closed with no response at all
        throw new IOException("dropping the connection after forwarding " + operation);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((k, vs) -> {
      if (!Set.of("host", "content-length", "connection", "expect", "upgrade").contains(k.toLowerCase())) vs.forEach(v -> req.header(k, v));
    });
    return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
