package dev.tap.optimizer.family.rds;

import dev.tap.optimizer.model.Resource;
import java.time.Duration;

/** What the executor asks of an RDS instance (staging's PostgreSQL), in domain verbs. */
public interface RdsApi {

  /** The instance with {@code instanceClass}, {@code readers}, {@code readerClass}, {@code backupRetentionDays} and tags. */
  Resource describeInstance(String instanceId, String region);

  void modifyInstanceClass(String instanceId, String region, String instanceClass, boolean applyImmediately);

  /**
   * Blue/Green: creates a green copy with {@code instanceClass}, waits for it, switches over
   * within {@code switchoverTimeout} (RDS aborts and keeps blue when it cannot), and returns the
   * deployment id. The old (blue) instance is kept until {@link #deleteBlueGreen}.
   */
  String blueGreenSwitch(String instanceId, String region, String instanceClass, Duration switchoverTimeout);

  /** Deletes a finished deployment and, when asked, its old source instance. */
  void deleteBlueGreen(String deploymentId, String region, boolean deleteOldSource);
}
