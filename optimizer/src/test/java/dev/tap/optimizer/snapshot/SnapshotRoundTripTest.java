package dev.tap.optimizer.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.SimAccount;
import dev.tap.optimizer.sim.SimBlueprint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SnapshotRoundTripTest {

  @TempDir Path tmp;

  @Test
  void whatIsWrittenIsReadBackIdentically() {
    SimAccount a = SimAccount.of(SimBlueprint.SAAS);
    Instant end = a.clock().instant();
    Instant start = end.minus(Duration.ofDays(14));
    Snapshot snap = a.snapshot();
    List<ResourceMetrics> fetched = new MetricsEngine(a.cloudWatch(), Families.catalog(), a.clock()).fetch(snap, start, end, null);
    Path dir = tmp.resolve("snap");
    try (SnapshotWriter w = new SnapshotWriter(dir, snap, start, end)) {
      fetched.forEach(w::add);
      w.finish();
    }

    SavedSnapshot saved = SnapshotReader.read(dir);

    assertThat(saved.version()).isEqualTo(SnapshotFormat.VERSION);
    assertThat(saved.snapshot()).isEqualTo(snap);
    assertThat(saved.start()).isEqualTo(start);
    assertThat(saved.end()).isEqualTo(end);
    assertThat(saved.lookbackDays()).isEqualTo(14);
    assertThat(saved.metrics()).isEqualTo(fetched);
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void anUnfinishedSnapshotLeavesNoManifestAndIsRefused() {
    SimAccount a = SimAccount.of(SimBlueprint.STAGING);
    Path dir = tmp.resolve("half");
    try (SnapshotWriter w = new SnapshotWriter(dir, a.snapshot(), a.clock().instant().minus(Duration.ofDays(1)), a.clock().instant())) {
      // closed without finish(): a crash half-way
    }
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    assertThatThrownBy(() -> SnapshotReader.read(dir)).isInstanceOf(UserError.class).hasMessageContaining("manifest.json").hasMessageContaining("not finished");
  }

  @Test
  void theCommandWritesASnapshotOfTheSimulatedAccount() throws IOException {
    Path dir = tmp.resolve("cli");
    StringWriter out = new StringWriter();
    CommandLine cl = dev.tap.optimizer.cli.TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    int code = cl.execute("snapshot", "--sim", "staging", "--lookback-days", "7", "--out", dir.toString());

    assertThat(code).isZero();
    assertThat(out.toString()).contains("9 resources") // what the blueprint's outputs name: standalone instances and volumes need --discover
        .contains("7 days").contains("GetMetricData calls").contains(dir.toAbsolutePath().toString());
    SavedSnapshot saved = SnapshotReader.read(dir);
    assertThat(saved.snapshot().blueprint()).isEqualTo("staging");
    assertThat(saved.metrics()).hasSize(9);
    assertThat(saved.metrics().get(0).hourly().values()).allSatisfy(s -> assertThat(s.size()).isEqualTo(7 * 24));
    try (Stream<String> lines = Files.lines(dir.resolve(SnapshotFormat.SERIES))) {
      assertThat(lines.findFirst()).hasValue("resource_id,metric,stat,timestamp,value");
    }
  }

  @Test
  void badInputExitsWithCodeTwoAndSaysWhatToDo() {
    StringWriter err = new StringWriter();
    CommandLine cl = dev.tap.optimizer.cli.TapCli.newCommandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("snapshot", "--sim", "nope", "--out", tmp.resolve("x").toString())).isEqualTo(2);
    assertThat(cl.execute("snapshot", "--sim", "trading", "--lookback-days", "500", "--out", tmp.resolve("y").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown blueprint 'nope'").contains("1..455");
  }

  @Test
  void damagedFilesAreNamedWithTheirLine() throws IOException {
    SimAccount a = SimAccount.of(SimBlueprint.TRADING);
    Path dir = tmp.resolve("bad");
    try (SnapshotWriter w = new SnapshotWriter(dir, a.snapshot(), a.clock().instant().minus(Duration.ofDays(1)), a.clock().instant())) {
      new MetricsEngine(a.cloudWatch(), Families.catalog(), a.clock()).stream(a.snapshot(), a.clock().instant().minus(Duration.ofDays(1)),
          a.clock().instant(), null, w::add);
      w.finish();
    }
    Path window = dir.resolve(SnapshotFormat.WINDOW);
    List<String> lines = Files.readAllLines(window);
    lines.set(3, lines.get(3).replaceFirst(",[^,]+,(\\d+),(-?\\d+)$", ",twelve,$1,$2"));
    Files.write(window, lines);
    assertThatThrownBy(() -> SnapshotReader.read(dir)).isInstanceOf(UserError.class).hasMessageContaining("window.csv line 4").hasMessageContaining("'twelve'");
  }

  @Test
  void csvQuotesWhatNeedsQuoting() {
    StringBuilder b = new StringBuilder();
    Csv.row(b, "a", "b,c", "say \"hi\"", "{\"k\":\"v\",\"x\":\"y\"}");
    assertThat(b.toString()).isEqualTo("a,\"b,c\",\"say \"\"hi\"\"\",\"{\"\"k\"\":\"\"v\"\",\"\"x\"\":\"\"y\"\"}\"\n");
    assertThat(Csv.parse(b.toString().trim())).containsExactly("a", "b,c", "say \"hi\"", "{\"k\":\"v\",\"x\":\"y\"}");
  }
}
