package dev.tap.optimizer.exec;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who holds an account lock: the process (pid, host and the instant it started, so that a reused
 * pid is not mistaken for the owner), the journal it writes and its run. {@code token} is unique
 * per acquisition: two commands in one process are two owners. {@code renewed} is the owner's last
 * heartbeat ({@link RunLock#renew}); null for an owner that does not renew its lock (an older tap),
 * which is then never taken over from another host.
 */
public record LockOwner(String token, long pid, String host, Instant processStart, String journal, Long runId, Instant since, Instant renewed) {

  /** An owner that does not renew its lock. */
  public LockOwner(String token, long pid, String host, Instant processStart, String journal, Long runId, Instant since) {
    this(token, pid, host, processStart, journal, runId, since, null);
  }

  /** This process, about to take a lock for a run in {@code journal} ({@code runId} null until the run exists). */
  public static LockOwner thisProcess(String journal, Long runId, Instant since) {
    ProcessHandle self = ProcessHandle.current();
    return new LockOwner(UUID.randomUUID().toString(), self.pid(), localHost(), startOf(self), journal, runId, since, since);
  }

  public LockOwner withRun(long run) {
    return new LockOwner(token, pid, host, processStart, journal, run, since, renewed);
  }

  /** The same acquisition, renewed at {@code now}. */
  public LockOwner renewedAt(Instant now) {
    return new LockOwner(token, pid, host, processStart, journal, runId, since, now);
  }

  /** The same acquisition (not merely the same process). */
  public boolean sameAs(LockOwner other) {
    return other != null && token.equals(other.token);
  }

  /** For messages: {@code pid 4242 on host build-1, run 3 in journal /srv/a.db, since 2026-12-07T02:10:00Z}. */
  public String describe() {
    return "pid " + pid + " on host " + host + ", " + (runId == null ? "starting a run" : "run " + runId) + " in journal " + journal
        + ", since " + since + (renewed == null ? "" : ", last renewed " + renewed);
  }

  /** {@code key=value} lines: what the lock object in the account holds. */
  public String encode() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("token", token);
    m.put("pid", Long.toString(pid));
    m.put("host", host);
    m.put("processStart", processStart == null ? "" : processStart.toString());
    m.put("journal", journal);
    m.put("run", runId == null ? "" : runId.toString());
    m.put("since", since.toString());
    if (renewed != null) m.put("renewed", renewed.toString());
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
    return b.toString();
  }

  /** Reads {@link #encode()}'s text; {@code where} names the lock object for the error when it is not a tap lock. */
  public static LockOwner decode(String text, String where) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
    }
    try {
      String start = m.getOrDefault("processStart", "");
      String run = m.getOrDefault("run", "");
      String renewed = m.getOrDefault("renewed", "");
      return new LockOwner(required(m, "token"), Long.parseLong(required(m, "pid")), required(m, "host"),
          start.isEmpty() ? null : Instant.parse(start), required(m, "journal"), run.isEmpty() ? null : Long.valueOf(run),
          Instant.parse(required(m, "since")), renewed.isEmpty() ? null : Instant.parse(renewed));
    } catch (NumberFormatException | DateTimeParseException | IllegalStateException e) {
      throw new UserError(ExitCode.REFUSED, where + " exists but is not a lock tap can read (" + e.getMessage() + "). Nothing was changed."
          + " If no tap process is running against this account, remove it and try again.");
    }
  }

  private static String required(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null || v.isEmpty()) throw new IllegalStateException("no " + key);
    return v;
  }

  /** When a process started, to the second (what {@link ProcessHandle.Info} reports); null where the OS does not say. */
  static Instant startOf(ProcessHandle p) {
    return p.info().startInstant().map(i -> i.truncatedTo(ChronoUnit.SECONDS)).orElse(null);
  }

  static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
