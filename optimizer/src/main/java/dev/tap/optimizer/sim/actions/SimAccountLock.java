package dev.tap.optimizer.sim.actions;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.exec.AccountLock;
import dev.tap.optimizer.exec.LockOwner;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The simulated account's lock: a file {@code <account>-<region>.lock} in the account's home
 * directory. The simulation itself is rebuilt in each process from its journal, so what makes two
 * processes act on "the same simulated account" is its account id on one host: every apply,
 * resume and rollback on this host for account 123456789012 meets the same lock file, whichever
 * journal it writes, just as two processes on AWS meet the same SSM parameter. Each operation
 * holds an OS file lock on {@code .guard} in the directory (and a JVM monitor, since one JVM may
 * run two commands), so reading and writing a lock file is atomic across processes.
 */
public final class SimAccountLock implements AccountLock {

  /** Overrides where simulated accounts keep their locks (tests point it into the build directory). */
  public static final String HOME_PROPERTY = "tap.sim.home";

  private static final Object IN_THIS_JVM = new Object();

  private final Path home;
  private final String account;

  public SimAccountLock(Path home, String account) {
    this.home = home;
    this.account = account;
  }

  /** {@code -Dtap.sim.home}, else {@code <java.io.tmpdir>/tap-sim-<user>}: one place per user and host. */
  public static Path defaultHome() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) return Path.of(configured);
    return Path.of(System.getProperty("java.io.tmpdir"), "tap-sim-" + System.getProperty("user.name", "user"));
  }

  private Path file(String region) {
    return home.resolve(account + "-" + region + ".lock");
  }

  @Override
  public Optional<LockOwner> tryCreate(String region, LockOwner owner) {
    return exclusive(() -> {
      Optional<LockOwner> held = read(region);
      if (held.isEmpty()) write(region, owner);
      return held;
    });
  }

  @Override
  public boolean replace(String region, LockOwner expected, LockOwner owner) {
    return exclusive(() -> {
      boolean still = read(region).filter(expected::sameAs).isPresent();
      if (still) write(region, owner);
      return still;
    });
  }

  @Override
  public void release(String region, LockOwner owner) {
    exclusive(() -> {
      if (read(region).filter(owner::sameAs).isPresent()) io(() -> Files.delete(file(region)), region);
      return null;
    });
  }

  @Override
  public String where(String region) {
    return "lock file " + file(region) + " of the simulated account " + account;
  }

  @Override
  public String removeCommand(String region) {
    return "rm " + file(region);
  }

  private Optional<LockOwner> read(String region) {
    Path f = file(region);
    if (!Files.exists(f)) return Optional.empty();
    String[] text = new String[1];
    io(() -> text[0] = Files.readString(f, StandardCharsets.UTF_8), region);
    return Optional.of(LockOwner.decode(text[0], where(region)));
  }

  private void write(String region, LockOwner owner) {
    Path f = file(region);
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    io(() -> {
      Files.writeString(tmp, owner.encode(), StandardCharsets.UTF_8);
      Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }, region);
  }

  private <T> T exclusive(Supplier<T> body) {
    synchronized (IN_THIS_JVM) {
      try {
        Files.createDirectories(home);
        try (FileChannel ch = FileChannel.open(home.resolve(".guard"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = ch.lock()) {
          return body.get();
        }
      } catch (IOException e) {
        throw new UserError(ExitCode.FAILURE, "could not use the simulated account's lock directory " + home + ": " + e.getMessage()
            + ". Check it is writable, or point -D" + HOME_PROPERTY + " at a writable directory.", e);
      }
    }
  }

  private interface IoStep {
    void run() throws IOException;
  }

  private void io(IoStep step, String region) {
    try {
      step.run();
    } catch (IOException e) {
      throw new UserError(ExitCode.FAILURE, "could not use " + where(region) + ": " + e.getMessage()
          + ". Check the directory is writable, or point -D" + HOME_PROPERTY + " at a writable directory.", e);
    }
  }
}
