package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.OfferFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The Price List bulk API's offer files over plain HTTPS ({@code https://pricing.us-east-1.amazonaws.com}):
 * public, unsigned, so no SDK client. A status other than 200 or an unreachable host is an error
 * naming the URL.
 */
public final class AwsOfferFiles implements OfferFiles {
  public static final String DEFAULT_BASE = "https://pricing.us-east-1.amazonaws.com";
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();

  public AwsOfferFiles(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  @Override
  public String describe(String path) {
    return base + path;
  }

  @Override
  public InputStream open(String path) {
    URI uri = URI.create(describe(path));
    try {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        r.body().close();
        throw new UserError(ExitCode.AWS_ACCESS, "GET " + uri + " answered HTTP " + r.statusCode()
            + "; check --savings-plans-url, or pass --no-savings-plans to keep the base list's Savings Plans rates out.");
      }
      return r.body();
    } catch (IOException e) {
      throw new UserError(ExitCode.AWS_ACCESS, "Cannot reach " + uri + " (" + e.getMessage() + "); the Savings Plans offer files need HTTPS access to "
          + DEFAULT_BASE + ", or pass --no-savings-plans.", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(ExitCode.FAILURE, "interrupted while fetching " + uri, e);
    }
  }
}
