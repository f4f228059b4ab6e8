package dev.tap.optimizer.org;

/**
 * One family's figures in one account-region: resources analysed, recommendations made, those in the
 * plan, and the plan's monthly savings (USD).
 */
public record FamilyFigures(String family, int resources, int recommendations, int planned, double plannedMonthly) {

  FamilyFigures plus(FamilyFigures o) {
    return new FamilyFigures(family, resources + o.resources, recommendations + o.recommendations, planned + o.planned, plannedMonthly + o.plannedMonthly);
  }
}
