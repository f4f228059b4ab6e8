package dev.tap.optimizer.plan;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.registry.Families;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a plan must satisfy before anything runs: unique phase numbers and action ids, bounded
 * observation windows, and after-values each action's family accepts ({@code
 * ResourceFamily.validate}). A plan that fails is refused whole (exit 2), so no run is left
 * wedged half-way by a value that cannot be applied.
 */
public final class PlanCheck {
  /** The longest observation window a phase may ask for. */
  public static final Duration MAX_OBSERVATION = Duration.ofDays(30);
  /** Problems listed in one error message; the rest are counted. */
  static final int SHOWN = 10;

  private PlanCheck() {}

  public static List<String> problems(Plan plan) {
    List<String> out = new ArrayList<>();
    Set<Integer> phases = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (Phase p : plan.phases()) {
      if (!phases.add(p.number())) out.add("phase number " + p.number() + " appears more than once");
      if (p.number() < 1) out.add("phase number " + p.number() + " is not a positive number");
      if (p.observation() == null || p.observation().isNegative() || p.observation().compareTo(MAX_OBSERVATION) > 0) {
        out.add("phase " + p.number() + " observation " + p.observation() + " is not between 0 and " + MAX_OBSERVATION.toDays() + " days");
      }
      for (Action a : p.actions()) {
        if (a.id() == null || a.id().isBlank()) out.add("an action of phase " + p.number() + " has no id");
        else if (!ids.add(a.id())) out.add("action id " + a.id() + " appears more than once");
        if (a.resourceId() == null || a.resourceId().isBlank()) out.add("action " + a.id() + " names no resource");
        if (a.region() == null || !a.region().matches("[a-z]{2}(-gov)?-[a-z]+-\\d")) out.add("action " + a.id() + " region '" + a.region() + "' is not an AWS region");
        for (String problem : Families.of(a.kind().family()).validate(a.kind(), a.after())) {
          out.add("action " + a.id() + " (" + a.resourceId() + "): " + problem);
        }
      }
    }
    return out;
  }

  /** Refuses (exit 2) a plan with problems, naming the file and each problem. */
  public static void require(Plan plan, String origin) {
    List<String> problems = problems(plan);
    if (problems.isEmpty()) return;
    List<String> shown = problems.subList(0, Math.min(SHOWN, problems.size()));
    throw new UserError(ExitCode.BAD_INPUT, "plan file " + origin + " is not valid, nothing was changed:\n  - " + String.join("\n  - ", shown)
        + (problems.size() > SHOWN ? "\n  ... and " + (problems.size() - SHOWN) + " more" : "")
        + "\nRe-create the plan with 'tap plan' instead of editing it.");
  }
}
