package dev.tap.optimizer.metrics;

/**
 * One statistic over a whole window, as CloudWatch computed it (for example {@code CPUUtilization}
 * {@code p95} with one period spanning the lookback). Reports say which statistic each threshold
 * was compared with, so the value keeps its metric, statistic and period.
 */
public record WindowValue(String metric, String stat, double value, int periodSeconds, long samples) {

  /** Key of this value in {@link ResourceMetrics#window()}: {@code metric:stat}. */
  public String key() {
    return key(metric, stat);
  }

  public static String key(String metric, String stat) {
    return metric + ":" + stat;
  }
}
