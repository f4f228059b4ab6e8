package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What --state accepts: a file, or dynamodb://TABLE[?region=REGION]; anything else is refused naming what is wrong. */
class StateLocationTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "tap-state.db                                | tap-state.db | -               | -",
      "/srv/tap/state.db                           | /srv/tap/state.db | -          | -",
      "dynamodb://tap-journal                      | -            | tap-journal     | -",
      "dynamodb://tap-journal/                     | -            | tap-journal     | -",
      "DynamoDB://Tap_Journal.v1?region=eu-west-1  | -            | Tap_Journal.v1  | eu-west-1",
      "dynamodb://abc?region=ap-southeast-2        | -            | abc             | ap-southeast-2"})
  void accepted(String value, String file, String table, String region) {
    StateLocation s = StateLocation.parse(value);
    assertThat(s.file()).isEqualTo(file == null ? null : Path.of(file));
    assertThat(s.table()).isEqualTo(table);
    assertThat(s.region()).isEqualTo(region);
    assertThat(s.shared()).isEqualTo(table != null);
    assertThat(s.defaultChain()).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "dynamodb://tap-journal?credentials=chain                  | -",
      "dynamodb://tap-journal?region=eu-west-1&credentials=chain | eu-west-1",
      "dynamodb://tap-journal?credentials=chain&region=eu-west-1 | eu-west-1"})
  void theDefaultCredentialChainReachesTheTable(String value, String region) {
    StateLocation s = StateLocation.parse(value);
    assertThat(s.defaultChain()).isTrue();
    assertThat(s.region()).isEqualTo(region);
    assertThat(s.table()).isEqualTo("tap-journal");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "dynamodb://                          | '' is not a DynamoDB table name",
      "dynamodb://ab                        | 'ab' is not a DynamoDB table name",
      "dynamodb://has space                 | 'has space' is not a DynamoDB table name",
      "dynamodb:tap-journal                 | is not a DynamoDB journal URI",
      "dynamodb://t-1/extra                 | is not a DynamoDB journal URI",
      "dynamodb://tap-journal?region=Mars   | region 'Mars' is not a region code",
      "dynamodb://tap-journal?region=       | region '' is not a region code",
      "dynamodb://tap-journal?profile=prod  | unknown parameter 'profile'",
      "dynamodb://tap-journal?credentials=task | credentials 'task' is not known",
      "s3://bucket/state.db                 | tap keeps journals in no such store",
      "'   '                                | --state is empty"})
  void refused(String value, String why) {
    assertThatThrownBy(() -> StateLocation.parse(value)).isInstanceOf(UserError.class)
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining(why).hasMessageContaining("dynamodb://TABLE?region=REGION");
  }
}
