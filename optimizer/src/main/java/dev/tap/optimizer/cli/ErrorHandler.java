package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import picocli.CommandLine;

/** Turns exceptions into one readable paragraph and a named exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    if (ex instanceof UserError ue) {
      cl.getErr().println("tap: " + ue.getMessage());
      return ue.exitCode().code;
    }
    cl.getErr().println("tap: unexpected error: " + ex);
    ex.printStackTrace(cl.getErr());
    cl.getErr().println("This is a bug in tap; please report it with the command you ran.");
    return ExitCode.FAILURE.code;
  }

  static int exitCodeOf(Throwable t) {
    if (t instanceof CommandLine.ParameterException) return ExitCode.BAD_INPUT.code; // bad usage, per the exit-code table
    return t instanceof UserError ue ? ue.exitCode().code : ExitCode.FAILURE.code;
  }
}
