package dev.tap.optimizer.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A JDK HTTP server on 127.0.0.1 answering AWS JSON 1.1 calls: the handler gets the X-Amz-Target
 * and the parsed body and returns a status and a JSON body. Records every request.
 */
public final class ServedAwsJson implements AutoCloseable {
  public record Reply(int status, String json) {}

  public static final AwsCredentialsProvider TEST_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret"));
  public static final ObjectMapper JSON = new ObjectMapper();

  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  public ServedAwsJson(BiFunction<String, JsonNode, Reply> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(body);
      Reply r = handler.apply(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
      byte[] bytes = r.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(r.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public static Reply error(int status, String type, String message) {
    return new Reply(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
