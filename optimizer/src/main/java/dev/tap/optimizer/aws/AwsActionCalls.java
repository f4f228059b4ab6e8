package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.model.Family;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How the action adapters call AWS: through {@link AwsClients#call} (adaptive retries of
 * throttling and 5xx first), with a failure that is left turned into an {@link ActionFailedException}
 * that the executor handles per phase; an access denial names the IAM permission.
 */
final class AwsActionCalls {
  private AwsActionCalls() {}

  static <T> T act(AwsClients aws, String action, String region, Supplier<T> fn) {
    try {
      return aws.call(action, region, fn);
    } catch (UserError e) {
      if (e.exitCode() == ExitCode.AWS_ACCESS && e.getMessage().contains("denied")) {
        throw new ActionFailedException(e.getMessage(), action, e);
      }
      throw new ActionFailedException(e.getMessage(), null, e);
    }
  }

  static void run(AwsClients aws, String action, String region, Runnable fn) {
    act(aws, action, region, () -> {
      fn.run();
      return null;
    });
  }

  /** One resource through its inventory reader; absent or unreadable is a permanent failure. */
  static Resource describe(FamilyReader reader, Family family, String id, String region) {
    List<String> problems = new ArrayList<>();
    try {
      return reader.read(new Target(family, id, region, "tap apply"), region, problems)
          .orElseThrow(() -> new ActionFailedException(family.label() + " " + id + " was not found in " + region
              + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")")));
    } catch (UserError e) {
      throw new ActionFailedException(e.getMessage(), e.exitCode() == ExitCode.AWS_ACCESS ? "describe" : null, e);
    }
  }
}
