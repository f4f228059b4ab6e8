package dev.tap.bench;

import java.util.ArrayList;
import java.util.List;

/** What both benchmarks take from the command line and print about the machine. */
final class BenchArgs {
  private BenchArgs() {}

  /** Fleet sizes from the arguments ({@code 1,000} and {@code 1_000} accepted), default 10 to 10,000. */
  static List<Integer> sizes(String[] args) {
    List<Integer> sizes = new ArrayList<>();
    for (String a : args) sizes.add(Integer.parseInt(a.replace(",", "").replace("_", "")));
    return sizes.isEmpty() ? List.of(10, 100, 1_000, 10_000) : sizes;
  }

  /** "java 17.0.x, N processors, max heap M MiB": what the figures were measured on. */
  static String machine() {
    return String.format("java %s, %d processors, max heap %d MiB", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
  }
}
