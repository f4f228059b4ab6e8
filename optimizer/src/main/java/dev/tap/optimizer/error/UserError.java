package dev.tap.optimizer.error;

/**
 * An error a user can act on: the message names the file, key or resource and says what to do.
 * Printed without a stack trace.
 */
public class UserError extends RuntimeException {
  private final ExitCode exitCode;

  public UserError(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserError(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
