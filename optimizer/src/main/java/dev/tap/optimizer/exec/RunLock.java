package dev.tap.optimizer.exec;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Keeps two processes from acting on the same account and region at once. The lock is a row per
 * {@code account/region} scope in the journal, taken atomically for all scopes a run touches and
 * released when the command ends. An owner that died leaves a stale row: it is broken only when the
 * user passes {@code --break-stale-lock}, and only if its process is gone from this host.
 */
public final class RunLock implements AutoCloseable {

  private final Journal journal;
  private final List<String> scopes;
  private final long pid;
  private final String host;

  private RunLock(Journal journal, List<String> scopes, long pid, String host) {
    this.journal = journal;
    this.scopes = scopes;
    this.pid = pid;
    this.host = host;
  }

  public static String scope(String account, String region) {
    return account + "/" + region;
  }

  /** Takes the lock for this process, or refuses (exit 4) naming who holds it and what to do. */
  public static RunLock acquire(Journal journal, List<String> scopes, Long runId, boolean breakStale, Instant now) {
    return acquire(journal, scopes, runId, breakStale, now, ProcessHandle.current().pid(), localHost(),
        p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
  }

  /** As above with the owner identity and liveness check given (tests simulate a dead owner). */
  static RunLock acquire(Journal journal, List<String> scopes, Long runId, boolean breakStale, Instant now, long pid, String host,
      LongPredicate alive) {
    List<String> sorted = scopes.stream().distinct().sorted().toList();
    List<Journal.LockRow> blocking = journal.tryLock(sorted, runId, pid, host, now,
        held -> breakStale && held.ownerHost().equals(host) && !alive.test(held.ownerPid()));
    if (!blocking.isEmpty()) {
      String who = blocking.stream()
          .map(b -> b.scope() + " (pid " + b.ownerPid() + " on " + b.ownerHost() + (b.runId() == null ? "" : ", run " + b.runId())
              + ", since " + b.acquiredAt() + ", " + status(b, host, alive) + ")")
          .collect(Collectors.joining("; "));
      boolean anyStale = blocking.stream().anyMatch(b -> b.ownerHost().equals(host) && !alive.test(b.ownerPid()));
      throw new UserError(ExitCode.REFUSED, "another tap process holds the lock in " + journal.location() + " for " + who + ". "
          + (anyStale && !breakStale
              ? "Its owner is no longer running: pass --break-stale-lock to take the lock over."
              : "Wait for it to finish (tap status shows its run), then try again."));
    }
    return new RunLock(journal, sorted, pid, host);
  }

  private static String status(Journal.LockRow b, String host, LongPredicate alive) {
    if (!b.ownerHost().equals(host)) return "on another host: cannot tell if it is alive";
    return alive.test(b.ownerPid()) ? "still running" : "no longer running";
  }

  public List<String> scopes() {
    return scopes;
  }

  @Override
  public void close() {
    journal.unlock(scopes, pid, host);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
