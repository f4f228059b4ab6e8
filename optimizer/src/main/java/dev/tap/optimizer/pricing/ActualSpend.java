package dev.tap.optimizer.pricing;

/** Port: what the account actually spent, per month and service (Cost Explorer in production). */
public interface ActualSpend {
  /** The default window of SPEC O8. */
  int DEFAULT_DAYS = 60;

  /**
   * Unblended cost of the last {@code days} days up to today (UTC, today excluded), per calendar
   * month and service; or why it is unavailable. Never an estimate made up in its place.
   */
  SpendReport lastDays(int days);
}
