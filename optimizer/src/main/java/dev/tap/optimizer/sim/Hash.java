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

  /** Standard normal (Box-Muller on two draws of one hash). */
  static double gaussian(long h) {
    double u1 = ((h >>> 40) + 0.5) * 0x1.0p-24;
    double u2 = (((h >>> 16) & 0xffffff) + 0.5) * 0x1.0p-24;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static long ofString(String s) {
    long h = 1125899906842597L;
    for (int i = 0; i < s.length(); i++) h = 31 * h + s.charAt(i);
    return mix(h);
  }
}
