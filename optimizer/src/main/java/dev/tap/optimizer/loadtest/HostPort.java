package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;

/** A host and port from an endpoint output or flag: {@code host}, {@code host:port} or {@code [v6]:port}. */
public record HostPort(String host, int port) {

  static HostPort parse(String text, int defaultPort, String source) {
    String s = text.trim();
    if (s.contains("://")) s = s.substring(s.indexOf("://") + 3);
    if (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    String host = s;
    int port = defaultPort;
    int colon = s.lastIndexOf(':');
    boolean v6 = s.startsWith("[");
    if (colon > 0 && (!v6 || s.lastIndexOf(']') < colon)) {
      host = s.substring(0, colon);
      try {
        port = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw bad(text, source);
      }
    }
    if (v6) host = host.replace("[", "").replace("]", "");
    if (host.isBlank() || (port != defaultPort && (port < 1 || port > 65535))) throw bad(text, source);
    return new HostPort(host, port);
  }

  private static UserError bad(String text, String source) {
    return new UserError(ExitCode.BAD_INPUT, source + " '" + text + "' is not a host or host:port (e.g. db.example.com:5432).");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
