package dev.tap.optimizer.pricing;

/** One GetProducts filter: a product attribute equal to, or containing, a value. */
public record ProductFilter(String field, Match match, String value) {
  public enum Match {
    EQUALS,
    CONTAINS
  }

  public static ProductFilter equal(String field, String value) {
    return new ProductFilter(field, Match.EQUALS, value);
  }

  public static ProductFilter contains(String field, String value) {
    return new ProductFilter(field, Match.CONTAINS, value);
  }
}
