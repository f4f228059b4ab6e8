package dev.tap.optimizer.org;

/** An account-region that could not be read, already classified by the adapter that met it. */
public final class AccessFailure extends RuntimeException {
  private final FailureReason reason;
  private final String code;

  public AccessFailure(FailureReason reason, String code, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.code = code == null ? "" : code;
  }

  public FailureReason reason() {
    return reason;
  }

  public String code() {
    return code;
  }
}
