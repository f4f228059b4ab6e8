package dev.tap.optimizer.report.org;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tap.optimizer.org.FamilyFigures;
import dev.tap.optimizer.org.OrgSummary;
import dev.tap.optimizer.org.Outcome;

/** {@code org-summary.json} and each account-region's {@code outcome.json}. */
final class OrgJson {
  private OrgJson() {}

  static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  static String summary(OrgSummary s, OrgRunInfo info) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("command", info.command());
    root.put("source", info.source());
    root.put("at", info.at().toString());
    info.regions().forEach(root.putArray("regions")::add);
    root.put("roleName", info.roleName());
    total(root.putObject("total"), s.total());
    root.put("failedAccountRegions", s.failed().size());
    ArrayNode accounts = root.putArray("accounts");
    for (OrgSummary.AccountTotal a : s.accounts()) {
      ObjectNode n = accounts.addObject();
      n.put("id", a.id());
      n.put("name", a.name());
      total(n, a.total());
      n.put("failedRegions", a.failedRegions());
    }
    ObjectNode regions = root.putObject("regions");
    s.regions().forEach((r, t) -> total(regions.putObject(r), t));
    ObjectNode families = root.putObject("families");
    s.families().forEach((f, ff) -> family(families.putObject(f), ff));
    ArrayNode analysed = root.putArray("analysed");
    s.analysed().forEach(a -> outcome(analysed.addObject(), a));
    ArrayNode failed = root.putArray("failed");
    s.failed().forEach(f -> outcome(failed.addObject(), f));
    return write(root);
  }

  static String outcome(Outcome o) {
    ObjectNode n = MAPPER.createObjectNode();
    outcome(n, o);
    return write(n);
  }

  private static void outcome(ObjectNode n, Outcome o) {
    n.put("account", o.where().account().id());
    n.put("accountName", o.where().account().name());
    n.put("region", o.where().region());
    if (o instanceof Outcome.Analysed a) {
      n.put("status", "analysed");
      n.put("resources", a.resources());
      n.put("plannedMonthlyUsd", round(a.plannedMonthly()));
      ArrayNode fams = n.putArray("families");
      a.families().forEach(f -> {
        ObjectNode fn = fams.addObject();
        fn.put("family", f.family());
        family(fn, f);
      });
      a.problems().forEach(n.putArray("problems")::add);
      n.put("detail", a.detail());
    } else if (o instanceof Outcome.Failed f) {
      n.put("status", "failed");
      n.put("reason", f.reason().name());
      n.put("meaning", f.reason().meaning);
      n.put("remedy", f.reason().remedy);
      n.put("code", f.code());
      n.put("message", f.message());
    }
  }

  private static void total(ObjectNode n, OrgSummary.Total t) {
    n.put("accountRegions", t.accountRegions());
    n.put("resources", t.resources());
    n.put("recommendations", t.recommendations());
    n.put("planned", t.planned());
    n.put("plannedMonthlyUsd", round(t.plannedMonthly()));
    n.put("plannedAnnualUsd", round(t.plannedAnnual()));
  }

  private static void family(ObjectNode n, FamilyFigures f) {
    n.put("resources", f.resources());
    n.put("recommendations", f.recommendations());
    n.put("planned", f.planned());
    n.put("plannedMonthlyUsd", round(f.plannedMonthly()));
  }

  static double round(double usd) {
    return Math.round(usd * 100) / 100.0;
  }

  private static String write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsString(n) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
