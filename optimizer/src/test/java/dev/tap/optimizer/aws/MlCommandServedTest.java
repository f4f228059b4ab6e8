package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.cli.TapCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code tap ml} against an account that denies ListEndpoints: exit 3, naming the permission and region. */
@ExtendWith(TestCredentials.class)
class MlCommandServedTest {
  final ServedAws served = new ServedAws();

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void accessDeniedNamesTheMissingPermission(@TempDir Path dir) {
    served.answerJson(400, "{\"__type\": \"AccessDeniedException\", \"message\": \"User: arn:aws:sts::111122223333:assumed-role/tap-readonly/sre "
        + "is not authorized to perform: sagemaker:ListEndpoints\"}");
    StringWriter out = new StringWriter(), err = new StringWriter();
    var cl = TapCli.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("ml", "--endpoint-url", served.url(), "--out", dir.toString());
    assertThat(code).as(err.toString()).isEqualTo(3);
    assertThat(err.toString()).contains("sagemaker:ListEndpoints").contains("us-west-2");
  }
}
