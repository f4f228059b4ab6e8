package dev.tap.optimizer.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --accounts FILE}: what it keeps, and each bad line named by file:line. */
class AccountsFileTest {

  static Stream<Arguments> goodFiles() {
    return Stream.of(
        Arguments.of(List.of("111111111111"), List.of("111111111111")),
        Arguments.of(List.of("# prod", "111111111111", "", "  222222222222  # payments", "#333333333333"), List.of("111111111111", "222222222222")),
        Arguments.of(List.of("012345678901"), List.of("012345678901")), // leading zero kept
        Arguments.of(List.of("111111111111", "111111111111 # again"), List.of("111111111111"))); // twice, read once
  }

  @ParameterizedTest
  @MethodSource("goodFiles")
  void keepsTheIdsInOrderAndSkipsCommentsAndBlanks(List<String> lines, List<String> ids) {
    assertThat(AccountsFile.parse("a.txt", lines)).extracting(MemberAccount::id).containsExactlyElementsOf(ids);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(List.of("11111111111"), "a.txt:1: '11111111111'"), // 11 digits
        Arguments.of(List.of("111111111111", "1111111111112"), "a.txt:2: '1111111111112'"), // 13 digits
        Arguments.of(List.of("# x", "", "arn:aws:iam::111111111111:root"), "a.txt:3:"),
        Arguments.of(List.of("111111111111,222222222222"), "a.txt:1:"),
        Arguments.of(List.of("# only comments", ""), "a.txt names no account"));
  }

  @ParameterizedTest
  @MethodSource("badFiles")
  void aBadLineIsAnErrorNamingFileAndLine(List<String> lines, String message) {
    assertThatThrownBy(() -> AccountsFile.parse("a.txt", lines)).isInstanceOf(UserError.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.BAD_INPUT));
  }

  @Test
  void readsAFileAndNamesAMissingOne(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("accounts.txt"), "111111111111\n# staging\n333333333333\n");
    assertThat(AccountsFile.read(f)).containsExactly(new MemberAccount("111111111111", null), new MemberAccount("333333333333", null));
    assertThatThrownBy(() -> AccountsFile.read(dir.resolve("none.txt"))).isInstanceOf(UserError.class).hasMessageContaining("none.txt");
  }
}
