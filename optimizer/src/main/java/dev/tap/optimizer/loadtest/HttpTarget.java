package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GET requests to one URL (a load balancer's DNS name and a path) through {@code java.net.http}.
 * Any answer below 400 counts as success; 4xx and 5xx count under {@code http-<status>}.
 */
final class HttpTarget implements LoadTarget {

  private final String name;
  private final URI url;
  private final Duration timeout;
  private final HttpClient client;

  HttpTarget(String name, URI url, Duration timeout) {
    this.name = name;
    this.url = url;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override public String name() { return name; }
  @Override public String kind() { return "http"; }
  @Override public String endpoint() { return url.toString(); }
  @Override public String workload() { return "GET " + url; }

  @Override
  public void prepare() throws InterruptedException {
    try {
      send();
    } catch (HttpStatusException e) {
      if (e.status >= 500) {
        throw new UserError(ExitCode.BAD_INPUT, "HTTP target " + name + ": GET " + url + " answered HTTP " + e.status
            + " before the load test started. Fix the service or pick a healthy path with --http-path.");
      }
      // 4xx: the path may need parameters the load test does not send; the answers still measure the service
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "HTTP target " + name + ": GET " + url + " failed before the load test started (" + Failures.rootMessage(e)
          + "). Check the URL (AlbDnsName/NlbDnsName in the outputs, or --http-url) and that it is reachable from here.", e);
    }
  }

  @Override
  public void execute() throws IOException, InterruptedException {
    send();
  }

  private void send() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "tap-loadtest").GET().build();
    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() >= 400) throw new HttpStatusException(response.statusCode());
  }

  @Override
  public String classify(Throwable failure) {
    if (failure instanceof HttpStatusException e) return "http-" + e.status;
    String net = Failures.networkKind(failure);
    return net != null ? net : Failures.byClass(failure);
  }

  @Override
  public void close() {
    // java.net.http's client has no close before Java 21; its threads are daemons
  }

  /** An HTTP answer with an error status. */
  static final class HttpStatusException extends IOException {
    final int status;

    HttpStatusException(int status) {
      super("HTTP " + status);
      this.status = status;
    }
  }
}
