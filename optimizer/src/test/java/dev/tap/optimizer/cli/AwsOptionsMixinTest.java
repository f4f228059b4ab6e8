package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.aws.AwsOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class AwsOptionsMixinTest {

  @Command(name = "probe")
  static final class Probe {
    @Mixin AwsOptionsMixin aws;
  }

  @Test
  void optionsAreParsedIntoAwsOptions() {
    Probe p = new Probe();
    new CommandLine(p).parseArgs("--aws-profile", "ops", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:5000");

    assertThat(p.aws.options()).isEqualTo(new AwsOptions("ops", "eu-west-1", "http://127.0.0.1:5000"));
  }

  @Test
  void absentOptionsLeaveTheChainsInCharge() {
    Probe p = new Probe();
    new CommandLine(p).parseArgs();

    assertThat(p.aws.options()).isEqualTo(AwsOptions.DEFAULTS);
  }
}
