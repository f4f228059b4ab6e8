package dev.tap.optimizer.aws;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * A real moto server ({@code moto_server}) on a free loopback port, shared by every test class of
 * one JVM and stopped when the run ends. Use it as {@code @ExtendWith(MotoServer.class)} and take a
 * {@code MotoServer} parameter (resolved before {@code @BeforeEach} methods run): each test starts from an empty account (POST /moto-api/reset).
 * Tests are skipped, with the reason, where moto_server is not on the PATH.
 */
public final class MotoServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {

  /** moto's default account; ARNs it builds contain it. */
  public static final String ACCOUNT = "123456789012";

  private final Process process;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Options as a user would pass them: {@code --endpoint-url} at moto, and the region. */
  public AwsOptions options(String region) {
    return new AwsOptions(null, region, endpoint.toString());
  }

  /** Clients at moto with fixed test credentials (moto accepts any) and quick retries. */
  public AwsClients clients(String region) {
    return new AwsClients(options(region), credentials(), 2, BackoffStrategy.retryImmediately());
  }

  public static AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  }

  /** POSTs JSON to a moto-api path, e.g. the Cost Explorer results moto is to serve. */
  public void post(String path, String json) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) throw new IllegalStateException("moto " + path + " answered HTTP " + r.statusCode() + ": " + r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("moto at " + endpoint + " did not answer " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Forget every resource moto holds. */
  public void reset() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("moto reset answered HTTP " + r.statusCode() + ": " + r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("moto at " + endpoint + " did not answer the reset", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public static boolean installed() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "moto_server"))) return true;
    }
    return false;
  }

  private static MotoServer start() throws IOException, InterruptedException {
    return start(java.util.Map.of());
  }

  /**
   * A server of its own with these environment variables (for example moto's IAM enforcement,
   * {@code INITIAL_NO_AUTH_ACTION_COUNT}), not shared with other tests: the caller closes it.
   */
  public static MotoServer startWith(java.util.Map<String, String> env) throws IOException, InterruptedException {
    return start(env);
  }

  private static MotoServer start(java.util.Map<String, String> env) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = Path.of("target", "moto-" + port + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    MotoServer moto = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) throw new IllegalStateException("moto_server exited with " + p.exitValue() + "; see " + log.toAbsolutePath());
      try {
        HttpResponse<Void> r = moto.http.send(HttpRequest.newBuilder(moto.endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) return moto;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    moto.close();
    throw new IllegalStateException("moto_server did not answer on port " + port + " within 60 s; see " + log.toAbsolutePath());
  }

  /** The JUnit extension: one server per run (kept in the root store, closed at the end), reset before each test. */
  public static final class Extension implements BeforeEachCallback, ParameterResolver {
    // assumed per test, not per class, so that each skipped test is reported with the reason
    @Override
    public void beforeEach(ExtensionContext context) {
      Assumptions.assumeTrue(installed(), "moto_server is not on the PATH: install moto (pip install 'moto[server]') to run the AWS adapter tests");
      server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return server(e);
    }

    private static MotoServer server(ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.create(MotoServer.class)).getOrComputeIfAbsent("server", k -> {
        try {
          return start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start moto_server", e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }, MotoServer.class);
    }
  }
}
