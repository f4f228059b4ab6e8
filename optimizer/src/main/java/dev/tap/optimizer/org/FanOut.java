package dev.tap.optimizer.org;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one piece of work per account-region in a bounded pool. A piece that throws becomes a
 * {@link Outcome.Failed} (an {@link AccessFailure} keeps its reason; anything else is classified
 * from its AWS error code as a failure inside the account), so one account's failure never loses
 * another's result. {@code finished} sees each outcome as it completes (the report writes it then);
 * it is called from the pool's threads, one at a time.
 */
public final class FanOut {

  /** Default pool size: enough to overlap the network waits of a few account-regions without crowding one machine. */
  public static final int DEFAULT_PARALLEL = 4;

  private final int parallel;
  private final Function<Throwable, String> errorCode;

  /** {@code errorCode}: the AWS error code a throwable carries (in its cause chain), empty when none. */
  public FanOut(int parallel, Function<Throwable, String> errorCode) {
    if (parallel < 1) throw new IllegalArgumentException("--parallel must be at least 1: " + parallel);
    this.parallel = parallel;
    this.errorCode = errorCode;
  }

  public List<Outcome> run(List<AccountRegion> work, Function<AccountRegion, Outcome> piece, Consumer<Outcome> finished, Consumer<String> progress) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, work.size())), r -> {
      Thread t = new Thread(r, "tap-org");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    Object lock = new Object();
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (AccountRegion ar : work) {
        futures.add(pool.submit(() -> {
          progress.accept("[start] " + ar);
          Outcome o = outcome(ar, piece);
          synchronized (lock) {
            finished.accept(o);
            progress.accept("[" + done.incrementAndGet() + "/" + work.size() + "] " + ar + ": " + describe(o));
          }
          return o;
        }));
      }
      List<Outcome> out = new ArrayList<>();
      for (Future<Outcome> f : futures) out.add(f.get());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while account-regions were analysed", e);
    } catch (java.util.concurrent.ExecutionException e) {
      // outcome() catches every RuntimeException: only an Error (out of memory, say) gets here
      throw new IllegalStateException("an account-region's analysis stopped the run: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  Outcome outcome(AccountRegion ar, Function<AccountRegion, Outcome> piece) {
    try {
      return piece.apply(ar);
    } catch (AccessFailure f) {
      return new Outcome.Failed(ar, f.reason(), f.code(), f.getMessage());
    } catch (RuntimeException e) {
      String code = errorCode.apply(e);
      return new Outcome.Failed(ar, Failures.classify(Failures.Step.IN_ACCOUNT, code), code, String.valueOf(e.getMessage()));
    }
  }

  static String describe(Outcome o) {
    if (o instanceof Outcome.Analysed a) {
      return String.format(java.util.Locale.ROOT, "analysed, %d resources, %,.2f USD/mo planned savings", a.resources(), a.plannedMonthly());
    }
    Outcome.Failed f = (Outcome.Failed) o;
    return "FAILED " + f.reason() + (f.code().isEmpty() ? "" : " (" + f.code() + ")");
  }
}
