package dev.tap.optimizer.sim;

/** Deterministic pseudo-randomness from (seed, key, index): the same inputs give the same draws. */
final class Hash {
  private Hash() {}

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long of(long seed, long a, long b) {
    return mix(mix(seed * 0x9e3779b97f4a7c15L + a) + b * 0xc2b2ae3d27d4eb4fL);
  }

  /** Uniform in [0, 1). */
  static double uniform(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  private static final double SQRT3 = Math.sqrt(3);

  /**
   * Approximately standard normal: the Irwin-Hall sum of four 16-bit uniforms of one hash,
   * centred and scaled to variance 1 (tails end at +-3.46 sigma, which suits noise that must not
   * produce absurd outliers; and it costs no logarithm or cosine in the 90-day hot loop).
   */
  static double gaussian(long h) {
    double sum = (h & 0xffff) + ((h >>> 16) & 0xffff) + ((h >>> 32) & 0xffff) + (h >>> 48);
    return (sum * 0x1.0p-16 - 2 + 2 * 0x1.0p-17) * SQRT3;
  }

  static long ofString(String s) {
    long h = 1125899906842597L;
    for (int i = 0; i < s.length(); i++) h = 31 * h + s.charAt(i);
    return mix(h);
  }
}
