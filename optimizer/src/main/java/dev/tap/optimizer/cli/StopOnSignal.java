package dev.tap.optimizer.cli;

import dev.tap.optimizer.exec.RunLock;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a command holds the account lock. The JVM runs shutdown hooks
 * on those signals and halts when they return, so the hook asks the command to stop after its
 * current step (a wait between guard checks is cut short at once), waits for it up to
 * {@link #GRACE_SECONDS}, releases the lock and says how to continue. Should a step outlast the
 * grace, the process stops anyway: the journal holds that action's intent, and {@code tap resume}
 * re-reads the resource to tell whether the call happened.
 */
final class StopOnSignal implements AutoCloseable {
  static final long GRACE_SECONDS = 30;

  private final RunLock lock;
  private final String resume;
  private final PrintStream err;
  private final Thread worker = Thread.currentThread();
  private final AtomicBoolean requested = new AtomicBoolean();
  private final CountDownLatch stepDone = new CountDownLatch(1);
  private volatile boolean waiting;
  private final Thread hook;

  private StopOnSignal(RunLock lock, String resume, PrintStream err) {
    this.lock = lock;
    this.resume = resume;
    this.err = err;
    this.hook = new Thread(this::onSignal, "tap-stop-on-signal");
  }

  /** Watches for a signal until closed; {@code resume} is the command that continues the run. */
  static StopOnSignal install(RunLock lock, String resume) {
    StopOnSignal s = new StopOnSignal(lock, resume, System.err);
    Runtime.getRuntime().addShutdownHook(s.hook);
    // a lock taken over after a missed renewal stops the command like a signal: another tap may now act on the account
    lock.onLost(() -> {
      if (s.waiting) s.worker.interrupt();
    });
    return s;
  }

  /** True once a signal asked the command to stop, or its lock was taken over by another tap. */
  boolean requested() {
    return requested.get() || lock.lost();
  }

  /** Marks a wait the signal may interrupt (sleeping until the next guard check); never an AWS call. */
  void waiting(boolean w) {
    waiting = w;
    if (w && requested()) worker.interrupt();
  }

  /** The shutdown hook's body (package-private so a test can play the signal). */
  void onSignal() {
    requested.set(true);
    if (waiting) worker.interrupt();
    try {
      if (!stepDone.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
        err.println("tap: the current step did not finish within " + GRACE_SECONDS + " s of the signal; stopping anyway. The journal holds"
            + " its intent: 'tap resume' re-reads the resource to tell whether the call happened.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      lock.close();
      err.println("tap: stopped by a signal; the account lock is released. Continue with: " + resume);
    } catch (RuntimeException e) {
      err.println("tap: stopped by a signal, but the account lock could not be released (" + e.getMessage() + "). Continue with: " + resume
          + " (it takes over the lock of a process that is gone from this host).");
    }
    err.flush();
  }

  /** The command is done (or stopped after its step): release the lock, then let a waiting hook finish. */
  @Override
  public void close() {
    try {
      lock.close();
    } finally {
      stepDone.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it finishes once stepDone is counted down
      }
    }
  }
}
