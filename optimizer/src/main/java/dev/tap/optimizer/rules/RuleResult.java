package dev.tap.optimizer.rules;

import dev.tap.optimizer.model.Finding;
import java.util.ArrayList;
import java.util.List;

/** What the rules of one family said about one resource, in the order the changes apply. */
public record RuleResult(List<Proposal> proposals, List<Finding> findings) {

  public RuleResult {
    proposals = List.copyOf(proposals);
    findings = List.copyOf(findings);
  }

  public static RuleResult none() {
    return new RuleResult(List.of(), List.of());
  }

  /** Mutable collector used inside one rule evaluation. */
  public static final class Builder {
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    public Builder propose(Proposal p) {
      proposals.add(p);
      return this;
    }

    public Builder find(Finding f) {
      findings.add(f);
      return this;
    }

    public RuleResult build() {
      return new RuleResult(proposals, findings);
    }
  }
}
