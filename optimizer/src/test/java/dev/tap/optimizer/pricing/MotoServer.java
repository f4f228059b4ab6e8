package dev.tap.optimizer.pricing;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A moto_server child process on a free loopback port; absent when moto_server is not on PATH. */
final class MotoServer implements AutoCloseable {
  private final Process process;
  private final URI endpoint;
  private final HttpClient http = HttpClient.newHttpClient();

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static Optional<Path> executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "moto_server");
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static MotoServer start(Path executable) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    MotoServer moto = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("moto_server exited with " + p.exitValue());
      }
      try {
        HttpURLConnection c = (HttpURLConnection) moto.endpoint.resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(500);
        if (c.getResponseCode() > 0) {
          return moto;
        }
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    moto.close();
    throw new IOException("moto_server did not answer on " + moto.endpoint + " within 30 s");
  }

  URI endpoint() {
    return endpoint;
  }

  /** POSTs JSON to a moto-api path and expects a 2xx answer. */
  void post(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("moto " + path + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
