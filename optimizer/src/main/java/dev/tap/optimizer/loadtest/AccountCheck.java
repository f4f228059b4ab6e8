package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.inventory.OutputsFile;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses to load-test a deployment of another account: the account is read from the ARNs in the
 * outputs file (secret, cluster, function ARNs) and compared with the caller's (STS
 * GetCallerIdentity). An outputs file without ARNs tells nothing, and nothing is checked.
 */
public final class AccountCheck {

  private static final Pattern ARN_ACCOUNT = Pattern.compile("arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\\d{12}):");

  private AccountCheck() {}

  /** Account -> the first output key whose ARN names it. */
  static Map<String, String> accountsIn(OutputsFile outputs) {
    Map<String, String> accounts = new TreeMap<>();
    if (outputs == null) return accounts;
    for (OutputsFile.StackOutputs s : outputs.stacks()) {
      s.values().forEach((key, value) -> {
        Matcher m = ARN_ACCOUNT.matcher(value);
        while (m.find()) accounts.putIfAbsent(m.group(1), (s.stack().isEmpty() ? "" : s.stack() + ".") + key);
      });
    }
    return accounts;
  }

  /**
   * Returns a line to print about the check. When the caller's account cannot be learnt (no
   * credentials), that is reported and the run goes on: the AWS calls the run needs would fail on
   * their own, and the endpoints themselves do not reveal an account.
   */
  public static String check(OutputsFile outputs, Supplier<LoadTestAccount.Caller> caller) {
    Map<String, String> accounts = accountsIn(outputs);
    if (accounts.isEmpty()) return "account check: the outputs name no ARNs, nothing to compare";
    LoadTestAccount.Caller me;
    try {
      me = caller.get();
    } catch (UserError e) {
      return "account check: skipped, the caller's account is unknown (" + e.getMessage() + ")";
    }
    if (accounts.size() > 1 || !accounts.containsKey(me.account())) {
      String theirs = String.join(", ", accounts.entrySet().stream().map(e -> e.getKey() + " (from " + e.getValue() + ")").toList());
      throw new UserError(ExitCode.REFUSED, "refusing to load-test: outputs file " + outputs.path() + " belongs to account " + theirs
          + ", but the credentials are of account " + me.account() + " (" + me.arn() + "). Use --aws-profile for the deployment's account.");
    }
    return "account check: outputs and credentials are both account " + me.account();
  }
}
