package dev.tap.optimizer.exec;

import java.util.Optional;

/**
 * A lock object that lives in the account itself, one per region, so that two tap processes cannot
 * change one account and region at once whatever journal each writes. Adapters: an SSM parameter
 * created only if absent ({@code aws}), a lock file beside the simulated account ({@code sim}).
 * {@link RunLock} decides who may take a lock; this port only stores it atomically.
 */
public interface AccountLock {

  /** Creates the lock for {@code region} naming {@code owner} if there is none (atomically); returns the holder otherwise. */
  Optional<LockOwner> tryCreate(String region, LockOwner owner);

  /** Rewrites the lock to name {@code owner} only if it still names {@code expected} (same token); false otherwise. */
  boolean replace(String region, LockOwner expected, LockOwner owner);

  /** Removes the lock if it names {@code owner}; a lock held by anyone else is left alone. */
  void release(String region, LockOwner owner);

  /** The lock object, for messages: {@code SSM parameter /tap/run-lock in account 1234, us-east-1}. */
  String where(String region);

  /** What a user runs to remove the lock by hand, once sure its owner is gone. */
  String removeCommand(String region);
}
