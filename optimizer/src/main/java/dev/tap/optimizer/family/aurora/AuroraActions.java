package dev.tap.optimizer.family.aurora;

import static dev.tap.optimizer.model.ConfigKeys.BACKUP_RETENTION_DAYS;
import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_CLASS;
import static dev.tap.optimizer.model.ConfigKeys.READERS;
import static dev.tap.optimizer.model.ConfigKeys.READER_CLASS;
import static dev.tap.optimizer.model.ConfigKeys.SECONDARY_REGIONS;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.FamilyActions;
import dev.tap.optimizer.exec.MaintenanceWindow;
import dev.tap.optimizer.exec.PendingChanges;
import dev.tap.optimizer.model.ActionKind;
import dev.tap.optimizer.model.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Aurora actions and their inverses: instance class (now or in the maintenance window), readers
 * removed and re-added, backup retention, secondary regions detached and re-created.
 */
public final class AuroraActions implements FamilyActions {

  /** Re-creating a secondary region copies the whole cluster volume across regions. */
  public static final String SECONDARY_RECREATE_NOTE =
      "re-creating a secondary region replicates the whole cluster volume: expect hours for a large cluster before it serves reads";

  private final AuroraApi api;

  public AuroraActions(AuroraApi api) {
    this.api = api;
  }

  @Override
  public Set<ActionKind> kinds() {
    return Set.of(AuroraFamily.DB_INSTANCE_CLASS, AuroraFamily.DB_REMOVE_READER, AuroraFamily.DB_BACKUP_RETENTION,
        AuroraFamily.DB_REMOVE_SECONDARY_REGION);
  }

  @Override
  public Resource read(String resourceId, String region) {
    return api.describeCluster(resourceId, region);
  }

  @Override
  public Optional<String> refusal(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    if (kind == AuroraFamily.DB_REMOVE_READER && target.containsKey(READERS) && Integer.parseInt(target.get(READERS)) < 1
        && current.configInt(READERS) >= 1) {
      return Optional.of("removing the last reader leaves the cluster without a failover target; TAP keeps at least one");
    }
    return Optional.empty();
  }

  @Override
  public String converge(ActionKind kind, Resource current, Map<String, String> target, ActionContext context) {
    String id = current.id();
    String region = current.region();
    // Rollback restores capacity at once; forward class changes wait for the maintenance window unless asked.
    boolean immediately = context.applyImmediately() || context.rollback();
    List<String> notes = new ArrayList<>();
    switch (kind.name()) {
      case "DB_INSTANCE_CLASS" -> {
        // Compared with what is pending too: a repeated request changes nothing, and a rollback
        // while the change still waits for the window cancels it (a modification to the class in
        // force, applied immediately, replaces the pending value).
        boolean writer = differsOrPending(current, target, INSTANCE_CLASS);
        boolean reader = differsOrPending(current, target, READER_CLASS);
        if (writer) api.modifyWriterClass(id, region, target.get(INSTANCE_CLASS), immediately);
        if (reader) api.modifyReaderClass(id, region, target.get(READER_CLASS), immediately);
        if ((writer || reader) && !immediately) {
          String window = current.config().get(MaintenanceWindow.CONFIG_KEY);
          notes.add(window == null || window.isBlank()
              ? "applies in the next maintenance window (use --apply-immediately to apply now)"
              : "applies in the next maintenance window, " + window + " UTC, from " + MaintenanceWindow.parse(window).nextStart(context.now())
                  + " (use --apply-immediately to apply now)");
        }
        if (context.rollback() && !PendingChanges.touching(current, Set.of(INSTANCE_CLASS, READER_CLASS)).isEmpty()) {
          notes.add("cancelled the class change still pending for the maintenance window");
        }
      }
      case "DB_REMOVE_READER" -> {
        int have = current.configInt(READERS);
        int want = Integer.parseInt(target.get(READERS));
        String readerClass = current.config().getOrDefault(READER_CLASS, current.config(INSTANCE_CLASS));
        for (int n = have; n > want; n--) api.removeReader(id, region);
        for (int n = have; n < want; n++) api.addReader(id, region, target.getOrDefault(READER_CLASS, readerClass));
        if (want > have) notes.add("re-added " + (want - have) + " reader(s): they join the shared cluster volume, no data copy");
      }
      case "DB_BACKUP_RETENTION" -> api.setBackupRetention(id, region, Integer.parseInt(target.get(BACKUP_RETENTION_DAYS)));
      case "DB_REMOVE_SECONDARY_REGION" -> {
        Set<String> have = regions(current.config().getOrDefault(SECONDARY_REGIONS, ""));
        Set<String> want = regions(target.get(SECONDARY_REGIONS));
        for (String r : have) if (!want.contains(r)) api.removeSecondaryRegion(id, region, r);
        for (String r : want) {
          if (!have.contains(r)) {
            // On rollback the target is the recorded before-state: it describes the cluster that was removed.
            api.addSecondaryRegion(id, region, r, target);
            notes.add("re-created secondary region " + r + ": " + SECONDARY_RECREATE_NOTE);
          }
        }
      }
      default -> throw new IllegalArgumentException(kind + " is not an Aurora action");
    }
    return notes.isEmpty() ? null : String.join("; ", notes);
  }

  /** The value {@code key} will have once its pending change (if any) is made differs from the target. */
  private static boolean differsOrPending(Resource current, Map<String, String> target, String key) {
    if (!target.containsKey(key)) return false;
    return !target.get(key).equals(PendingChanges.of(current).getOrDefault(key, current.config().get(key)));
  }

  private static Set<String> regions(String csv) {
    Set<String> out = new LinkedHashSet<>();
    if (csv != null) Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }
}
