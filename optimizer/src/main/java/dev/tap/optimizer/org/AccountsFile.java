package dev.tap.optimizer.org;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --accounts FILE}: one 12-digit account id per line; {@code #} starts a comment (whole line
 * or after the id); blank lines are skipped; an id given twice is analysed once. Any other line is an
 * error naming the file and line, so a typo never silently drops an account.
 */
public final class AccountsFile {
  private AccountsFile() {}

  public static List<MemberAccount> read(Path file) {
    try {
      return parse(file.toString(), Files.readAllLines(file));
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read --accounts " + file + " (" + e.getMessage() + "): give a file with one 12-digit account id per line.", e);
    }
  }

  /** {@code name} is how errors name the file. */
  public static List<MemberAccount> parse(String name, List<String> lines) {
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String id = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (id.isEmpty()) continue;
      if (!id.matches("\\d{12}")) {
        throw new UserError(ExitCode.BAD_INPUT, name + ":" + (i + 1) + ": '" + id + "' is not an AWS account id. Write one 12-digit id per line "
            + "(leading zeros kept), with # for comments.");
      }
      ids.add(id);
    }
    if (ids.isEmpty()) throw new UserError(ExitCode.BAD_INPUT, name + " names no account: write one 12-digit account id per line.");
    List<MemberAccount> out = new ArrayList<>();
    for (String id : ids) out.add(new MemberAccount(id, id));
    return out;
  }
}
