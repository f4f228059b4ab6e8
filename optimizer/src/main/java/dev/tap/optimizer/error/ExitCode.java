package dev.tap.optimizer.error;

/** Named exit codes; the table is printed in {@code tap --help} and documented in the README. */
public enum ExitCode {
  OK(0),
  FAILURE(1),
  BAD_INPUT(2),
  AWS_ACCESS(3),
  REFUSED(4),
  /** tap apply / resume: the guard (or an error) rolled a phase back; the journal says why. */
  ROLLED_BACK(5);

  public final int code;

  ExitCode(int code) {
    this.code = code;
  }
}
