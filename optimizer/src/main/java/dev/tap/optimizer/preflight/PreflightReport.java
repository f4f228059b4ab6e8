package dev.tap.optimizer.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text {@code tap preflight} prints for one stack: a line per check, then the increase requests. */
public final class PreflightReport {
  private PreflightReport() {}

  public static String render(String stack, String region, List<Check> checks) {
    StringBuilder b = new StringBuilder();
    b.append(stack).append(" in ").append(region).append('\n');
    b.append(String.format(Locale.ROOT, "  %-20s %-23s %7s %7s %14s  %s%n", "result", "quota code", "quota", "in use", "stack needs", "quota name [zone]: what"));
    List<String> requests = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Check c : checks) {
      Demand d = c.demand();
      String quota = c.limit() == null ? "?" : fmt(c.limit().value()) + (c.limit().origin() == QuotaValue.Origin.AWS_DEFAULT ? "*" : "");
      String needs = d.needed() + (d.peak() > d.needed() ? " (max " + d.peak() + ")" : "") + (d.headroom() > 0 ? " +" + d.headroom() : "");
      String code = c.quotaCode() != null ? d.quota().serviceCode() + " " + c.quotaCode() : "-";
      String name = d.quota().name() + (d.scope().equals(region) ? "" : " [" + d.scope() + "]");
      b.append(String.format(Locale.ROOT, "  %-20s %-23s %7s %7d %14s  %s: %s%n", result(c), code, quota, c.inUse(), needs, name, d.what()));
      String line = c.requestLine(region);
      if (line != null && !requests.contains(line)) requests.add(line);
      if (c.limit() != null && c.limit().origin() == QuotaValue.Origin.AWS_DEFAULT && c.limit().why() != null) {
        String note = "* " + (c.quotaCode() != null ? c.quotaCode() : d.quota().name()) + ": AWS default shown; " + c.limit().why();
        if (!notes.contains(note)) notes.add(note);
      }
      if (c.result() == Check.Result.UNKNOWN) {
        String note = d.quota().hasCode() ? "? " + d.quota().quotaCode() + ": neither the applied nor the default value could be read; check it in the Service Quotas console"
            : d.quota().findByName() ? "? " + d.quota().name() + ": no quota of that name in Service Quotas (" + d.quota().serviceCode()
                + ") for this region; check that the type is offered here"
            : "? " + d.quota().name() + ": no Service Quotas code is known to tap; check the limit in the service's console before deploying";
        if (!notes.contains(note)) notes.add(note);
      }
    }
    notes.forEach(n -> b.append("  ").append(n).append('\n'));
    long shortCount = checks.stream().filter(c -> c.result() == Check.Result.SHORT).count();
    if (requests.isEmpty()) {
      b.append("  Everything fits").append(checks.stream().anyMatch(c -> c.result() == Check.Result.UNKNOWN) ? " that could be checked" : "").append(".\n");
    } else {
      b.append("  ").append(shortCount).append(shortCount == 1 ? " quota is" : " quotas are").append(" short for the stack to be created")
          .append("; request (desired value = in use + the stack at its max):\n");
      requests.forEach(r -> b.append("    ").append(r).append('\n'));
    }
    return b.toString();
  }

  static String result(Check c) {
    return switch (c.result()) {
      case FITS -> "fits";
      case FITS_BELOW_PEAK -> "fits, max " + (int) Math.ceil(c.peakTotal() - c.limit().value()) + " over";
      case SHORT -> "SHORT by " + c.shortBy();
      case UNKNOWN -> "not checked";
    };
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
