package dev.tap.optimizer.family.sagemaker;

import java.util.List;

/**
 * The CloudWatch alarms SageMaker's blue/green AutoRollbackConfiguration watches while it shifts
 * traffic: p95 ModelLatency above the gate and the 5xx share above the gate, on the variant.
 */
public interface RollbackAlarms {
  /** Creates or replaces the alarms and returns their names. */
  List<String> put(String region, String endpoint, String variant, double maxP95Ms, double maxErrorRate, int periodSeconds);
}
