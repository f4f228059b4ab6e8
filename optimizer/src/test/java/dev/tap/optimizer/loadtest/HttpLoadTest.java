package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tap loadtest against an in-process HTTP server named by the outputs' AlbDnsName. */
class HttpLoadTest {

  @TempDir Path tmp;

  private Path outputs(String json) throws Exception {
    Path f = tmp.resolve("outputs.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void holdsTheRateAndWritesJsonAndCsv() throws Exception {
    try (LocalHttp server = new LocalHttp()) {
      server.delayMs = 5;
      Path out = tmp.resolve("out");
      CliRun run = CliRun.of("loadtest", "--outputs", outputs("{\"AlbDnsName\": \"" + server.hostPort() + "\"}").toString(),
          "--rate", "200", "--duration", "3s", "--yes", "--live", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();

      long sent = server.requests.get() - 1; // one request checks the target before the load starts
      assertThat(sent).as("requests the server received").isBetween(570L, 630L); // 600 within 5 %
      LoadTestResult result = run.result(out);
      TargetResult t = result.targets().get(0);
      assertThat(t.name()).isEqualTo("alb/");
      assertThat(t.kind()).isEqualTo("http");
      assertThat(t.scheduled()).isEqualTo(600);
      assertThat(t.ok()).isEqualTo(sent);
      assertThat(t.errors()).isEmpty();
      assertThat(t.throughputPerSecond()).isBetween(190.0, 210.0);
      assertThat(t.latencyMs().p50()).isGreaterThanOrEqualTo(5.0); // the server's 5 ms delay is in every latency
      assertThat(t.latencyMs().p99()).isGreaterThanOrEqualTo(t.latencyMs().p50());
      assertThat(t.latencyMs().max()).isGreaterThanOrEqualTo(t.latencyMs().p99());
      // the full seconds each carry the rate
      List<SecondResult> full = t.seconds().stream().filter(s -> s.second() <= 3).toList();
      assertThat(full).hasSize(3);
      for (SecondResult s : full.subList(1, 3)) assertThat(s.ok()).as("second " + s.second()).isBetween(180L, 220L);

      List<String> csv = Files.readAllLines(out.resolve(ResultFiles.CSV_NAME));
      assertThat(csv.get(0)).isEqualTo(ResultFiles.CSV_HEADER);
      assertThat(csv).anyMatch(l -> l.startsWith("alb/,http,1,"));
      assertThat(csv.get(csv.size() - 1)).startsWith("alb/,http,total," + t.ok() + ",0,");
      assertThat(run.out()).containsPattern("\\s+1s\\s+alb/\\s+ok\\s+\\d+").contains("alb/", "GET http://" + server.hostPort() + "/");
      try (var files = Files.list(out)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("loadtest.json", "loadtest.csv"); // no temp files left
      }
    }
  }

  @Test
  void aServerStoppedMidRunShowsUpAsErrorsAndTheRunEndsOnTime() throws Exception {
    LocalHttp server = new LocalHttp();
    Path out = tmp.resolve("out");
    Thread stopper = new Thread(() -> {
      LocalProcesses.sleep(1500);
      server.close();
    });
    stopper.start();
    CliRun run = CliRun.of("loadtest", "--http-url", "http://" + server.hostPort() + "/health", "--rate", "100", "--duration", "3s",
        "--timeout", "1s", "--yes", "--out", out.toString());
    stopper.join();
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.millis()).as("the run ends by itself, bounded by duration + timeout + grace").isLessThan(3000 + 1000 + 2000 + 4000);
    TargetResult t = run.result(out).targets().get(0);
    assertThat(t.ok()).isBetween(100L, 170L);
    assertThat(t.errors()).containsKey("connection");
    assertThat(t.ok() + t.errorCount()).isEqualTo(t.scheduled());
    assertThat(run.out()).contains("connection=");
  }

  @Test
  void errorStatusesAreCountedByKind() throws Exception {
    try (LocalHttp server = new LocalHttp()) {
      Path out = tmp.resolve("out");
      server.status.set(404); // the check before the run accepts a 4xx: the path may need parameters
      CliRun run = CliRun.of("loadtest", "--http-url", "http://" + server.hostPort() + "/missing", "--rate", "50", "--duration", "1s", "--yes", "--out", out.toString());
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.result(out).targets().get(0).errors()).containsEntry("http-404", 50L);

      server.status.set(503);
      CliRun refused = CliRun.of("loadtest", "--http-url", "http://" + server.hostPort() + "/", "--rate", "50", "--duration", "1s", "--yes", "--out", out.toString());
      assertThat(refused.exit()).isEqualTo(2);
      assertThat(refused.err()).contains("http://" + server.hostPort() + "/", "HTTP 503");
    }
  }

  @Test
  void anUnreachableHostIsNamed() throws Exception {
    int closed = LocalProcesses.freePort();
    CliRun run = CliRun.of("loadtest", "--outputs", outputs("{\"NlbDnsName\": \"127.0.0.1:" + closed + "\"}").toString(),
        "--rate", "10", "--duration", "1s", "--yes", "--out", tmp.resolve("out").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("http://127.0.0.1:" + closed + "/", "NlbDnsName");
    assertThat(tmp.resolve("out")).doesNotExist();
  }
}
