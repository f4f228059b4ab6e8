package dev.tap.optimizer.sim;

/**
 * The shape of one simulated metric's demand, hour by hour, before capacity changes: a mean level
 * shaped by a diurnal cycle, a weekly cycle (weekend dip), optional trading-hours peaks
 * (weekdays 14:00-21:00 UTC, the US equity session, with opening and closing spikes), a slow
 * linear trend, day-level and hour-level log-normal noise (hour noise correlated with the previous
 * hour), and rare bursts. Within each hour, minutes spread around the hour's level by a fixed
 * log-normal profile ({@link MinuteSpread}). All draws are seeded functions of (seed, time): the
 * same workload gives the same value for the same minute, without storing anything.
 *
 * @param base mean level in the metric's unit at the start of the history
 * @param diurnal relative amplitude of the daily cycle (0 none, 0.5 = +-50 %)
 * @param peakHourUtc hour of the daily peak
 * @param weekendDip relative drop on Saturday and Sunday (0..1)
 * @param tradingBoost relative rise during the trading session on weekdays (0 none)
 * @param trendPer90Days relative growth over 90 days (0.1 = +10 %)
 * @param dayNoise log-normal sigma of a day's level
 * @param hourNoise log-normal sigma of an hour's level
 * @param minuteSpread log-normal sigma of minutes around their hour
 * @param burstsPerWeek expected number of burst hours a week
 * @param burstSize relative rise of a burst hour (drawn between 0.5x and 1.5x of it)
 * @param cap the most a minute can report (100 for percentages; infinity for counts)
 */
public record Workload(
    double base, double diurnal, int peakHourUtc, double weekendDip, double tradingBoost, double trendPer90Days, double dayNoise, double hourNoise,
    double minuteSpread, double burstsPerWeek, double burstSize, double cap) {

  public Workload {
    if (base < 0 || Double.isNaN(base)) throw new IllegalArgumentException("base must be >= 0: " + base);
    if (diurnal < 0 || diurnal >= 1) throw new IllegalArgumentException("diurnal amplitude out of [0,1): " + diurnal);
    if (weekendDip < 0 || weekendDip >= 1) throw new IllegalArgumentException("weekend dip out of [0,1): " + weekendDip);
  }

  /** A utilisation in percent with typical office-hours shape and mild noise. */
  public static Workload percent(double base) {
    return new Workload(base, 0.30, 15, 0.25, 0, 0.05, 0.08, 0.18, 0.22, 1.0, 0.5, 100);
  }

  /** A count or rate (no cap) with the same typical shape. */
  public static Workload count(double base) {
    return new Workload(base, 0.35, 15, 0.30, 0, 0.05, 0.08, 0.15, 0.20, 1.0, 0.5, Double.POSITIVE_INFINITY);
  }

  /** A level that barely moves (provisioned values, stored bytes). */
  public static Workload flat(double base, double cap) {
    return new Workload(base, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cap);
  }

  public Workload withDiurnal(double amplitude, int peakHour) {
    return new Workload(base, amplitude, peakHour, weekendDip, tradingBoost, trendPer90Days, dayNoise, hourNoise, minuteSpread, burstsPerWeek, burstSize, cap);
  }

  public Workload withWeekendDip(double dip) {
    return new Workload(base, diurnal, peakHourUtc, dip, tradingBoost, trendPer90Days, dayNoise, hourNoise, minuteSpread, burstsPerWeek, burstSize, cap);
  }

  public Workload withTrading(double boost) {
    return new Workload(base, diurnal, peakHourUtc, weekendDip, boost, trendPer90Days, dayNoise, hourNoise, minuteSpread, burstsPerWeek, burstSize, cap);
  }

  public Workload withTrend(double per90Days) {
    return new Workload(base, diurnal, peakHourUtc, weekendDip, tradingBoost, per90Days, dayNoise, hourNoise, minuteSpread, burstsPerWeek, burstSize, cap);
  }

  public Workload withNoise(double day, double hour, double minute) {
    return new Workload(base, diurnal, peakHourUtc, weekendDip, tradingBoost, trendPer90Days, day, hour, minute, burstsPerWeek, burstSize, cap);
  }

  public Workload withBursts(double perWeek, double size) {
    return new Workload(base, diurnal, peakHourUtc, weekendDip, tradingBoost, trendPer90Days, dayNoise, hourNoise, minuteSpread, perWeek, size, cap);
  }

  public Workload withBase(double newBase) {
    return new Workload(newBase, diurnal, peakHourUtc, weekendDip, tradingBoost, trendPer90Days, dayNoise, hourNoise, minuteSpread, burstsPerWeek, burstSize, cap);
  }
}
