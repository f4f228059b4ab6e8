package dev.tap.optimizer.report;

/**
 * POI logs through the Log4j API, which prints "could not find a logging provider" (on stdout, into
 * a command's output) when no Log4j core is on the class path; its simple logger (errors to stderr)
 * is enough. Every workbook writer calls {@link #quiet()} before POI loads.
 */
public final class PoiLogging {
  private PoiLogging() {}

  public static void quiet() {
    if (System.getProperty("log4j2.loggerContextFactory") == null) {
      System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    }
  }
}
