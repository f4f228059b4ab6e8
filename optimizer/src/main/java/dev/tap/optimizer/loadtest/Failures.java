package dev.tap.optimizer.loadtest;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/** Error kinds shared by every client: timeouts and connection failures, found anywhere in the cause chain. */
public final class Failures {

  public static final String TIMEOUT = "timeout";
  static final String CONNECTION = "connection";
  static final String UNKNOWN_HOST = "unknown-host";

  private Failures() {}

  /** The network-level kind of {@code t}, or null when it is not a network failure. */
  public static String networkKind(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException || c instanceof TimeoutException) return TIMEOUT;
      if (c instanceof UnknownHostException) return UNKNOWN_HOST;
      if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof ClosedChannelException
          || c instanceof java.net.SocketException || c instanceof java.io.EOFException) return CONNECTION;
      if (c.getCause() == c) break;
    }
    return null;
  }

  /** The innermost message of the cause chain, for one-line error texts. */
  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) c = c.getCause();
    String m = c.getMessage();
    return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
  }

  /** A fallback kind: the simple class name, lower-case, without "Exception". */
  public static String byClass(Throwable t) {
    String n = t.getClass().getSimpleName().replace("Exception", "");
    return n.isEmpty() ? "error" : n.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
