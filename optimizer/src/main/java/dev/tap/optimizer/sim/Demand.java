package dev.tap.optimizer.sim;

/**
 * A {@link Workload} made computable: the level of any hour since the epoch, from precomputed
 * weekly shape tables and seeded draws. Nothing is stored per hour.
 */
final class Demand {
  static final int HOURS_PER_WEEK = 168;
  /** Trading session hours (UTC) and their relative weight: opening and closing spikes. */
  private static final double[] SESSION = {1.4, 1.0, 0.85, 0.8, 0.85, 1.0, 1.3};
  private static final int SESSION_START = 14;

  final Workload w;
  final long seed;
  final long originHour;
  final MinuteSpread spread;
  private final double[] week = new double[HOURS_PER_WEEK];
  private final double burstProbability;
  private final double dayNorm;
  private final double hourNorm;

  Demand(Workload w, long seed, long originHour) {
    this.w = w;
    this.seed = seed;
    this.originHour = originHour;
    this.spread = new MinuteSpread(w.minuteSpread());
    for (int dow = 0; dow < 7; dow++) {
      for (int hod = 0; hod < 24; hod++) {
        double f = 1 + w.diurnal() * Math.cos(2 * Math.PI * (hod - w.peakHourUtc()) / 24.0);
        boolean weekend = dow >= 5;
        if (weekend) f *= 1 - w.weekendDip();
        int s = hod - SESSION_START;
        if (!weekend && w.tradingBoost() > 0 && s >= 0 && s < SESSION.length) f *= 1 + w.tradingBoost() * SESSION[s];
        week[dow * 24 + hod] = f;
      }
    }
    // the weekly table is normalised to mean 1, so base is the mean level
    double sum = 0;
    for (double f : week) sum += f;
    for (int i = 0; i < week.length; i++) week[i] *= HOURS_PER_WEEK / sum;
    this.burstProbability = w.burstsPerWeek() / HOURS_PER_WEEK;
    this.dayNorm = w.dayNoise() * w.dayNoise() / 2;
    this.hourNorm = w.hourNoise() * w.hourNoise() / 2;
  }

  /** Mean level of the epoch hour {@code h}, before capacity changes and the minute spread. */
  double level(long h) {
    if (w.base() == 0) return 0;
    long day = Math.floorDiv(h, 24);
    int hod = (int) (h - day * 24);
    int dow = (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday; Monday = 0
    double f = w.base() * week[dow * 24 + hod];
    f *= 1 + w.trendPer90Days() * (h - originHour) / 2160.0;
    if (w.dayNoise() > 0) f *= Math.exp(w.dayNoise() * Hash.gaussian(Hash.of(seed, 1, day)) - dayNorm);
    if (w.hourNoise() > 0) {
      double g = 0.6 * Hash.gaussian(Hash.of(seed, 2, h)) + 0.8 * Hash.gaussian(Hash.of(seed, 2, h - 1));
      f *= Math.exp(w.hourNoise() * g - hourNorm);
    }
    if (burstProbability > 0) {
      long b = Hash.of(seed, 3, h);
      if (Hash.uniform(b) < burstProbability) f *= 1 + w.burstSize() * (0.5 + Hash.uniform(Hash.mix(b)));
    }
    return Math.max(f, 0);
  }

  /** The draw that orders the minutes of hour {@code h}. */
  long hourHash(long h) {
    return Hash.of(seed, 4, h);
  }
}
