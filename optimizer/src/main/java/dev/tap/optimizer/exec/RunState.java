package dev.tap.optimizer.exec;

/** Where a run stands. The last three are terminal: nothing more happens to such a run unless asked. */
public enum RunState {
  RUNNING,
  COMPLETED,
  ROLLED_BACK,
  FAILED;

  public boolean terminal() {
    return this != RUNNING;
  }
}
