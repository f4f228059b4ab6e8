package dev.tap.bench.score;

import java.util.Arrays;

/**
 * One VM of a trace: its current instance type and its 5-minute samples, oldest first. CPU is the
 * percentage of the current type's vCPUs in use; memory the GiB in use, {@code null} when the trace
 * has no memory for this VM (no agent: "memory not measured").
 */
public record VmTrace(String id, String type, long[] times, float[] cpuPct, float[] memUsedGib) {

  public VmTrace {
    if (times.length != cpuPct.length || (memUsedGib != null && memUsedGib.length != times.length)) {
      throw new IllegalArgumentException("VM " + id + ": " + times.length + " times, " + cpuPct.length + " CPU values"
          + (memUsedGib == null ? "" : ", " + memUsedGib.length + " memory values"));
    }
  }

  public boolean memoryMeasured() {
    return memUsedGib != null;
  }

  public int size() {
    return times.length;
  }

  /** The samples with {@code from <= time < to} (epoch seconds). */
  public VmTrace between(long from, long to) {
    int a = lowerBound(from);
    int b = lowerBound(to);
    return new VmTrace(id, type, Arrays.copyOfRange(times, a, b), Arrays.copyOfRange(cpuPct, a, b),
        memUsedGib == null ? null : Arrays.copyOfRange(memUsedGib, a, b));
  }

  private int lowerBound(long t) {
    int i = Arrays.binarySearch(times, t);
    if (i < 0) return -i - 1;
    while (i > 0 && times[i - 1] == t) i--;
    return i;
  }
}
