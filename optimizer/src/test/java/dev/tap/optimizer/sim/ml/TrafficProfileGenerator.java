package dev.tap.optimizer.sim.ml;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Derives the bundled traffic profile ({@link TrafficShape#PROFILE}) from the raw NASA-HTTP
 * per-second trace in ../shared/data. A one-off; {@code TrafficShapeTest} checks that its output
 * equals the bundled file byte for byte wherever the raw trace is present. Run from the checkout:
 * <pre>
 * ./mvnw -q -o test-compile -pl optimizer
 * java -cp optimizer/target/classes:optimizer/target/test-classes dev.tap.optimizer.sim.ml.TrafficProfileGenerator \
 *   ../shared/data/web_traffic/nasa_1995_per_second/workload.txt \
 *   optimizer/src/main/resources/dev/tap/optimizer/sim/ml/nasa-http-1995-per-minute.txt.gz
 * </pre>
 */
public final class TrafficProfileGenerator {
  private TrafficProfileGenerator() {}

  static final List<String> HEADER = List.of(
      "NASA-HTTP request trace, July-August 1995: requests per minute on the days the simulated ML endpoint's traffic uses.",
      "Source: the NASA Kennedy Space Center WWW server logs (NASA-HTTP, Internet Traffic Archive,",
      "  https://ita.ee.lbl.gov/html/contrib/NASA-HTTP.html), public domain, as requests per second in",
      "  ../shared/data/web_traffic/nasa_1995_per_second/workload.txt.",
      "Derived by dev.tap.optimizer.sim.ml.TrafficProfileGenerator (optimizer test sources): each whole day of the trace",
      "  (day 0 = its first 86,400 seconds) summed per minute; kept: the first " + SimulatedMlPlatform.DAYS
          + " days that are not outage days (day mean > 0.3 x median, no hour without a request).",
      "One line a day: the day's index in the trace, then 1,440 request counts from minute 0 of that day.");

  /** Derives the profile of {@code days} days from the per-second trace and writes it, gzipped. */
  static void generate(Path trace, int days, OutputStream out) throws IOException {
    TrafficShape.Profile.fromTrace(trace, days).write(out, HEADER);
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: TrafficProfileGenerator TRACE OUT (e.g. ../shared/data/" + TrafficShape.TRACE + " and the resource)");
      System.exit(2);
    }
    try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
      generate(Path.of(args[0]), SimulatedMlPlatform.DAYS, out);
    }
    System.out.println("wrote " + args[1] + " (" + Files.size(Path.of(args[1])) + " bytes)");
  }
}
