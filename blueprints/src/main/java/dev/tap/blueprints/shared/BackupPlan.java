package dev.tap.blueprints.shared;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.CronOptions;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/** An AWS Backup plan with one cron rule, into a vault encrypted with the blueprint key. */
public final class BackupPlan extends Construct {

  /** @param cron the rule's schedule (UTC), e.g. minute 0 of every 4th hour */
  public record Props(Names names, IKey key, String ruleName, CronOptions cron, int retentionDays, List<BackupResource> resources,
      RemovalPolicy removalPolicy) {}

  private final software.amazon.awscdk.services.backup.BackupPlan plan;

  public BackupPlan(Construct scope, String id, Props p) {
    super(scope, id);
    BackupVault vault = BackupVault.Builder.create(this, "Vault")
        .backupVaultName(p.names().of("vault"))
        .encryptionKey(p.key())
        .removalPolicy(p.removalPolicy())
        .build();
    plan = software.amazon.awscdk.services.backup.BackupPlan.Builder.create(this, "Plan")
        .backupPlanName(p.names().of("backup"))
        .backupVault(vault)
        .backupPlanRules(List.of(BackupPlanRule.Builder.create()
            .ruleName(p.ruleName())
            .scheduleExpression(Schedule.cron(p.cron()))
            .deleteAfter(Duration.days(p.retentionDays()))
            .startWindow(Duration.hours(1))
            .completionWindow(Duration.hours(3))
            .build()))
        .build();
    plan.addSelection("Selection", BackupSelectionOptions.builder()
        .backupSelectionName(p.names().of("backup-selection"))
        .resources(p.resources())
        .build());
    Nag.suppressMatching(plan, "AwsSolutions-IAM4", "^Policy::.*/AWSBackupServiceRolePolicyForBackup$",
        "the AWS service-role policy AWS Backup is documented to need for its selections");
  }

  public String planId() {
    return plan.getBackupPlanId();
  }

  public void addOutputs(StackOutputs o) {
    o.add("BackupPlanId", plan.getBackupPlanId(), "AWS Backup plan id");
  }
}
