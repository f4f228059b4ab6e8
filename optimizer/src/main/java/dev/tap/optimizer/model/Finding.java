package dev.tap.optimizer.model;

import java.util.List;

/**
 * Something a rule observed that is not itself a change: a flag (consolidation candidate, SLO
 * already breached, metric missing) with its evidence. Reported beside the recommendations.
 */
public record Finding(String resourceId, String family, Severity severity, String title, String detail, List<Evidence> evidence) {

  public enum Severity { INFO, WARNING }

  public Finding {
    evidence = List.copyOf(evidence);
  }

  public static Finding info(dev.tap.optimizer.model.Resource r, String title, String detail, List<Evidence> evidence) {
    return new Finding(r.id(), r.family().label(), Severity.INFO, title, detail, evidence);
  }

  public static Finding warning(dev.tap.optimizer.model.Resource r, String title, String detail, List<Evidence> evidence) {
    return new Finding(r.id(), r.family().label(), Severity.WARNING, title, detail, evidence);
  }
}
