package dev.tap.optimizer.exec;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Plan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps two tap processes from changing the same account and region at once, whatever journal each
 * writes: the lock is an object in the account ({@link AccountLock}), taken for every region a run
 * touches (all or none) and released when the command ends. An owner that died leaves its lock
 * behind; it is taken over only when the owner ran on this host and its process is provably gone
 * (no process with its pid, or one that started at another time), or, for an owner on another host
 * (a crashed scheduler task, another operator's machine), when it has not renewed its lock for
 * {@link #LEASE}: a holder renews every {@link #RENEW_EVERY} while it runs ({@link #keepAlive}).
 * An owner on another host that does not renew (an older tap) is never taken over.
 */
public final class RunLock implements AutoCloseable {

  /** How long a lock may go unrenewed before another host may take it over. */
  public static final Duration LEASE = Duration.ofMinutes(15);
  /** How often a holder renews: a third of the lease, so two missed renewals still keep it. */
  public static final Duration RENEW_EVERY = LEASE.dividedBy(3);

  /** Tells whether a lock's owner process still runs on this host. */
  public interface ProcessProbe {
    boolean alive(LockOwner owner);

    /** The real check: a process with that pid that started when the owner's did. */
    ProcessProbe LOCAL = owner -> ProcessHandle.of(owner.pid()).filter(ProcessHandle::isAlive)
        .map(p -> owner.processStart() == null || owner.processStart().equals(LockOwner.startOf(p))).orElse(false);
  }

  private final AccountLock lock;
  private final List<String> regions;
  private final List<LockOwner> tookOver;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile LockOwner owner;
  private volatile ScheduledExecutorService heartbeat;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile Runnable onLost = () -> {};

  private RunLock(AccountLock lock, List<String> regions, LockOwner owner, List<LockOwner> tookOver) {
    this.lock = lock;
    this.regions = regions;
    this.owner = owner;
    this.tookOver = tookOver;
  }

  /** The regions a plan changes. */
  public static List<String> regions(Plan plan) {
    return List.copyOf(new TreeSet<>(plan.actions().stream().map(Action::region).toList()));
  }

  /** The regions a run in the journal changes. */
  public static List<String> regions(Journal journal, long runId) {
    return List.copyOf(new TreeSet<>(journal.actions(runId).stream().map(ActionRecord::region).toList()));
  }

  /**
   * Takes the lock of every region for {@code me}, or refuses (exit 4) naming who holds it and what
   * to do. {@code takeOverDead}: a lock whose owner ran on this host and is gone is taken over
   * (resume, rollback, or {@code --break-stale-lock}); without it that lock refuses too.
   */
  public static RunLock acquire(AccountLock lock, Collection<String> regions, LockOwner me, boolean takeOverDead, ProcessProbe probe) {
    return acquire(lock, regions, me, takeOverDead, probe, Instant.now());
  }

  /** As above, judging leases at {@code now}. */
  public static RunLock acquire(AccountLock lock, Collection<String> regions, LockOwner me, boolean takeOverDead, ProcessProbe probe,
      Instant now) {
    List<String> sorted = List.copyOf(new TreeSet<>(regions));
    List<String> taken = new ArrayList<>();
    List<LockOwner> tookOver = new ArrayList<>();
    for (String region : sorted) {
      // a lock released between our create and our read is simply tried again
      for (int attempt = 0; ; attempt++) {
        var held = lock.tryCreate(region, me);
        if (held.isEmpty()) {
          taken.add(region);
          break;
        }
        LockOwner h = held.get();
        boolean sameHost = h.host().equals(me.host());
        boolean dead = sameHost ? !probe.alive(h) : leaseExpired(h, now);
        if (dead && takeOverDead) {
          if (lock.replace(region, h, me)) {
            taken.add(region);
            tookOver.add(h);
            break;
          }
          if (attempt < 3) continue; // someone else changed it meanwhile: look again
        }
        taken.forEach(r -> lock.release(r, me));
        throw refusal(lock, region, h, sameHost, dead);
      }
    }
    return new RunLock(lock, sorted, me, List.copyOf(tookOver));
  }

  /** Whether an owner that renews its lock has not done so for a lease; one that never renews never expires. */
  static boolean leaseExpired(LockOwner h, Instant now) {
    return h.renewed() != null && h.renewed().plus(LEASE).isBefore(now);
  }

  private static UserError refusal(AccountLock lock, String region, LockOwner h, boolean sameHost, boolean dead) {
    String head = "another tap holds the lock of this account in " + region + " (" + lock.where(region) + "): " + h.describe();
    String journalOpt = "--state " + h.journal();
    String what;
    if (!sameHost && dead) {
      what = ". It runs on another host and has not renewed the lock for more than " + LEASE.toMinutes() + " minutes, so its process is"
          + " taken to be gone. Continue its run with 'tap resume " + journalOpt + "', which takes the lock over, or pass --break-stale-lock.";
    } else if (!sameHost) {
      what = ". It runs on another host, so tap cannot tell whether it is still running and will not take the lock over. Wait for it"
          + " to finish; if you are sure that process is gone, remove the lock (" + lock.removeCommand(region) + ") and continue its run"
          + " there with 'tap resume " + journalOpt + "'.";
    } else if (dead) {
      what = ". That process is no longer running (it stopped without releasing the lock). Continue its run with 'tap resume "
          + journalOpt + "', which takes the lock over, or pass --break-stale-lock to take it over here.";
    } else {
      what = ". It is still running: two processes must not change one account at once. Wait for it to finish ('tap status "
          + journalOpt + "' shows its run), then try again.";
    }
    return new UserError(ExitCode.REFUSED, head + what);
  }

  public List<String> regions() {
    return regions;
  }

  /** The dead owners whose locks this acquisition took over (for the command to say so). */
  public List<LockOwner> tookOver() {
    return tookOver;
  }

  public LockOwner owner() {
    return owner;
  }

  /** Names the run in the lock once it exists (apply takes the lock before it creates the run). */
  public synchronized void attach(long runId) {
    LockOwner next = owner.withRun(runId);
    for (String region : regions) lock.replace(region, owner, next);
    owner = next;
  }

  /**
   * Renews the lease at {@code now}; false when a region's lock no longer names this owner (taken
   * over after a missed lease), which the heartbeat reports.
   */
  public synchronized boolean renew(Instant now) {
    if (lost.get()) return false; // once taken over, never written again: the lock is the new holder's
    if (released.get()) return true;
    LockOwner next = owner.renewedAt(now);
    boolean all = true;
    for (String region : regions) all &= lock.replace(region, owner, next);
    owner = next;
    if (!all && lost.compareAndSet(false, true)) onLost.run();
    return all;
  }

  /** True once a renewal found the lock taken over: the command must stop after its current step. */
  public boolean lost() {
    return lost.get();
  }

  /** Called once, on the heartbeat's thread, when the lock is found taken over (to cut a wait short). */
  public void onLost(Runnable r) {
    onLost = r;
  }

  /** Renews the lease every {@link #RENEW_EVERY} on a daemon thread until {@link #close}. */
  public RunLock keepAlive() {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tap-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = RENEW_EVERY.toMillis();
    s.scheduleAtFixedRate(() -> {
      try {
        boolean known = lost();
        if (!renew(Instant.now()) && !known) {
          System.err.println("tap: the account lock was taken over by another process after a missed renewal; this tap stops"
              + " after its current step. Check 'tap status' before going on.");
        }
      } catch (RuntimeException e) {
        System.err.println("tap: could not renew the account lock (" + e.getMessage() + "); it is retried in " + RENEW_EVERY.toMinutes() + " minutes.");
      }
    }, every, every, TimeUnit.MILLISECONDS);
    heartbeat = s;
    return this;
  }

  /** Releases every region once; safe to call again (a signal handler and the command may both). */
  @Override
  public void close() {
    if (!released.compareAndSet(false, true)) return;
    if (heartbeat != null) heartbeat.shutdownNow();
    RuntimeException first = null;
    for (String region : regions) {
      try {
        lock.release(region, owner);
      } catch (RuntimeException e) {
        if (first == null) first = e; else first.addSuppressed(e);
      }
    }
    if (first != null) throw first;
  }
}
