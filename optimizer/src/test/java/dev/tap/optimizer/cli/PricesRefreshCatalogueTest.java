package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.TestCredentials;
import dev.tap.optimizer.error.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tap prices refresh}: the help says what it rebuilds, and bad regions or out files fail before any AWS call. */
@ExtendWith(TestCredentials.class)
class PricesRefreshCatalogueTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T08:30:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = new CommandLine(new PricesCommand.Refresh(CLOCK));
    cl.setExecutionExceptionHandler((ex, c, p) -> {
      c.getErr().println("tap: " + ex.getMessage());
      return ex instanceof dev.tap.optimizer.error.UserError ue ? ue.exitCode().code : 1;
    });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void helpSaysTheCatalogueIsRebuiltAndWhere() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("specs from EC2\nDescribeInstanceTypes").contains("prices.ec2-catalogue.csv.gz").contains("--regions")
        .contains("--no-catalogue").contains("refuses a catalogue from another refresh").contains("ec2:DescribeInstanceTypes");
  }

  @Test
  void anUnknownRegionFailsBeforeAnyCall() {
    // the endpoint is a closed port: reaching it would be a different error
    Run r = run("--out", dir.resolve("p.json").toString(), "--regions", "eu-west-1,eu-nowhere-9", "--endpoint-url", "http://127.0.0.1:9");
    assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("Unknown AWS region 'eu-nowhere-9' (from --region)");
    assertThat(dir.resolve("p.json")).doesNotExist();
  }

  @Test
  void anUnwritableOutFileFailsBeforeAnyCall() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Run r = run("--out", file.resolve("p.json").toString(), "--endpoint-url", "http://127.0.0.1:9");
    assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(r.err()).contains("--out " + file.resolve("p.json")).contains("cannot create the directory").contains("choose a writable path");
    Run d = run("--out", dir.toString(), "--endpoint-url", "http://127.0.0.1:9");
    assertThat(d.exit()).isEqualTo(ExitCode.BAD_INPUT.code);
    assertThat(d.err()).contains("is a directory");
  }
}
