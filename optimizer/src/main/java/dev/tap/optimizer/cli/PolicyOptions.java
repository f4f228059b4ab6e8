package dev.tap.optimizer.cli;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The policy options every analysis takes ({@code tap analyze}, {@code tap plan} and {@code tap org
 * analyze|plan|snapshot}): the profile, the overrides file, the lookback, the confidence floor and
 * the two EC2 allowances that set policy keys. One mixin, so that both commands name, describe and
 * default them alike.
 */
public final class PolicyOptions {

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Policy profile: trading, saas or staging (default: the blueprint analysed, else trading).")
  String profile;

  @Option(names = "--policy", paramLabel = "FILE", description = "YAML file whose keys override the profile's thresholds (docs/analysis.md lists them).")
  Path policy;

  @Option(names = "--lookback-days", paramLabel = "DAYS", description = "Days of metrics analysed (default: the profile's: trading 90, saas 60, staging 45).")
  Integer lookbackDays;

  @Option(names = "--min-confidence", paramLabel = "0..1", description = "Leave out recommendations whose confidence is below this (default: the profile's minConfidence, 0).")
  Double minConfidence;

  @Option(names = "--allow-restart", description = "Plan EC2 instance type changes (a stop and start) for instances without a MaintenanceWindow tag "
      + "(sets the policy's ec2.allowRestart).")
  boolean allowRestart;

  @Option(names = "--allow-arch-change", description = "Also consider the other architecture (Graviton arm64) for EC2 and Auto Scaling types, "
      + "reported with an architecture caveat (sets the policy's ec2.allowArchChange).")
  boolean allowArchChange;

  /** The ranges of --lookback-days and --min-confidence: a usage error naming the option, before anything is read. */
  void checkRanges() {
    if (lookbackDays != null && (lookbackDays < 1 || lookbackDays > 455)) {
      throw new UserError(ExitCode.BAD_INPUT, "--lookback-days " + lookbackDays + " is out of range: CloudWatch keeps hourly points for 455 days; use 1 to 455.");
    }
    if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
      throw new UserError(ExitCode.BAD_INPUT, "--min-confidence " + minConfidence + " is out of range: use a number from 0 to 1.");
    }
  }

  /** The policy: {@code --profile}, else {@code defaultProfile}; {@code --policy}'s overrides; then what the other options set. */
  Policy load(String defaultProfile) {
    Policy p = PolicyLoader.load(profile == null ? null : profile.toLowerCase(Locale.ROOT), policy, defaultProfile);
    if (lookbackDays != null) p = p.withLookbackDays(lookbackDays);
    if (minConfidence != null) p = p.withMinConfidence(minConfidence);
    if (allowRestart) p = p.with("ec2.allowRestart", true);
    if (allowArchChange) p = p.with("ec2.allowArchChange", true);
    return p;
  }
}
