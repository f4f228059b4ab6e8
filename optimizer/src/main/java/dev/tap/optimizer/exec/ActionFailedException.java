package dev.tap.optimizer.exec;

/**
 * A permanent failure of one cloud call (after the adapter's retries of throttling and 5xx):
 * the executor fails the phase and rolls back its completed actions. {@code missingPermission}
 * names the IAM action when access was denied.
 */
public class ActionFailedException extends RuntimeException {
  private final String missingPermission;

  public ActionFailedException(String message) {
    this(message, null, null);
  }

  public ActionFailedException(String message, String missingPermission, Throwable cause) {
    super(message, cause);
    this.missingPermission = missingPermission;
  }

  public static ActionFailedException accessDenied(String permission, String resource, Throwable cause) {
    return new ActionFailedException("access denied: the credentials lack " + permission + " on " + resource
        + "; grant it (see docs/execution.md for the full list) and run 'tap resume'", permission, cause);
  }

  public String missingPermission() {
    return missingPermission;
  }
}
