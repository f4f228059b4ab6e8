package dev.tap.optimizer.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * A loopback HTTP server that answers AWS calls with the responses queued on it, in order, and
 * records every request; for what moto cannot serve (percentiles, paging, throttling, denial).
 */
final class ServedAws implements AutoCloseable {

  record Answer(int status, String contentType, String body) {}

  record Request(String method, String path, Map<String, String> headers, String body) {
    /** The form parameters of an AWS query-protocol request body. */
    Map<String, String> form() {
      Map<String, String> params = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        if (pair.isEmpty()) continue;
        int eq = pair.indexOf('=');
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
      return params;
    }
  }

  private final HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  ServedAws() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
      Answer a;
      synchronized (answers) {
        a = answers.isEmpty() ? new Answer(500, "text/plain", "no answer queued for " + exchange.getRequestURI()) : answers.poll();
      }
      byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", a.contentType());
      exchange.getResponseHeaders().add("x-amzn-RequestId", "c0ffee00-0000-4000-8000-" + String.format("%012d", requests.size()));
      exchange.sendResponseHeaders(a.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  ServedAws answerXml(int status, String body) {
    synchronized (answers) {
      answers.add(new Answer(status, "text/xml", body));
    }
    return this;
  }

  ServedAws answerJson(int status, String body) {
    synchronized (answers) {
      answers.add(new Answer(status, "application/json", body));
    }
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Answers STS GetCallerIdentity for account 111122223333. */
  ServedAws answerCallerIdentity() {
    return answerXml(200, """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:sts::111122223333:assumed-role/tap-readonly/sre-session</Arn>
            <UserId>AROAEXAMPLEID:sre-session</UserId>
            <Account>111122223333</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """);
  }

  /** Clients at this server, with the given attempts and no back-off wait. */
  AwsClients clients(String region, int maxAttempts) {
    return new AwsClients(new AwsOptions(null, region, url()), MotoServer.credentials(), maxAttempts, BackoffStrategy.retryImmediately());
  }

  static final String CLOUDWATCH_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";
  static final String RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

  /** A CloudWatch error document. */
  static String queryError(String type, String code, String message) {
    return queryError(CLOUDWATCH_XMLNS, type, code, message);
  }

  /** The AWS query-protocol error document of the service with this XML namespace. */
  static String queryError(String xmlns, String type, String code, String message) {
    return "<ErrorResponse xmlns=\"" + xmlns + "\">\n"
        + "  <Error>\n    <Type>" + type + "</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message + "</Message>\n  </Error>\n"
        + "  <RequestId>5d9f1a7c-2c1e-4c8e-9d3a-0e6f1b2a3c4d</RequestId>\n</ErrorResponse>\n";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
