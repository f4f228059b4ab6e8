package dev.tap.optimizer.pricing;

/** Monthly cost before and after a change; savings are before minus after (negative: it costs more). */
public record Savings(double monthlyBefore, double monthlyAfter) {

  public static Savings of(double monthlyBefore, double monthlyAfter) {
    return new Savings(monthlyBefore, monthlyAfter);
  }

  public double monthly() {
    return monthlyBefore - monthlyAfter;
  }

  public double annual() {
    return PriceBook.annual(monthly());
  }

  /** Share of the current cost saved, 0 when nothing is spent today. */
  public double fraction() {
    return monthlyBefore == 0 ? 0 : monthly() / monthlyBefore;
  }

  public Savings plus(Savings other) {
    return new Savings(monthlyBefore + other.monthlyBefore, monthlyAfter + other.monthlyAfter);
  }
}
