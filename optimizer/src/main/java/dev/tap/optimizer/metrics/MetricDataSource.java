package dev.tap.optimizer.metrics;

import java.time.Instant;
import java.util.List;

/**
 * The port for one CloudWatch GetMetricData call. Adapters (AWS, simulated) translate exactly one
 * call and enforce nothing beyond what AWS enforces; the engine plans, packs and pages.
 */
public interface MetricDataSource {

  /** AWS limits of one GetMetricData call. */
  int MAX_QUERIES_PER_CALL = 500;
  long MAX_DATAPOINTS_PER_CALL = 100_800;

  MetricDataPage getMetricData(MetricDataRequest request);

  record MetricDataRequest(List<MetricQuery> queries, Instant start, Instant end, String nextToken) {
    public MetricDataRequest {
      queries = List.copyOf(queries);
    }
  }

  /** One page: partial series per query id (concatenate across pages), and the next token or null. */
  record MetricDataPage(List<MetricSeries> results, String nextToken) {
    public MetricDataPage {
      results = List.copyOf(results);
    }
  }
}
