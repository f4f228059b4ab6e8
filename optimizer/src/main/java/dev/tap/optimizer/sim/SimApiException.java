package dev.tap.optimizer.sim;

/** What CloudWatch would answer with an HTTP 400: the error code and AWS's message. */
public final class SimApiException extends RuntimeException {
  private final String code;

  public SimApiException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
