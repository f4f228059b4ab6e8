package dev.tap.optimizer.loadtest;

/** A database login; {@code source} says where it came from, for error messages (never the password). */
public record DbCredentials(String user, String password, String database, String source) {

  @Override
  public String toString() {
    return "DbCredentials[user=" + user + ", database=" + database + ", source=" + source + "]";
  }
}
