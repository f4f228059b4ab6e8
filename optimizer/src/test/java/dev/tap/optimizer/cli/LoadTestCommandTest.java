package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.loadtest.CliRun;
import dev.tap.optimizer.loadtest.LocalHttp;
import dev.tap.optimizer.loadtest.LocalProcesses;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Safety and bad input of tap loadtest; nothing here sends load. */
class LoadTestCommandTest {

  @TempDir Path tmp;

  private Path outputs(String json) throws Exception {
    Path f = tmp.resolve("outputs.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void isRegisteredAndDocumentsItsOptions() {
    CliRun help = CliRun.of("loadtest", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--outputs", "--rate", "--duration", "--ramp", "--concurrency", "--yes", "--aws-profile", "--endpoint-url", "--redis-tls", "--db-user");
  }

  @Test
  void refusesToStartUnbounded() throws Exception {
    Path f = outputs("{\"AlbDnsName\": \"127.0.0.1:1\"}");
    CliRun none = CliRun.of("loadtest", "--outputs", f.toString(), "--yes");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("refusing to start without --rate and --duration");
    CliRun noDuration = CliRun.of("loadtest", "--outputs", f.toString(), "--rate", "10", "--yes");
    assertThat(noDuration.exit()).isEqualTo(2);
    assertThat(noDuration.err()).contains("without --duration");
    CliRun tooLong = CliRun.of("loadtest", "--outputs", f.toString(), "--rate", "10", "--duration", "25h", "--yes");
    assertThat(tooLong.exit()).isEqualTo(2);
    assertThat(tooLong.err()).contains("at most 24h");
    CliRun badRamp = CliRun.of("loadtest", "--outputs", f.toString(), "--rate", "10", "--duration", "10s", "--ramp", "20s", "--yes");
    assertThat(badRamp.exit()).isEqualTo(2);
    assertThat(badRamp.err()).contains("--ramp 20s is longer than --duration 10s");
  }

  @Test
  void printsTheTargetsAndAsksBeforeSendingAnything() throws Exception {
    try (LocalHttp server = new LocalHttp()) {
      Path f = outputs("{\"AlbDnsName\": \"" + server.hostPort() + "\"}");
      // no terminal and no --yes: refused after showing what it would do
      CliRun noTerminal = CliRun.of("loadtest", "--outputs", f.toString(), "--rate", "10", "--duration", "1s", "--http-path", "/a", "--http-path", "/b");
      assertThat(noTerminal.exit()).isEqualTo(4);
      assertThat(noTerminal.out()).contains("alb/a", "alb/b", "GET http://" + server.hostPort() + "/a", "10 operations per target, 20 in all");
      assertThat(noTerminal.err()).contains("--yes");
      assertThat(server.requests.get()).isZero();

      CliRun declined = run(new BufferedReader(new StringReader("n\n")), "loadtest", "--outputs", f.toString(), "--rate", "10", "--duration", "1s");
      assertThat(declined.exit()).isEqualTo(4);
      assertThat(declined.out()).contains("Send this load? [y/N]");
      assertThat(server.requests.get()).isZero();

      Path out = tmp.resolve("out");
      CliRun accepted = run(new BufferedReader(new StringReader("y\n")), "loadtest", "--outputs", f.toString(), "--rate", "10", "--duration", "1s", "--out", out.toString());
      assertThat(accepted.exit()).as(accepted.toString()).isZero();
      assertThat(server.requests.get()).isEqualTo(11);
      assertThat(accepted.result(out).startedAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
    }
  }

  private static CliRun run(BufferedReader answer, String... args) {
    Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    CommandLine root = TapCli.newCommandLine();
    CommandLine cl = new CommandLine(new LoadTestCommand(clock, Map.of(), null, answer));
    cl.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
    cl.setExitCodeExceptionMapper(root.getExitCodeExceptionMapper());
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    return CliRun.run(cl, rest);
  }

  @Test
  void aMissingOutputsKeyIsNamed() throws Exception {
    CliRun noSecret = run(null, "loadtest", "--outputs", outputs("{\"RdsEndpoint\": \"db.example.com:5432\"}").toString(), "--rate", "1", "--duration", "1s", "--yes");
    assertThat(noSecret.exit()).isEqualTo(2);
    assertThat(noSecret.err()).contains("has RdsEndpoint but no RdsSecretArn", "--db-user");

    CliRun noPort = run(null, "loadtest", "--outputs", outputs("{\"RedisConfigurationEndpoint\": \"cfg.cache.amazonaws.com\"}").toString(), "--rate", "1", "--duration", "1s", "--yes");
    assertThat(noPort.exit()).isEqualTo(2);
    assertThat(noPort.err()).contains("no RedisPort");

    CliRun noKind = run(null, "loadtest", "--outputs", outputs("{\"AlbDnsName\": \"alb.example.com\"}").toString(), "--targets", "redis", "--rate", "1", "--duration", "1s", "--yes");
    assertThat(noKind.exit()).isEqualTo(2);
    assertThat(noKind.err()).contains("has no RedisConfigurationEndpoint", "--redis-endpoint");

    CliRun nothing = run(null, "loadtest", "--outputs", outputs("{\"VpcId\": \"vpc-1\"}").toString(), "--rate", "1", "--duration", "1s", "--yes");
    assertThat(nothing.exit()).isEqualTo(2);
    assertThat(nothing.err()).contains("nothing to load-test", "RdsEndpoint", "AlbDnsName");

    CliRun readerOnly = run(null, "loadtest", "--outputs", outputs("{\"AuroraReaderEndpoint\": \"r.example.com\"}").toString(), "--rate", "1", "--duration", "1s", "--yes");
    assertThat(readerOnly.exit()).isEqualTo(2);
    assertThat(readerOnly.err()).contains("no AuroraWriterEndpoint");

    CliRun missingFile = run(null, "loadtest", "--outputs", tmp.resolve("absent.json").toString(), "--rate", "1", "--duration", "1s", "--yes");
    assertThat(missingFile.exit()).isEqualTo(2);
    assertThat(missingFile.err()).contains("absent.json", "does not exist");
  }

  @Test
  void secretsFromTheOutputsAreReadAndCheckedForTheFieldsNeeded() throws Exception {
    String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db";
    Path f = outputs("{\"AuroraWriterEndpoint\": \"127.0.0.1:1\", \"AuroraSecretArn\": \"" + arn + "\"}");
    Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    CommandLine root = TapCli.newCommandLine();
    CommandLine cl = new CommandLine(new LoadTestCommand(clock, Map.of(), a -> "{\"username\":\"u\"}", null));
    cl.setExecutionExceptionHandler(root.getExecutionExceptionHandler());
    cl.setExitCodeExceptionMapper(root.getExitCodeExceptionMapper());
    // the account check cannot learn the caller here (no endpoint answers STS quickly): it is reported and skipped
    CliRun run = CliRun.run(cl, "--outputs", f.toString(), "--endpoint-url", "http://127.0.0.1:" + LocalProcesses.freePort(), "--region", "us-east-1",
        "--rate", "1", "--duration", "1s", "--yes");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("account check: skipped");
    assertThat(run.err()).contains(arn, "lacks 'username' or 'password'");
  }
}
