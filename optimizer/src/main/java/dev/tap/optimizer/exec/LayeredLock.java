package dev.tap.optimizer.exec;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two lock objects held as one: {@code outer} first, then {@code inner} (all or none per region),
 * released in reverse. A shared journal's lock item is the outer one (every scheduler writing the
 * table meets it, and DynamoDB compares and sets it in one call); the account's own lock object the
 * inner one, which also keeps out a tap writing another journal. Messages name the object that is
 * held by someone else.
 */
public final class LayeredLock implements AccountLock {

  private final AccountLock outer;
  private final AccountLock inner;
  /** Per region, the object whose holder {@link #tryCreate} last reported: what {@link #where} names. */
  private final Map<String, AccountLock> refusedBy = new ConcurrentHashMap<>();

  public LayeredLock(AccountLock outer, AccountLock inner) {
    this.outer = outer;
    this.inner = inner;
  }

  @Override
  public Optional<LockOwner> tryCreate(String region, LockOwner owner) {
    Optional<LockOwner> held = outer.tryCreate(region, owner);
    if (held.isPresent()) {
      refusedBy.put(region, outer);
      return held;
    }
    held = inner.tryCreate(region, owner);
    if (held.isPresent()) {
      outer.release(region, owner);
      refusedBy.put(region, inner);
      return held;
    }
    refusedBy.remove(region);
    return Optional.empty();
  }

  /**
   * Rewrites both when both name {@code expected}. A take-over of a dead owner that held only one
   * of them (it died between the two) takes that one over and creates the other.
   */
  @Override
  public boolean replace(String region, LockOwner expected, LockOwner owner) {
    boolean replaced = outer.replace(region, expected, owner);
    if (!replaced && outer.tryCreate(region, owner).isPresent()) return false;
    if (inner.replace(region, expected, owner) || inner.tryCreate(region, owner).isEmpty()) return true;
    // someone else holds the inner one: give the outer back as it was
    if (replaced) outer.replace(region, owner, expected);
    else outer.release(region, owner);
    return false;
  }

  @Override
  public void release(String region, LockOwner owner) {
    try {
      inner.release(region, owner);
    } finally {
      outer.release(region, owner);
    }
  }

  @Override
  public String where(String region) {
    return refusedBy.getOrDefault(region, outer).where(region);
  }

  @Override
  public String removeCommand(String region) {
    return refusedBy.getOrDefault(region, outer).removeCommand(region);
  }
}
