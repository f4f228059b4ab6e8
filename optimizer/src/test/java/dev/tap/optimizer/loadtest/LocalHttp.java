package dev.tap.optimizer.loadtest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** An in-process HTTP server on loopback that answers GET / with 200 (or a set status) after a set delay, counting requests. */
public final class LocalHttp implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(16);
  public final AtomicLong requests = new AtomicLong();
  final AtomicInteger status = new AtomicInteger(200);
  volatile long delayMs;

  public LocalHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      if (delayMs > 0) LocalProcesses.sleep(delayMs);
      byte[] body = "ok".getBytes();
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.setExecutor(pool);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  public void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    stop();
    pool.shutdownNow();
  }
}
