package dev.tap.optimizer.family.sagemaker;

import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataPage;
import dev.tap.optimizer.metrics.MetricDataSource.MetricDataRequest;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fetches an endpoint's serving metrics through the port, following NextToken pages. */
public final class MetricFetch {
  private MetricFetch() {}

  public static final String NS_INVOCATIONS = "AWS/SageMaker";
  public static final String NS_INSTANCE = "/aws/sagemaker/Endpoints";

  public static List<MetricQuery> endpointQueries(String endpoint, String variant, int periodSeconds) {
    Map<String, String> dims = Map.of("EndpointName", endpoint, "VariantName", variant);
    return List.of(
        new MetricQuery("invocations", NS_INVOCATIONS, "Invocations", dims, "Sum", periodSeconds),
        new MetricQuery("perInstance", NS_INVOCATIONS, "InvocationsPerInstance", dims, "Sum", periodSeconds),
        new MetricQuery("latencyP95", NS_INVOCATIONS, "ModelLatency", dims, "p95", periodSeconds),
        new MetricQuery("latencyP50", NS_INVOCATIONS, "ModelLatency", dims, "p50", periodSeconds),
        new MetricQuery("gpuUtil", NS_INSTANCE, "GPUUtilization", dims, "Average", periodSeconds),
        new MetricQuery("gpuMem", NS_INSTANCE, "GPUMemoryUtilization", dims, "Average", periodSeconds));
  }

  /** All series by query id, pages concatenated. */
  public static Map<String, MetricSeries> fetch(MetricDataSource source, List<MetricQuery> queries, Instant start, Instant end) {
    Map<String, List<MetricSeries>> parts = new LinkedHashMap<>();
    String token = null;
    do {
      MetricDataPage page = source.getMetricData(new MetricDataRequest(queries, start, end, token));
      for (MetricSeries s : page.results()) parts.computeIfAbsent(s.query().id(), k -> new ArrayList<>()).add(s);
      token = page.nextToken();
    } while (token != null);
    Map<String, MetricSeries> out = new LinkedHashMap<>();
    for (MetricQuery q : queries) {
      List<MetricSeries> p = parts.getOrDefault(q.id(), List.of());
      int n = p.stream().mapToInt(MetricSeries::size).sum();
      long[] t = new long[n];
      double[] v = new double[n];
      int i = 0;
      for (MetricSeries s : p) {
        System.arraycopy(s.times(), 0, t, i, s.size());
        System.arraycopy(s.values(), 0, v, i, s.size());
        i += s.size();
      }
      out.put(q.id(), new MetricSeries(q, t, v));
    }
    return out;
  }
}
