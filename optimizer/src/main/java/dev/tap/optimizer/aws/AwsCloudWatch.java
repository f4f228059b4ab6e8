package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.metrics.MetricDataSource;
import dev.tap.optimizer.metrics.MetricDataThrottledException;
import dev.tap.optimizer.metrics.MetricQuery;
import dev.tap.optimizer.metrics.MetricSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * One CloudWatch GetMetricData call per {@link #getMetricData}, in one region. Packing queries and
 * following NextToken are the engine's job; this adapter translates one page and says honestly what
 * CloudWatch said about each query: {@code Complete} and {@code PartialData} with a next token are
 * data (the rest comes on the next page); {@code Forbidden}, {@code InternalError}, and
 * {@code PartialData} without a token are errors, because a series silently cut short would bias
 * every percentile computed from it. A throttled call ({@code Throttling: Rate exceeded}) is not
 * retried here: it surfaces as {@link MetricDataThrottledException} for the engine's rate budget.
 */
public final class AwsCloudWatch implements MetricDataSource {

  private final AwsClients aws;
  private final String region;

  /** @param region the region whose metrics to read; null for {@code --region} or the SDK's chain */
  public AwsCloudWatch(AwsClients aws, String region) {
    this.aws = aws;
    this.region = aws.region(region);
  }

  public String region() {
    return region;
  }

  @Override
  public MetricDataPage getMetricData(MetricDataRequest request) {
    Map<String, MetricQuery> byId = new LinkedHashMap<>();
    for (MetricQuery q : request.queries()) {
      if (byId.put(q.id(), q) != null) throw new IllegalArgumentException("two queries share the id " + q.id() + " in one GetMetricData call");
    }
    GetMetricDataRequest sdkRequest = GetMetricDataRequest.builder()
        .metricDataQueries(request.queries().stream().map(AwsCloudWatch::toSdk).toList())
        .startTime(request.start())
        .endTime(request.end())
        .scanBy(ScanBy.TIMESTAMP_ASCENDING)
        .nextToken(request.nextToken())
        .build();
    GetMetricDataResponse response = aws.call("cloudwatch:GetMetricData", region, () -> {
      try {
        return aws.cloudWatchMetricData(region).getMetricData(sdkRequest);
      } catch (AwsServiceException e) {
        // the call returned nothing: the engine's rate budget slows down and makes it again
        if (e.isThrottlingException()) throw new MetricDataThrottledException(code(e), "GetMetricData in " + region + ": " + message(e));
        throw e;
      }
    });

    boolean morePages = response.nextToken() != null && !response.nextToken().isEmpty();
    List<MetricSeries> results = new ArrayList<>();
    for (MetricDataResult r : response.metricDataResults()) {
      MetricQuery query = byId.get(r.id());
      if (query == null) {
        throw new UserError(ExitCode.FAILURE, "CloudWatch GetMetricData in " + region + " returned a result for query id '" + r.id() + "' that was not asked for; "
            + "the endpoint is not behaving like CloudWatch.");
      }
      checkStatus(query, r, morePages, response.messages());
      results.add(toSeries(query, r));
    }
    return new MetricDataPage(results, morePages ? response.nextToken() : null);
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? String.valueOf(e.getMessage()) : e.awsErrorDetails().errorMessage();
  }

  private void checkStatus(MetricQuery q, MetricDataResult r, boolean morePages, List<MessageData> callMessages) {
    StatusCode status = r.statusCode();
    if (status == StatusCode.COMPLETE || status == StatusCode.PARTIAL_DATA && morePages) return;
    String what = q.namespace() + " " + q.metricName() + " " + q.dimensions() + " " + q.stat() + " (query " + q.id() + ") in " + region;
    String messages = messages(r.messages(), callMessages);
    if (status == StatusCode.FORBIDDEN) {
      throw new UserError(ExitCode.AWS_ACCESS, "CloudWatch refused to return " + what + " (Forbidden" + messages + "). Grant cloudwatch:GetMetricData "
          + "for this namespace to the role tap runs as, or pass --aws-profile for one that has it.");
    }
    if (status == StatusCode.PARTIAL_DATA) {
      throw new UserError(ExitCode.FAILURE, "CloudWatch returned only part of " + what + " and no NextToken to fetch the rest (PartialData" + messages
          + "). Shorten the lookback or run again; tap does not analyse a series cut short.");
    }
    throw new UserError(ExitCode.FAILURE, "CloudWatch could not return " + what + " (" + r.statusCodeAsString() + messages + "). Run again later; "
        + "if it persists, check the metric in the CloudWatch console.");
  }

  private static String messages(List<MessageData> resultMessages, List<MessageData> callMessages) {
    List<MessageData> all = new ArrayList<>(resultMessages);
    all.addAll(callMessages);
    return all.isEmpty() ? "" : ": " + all.stream().map(m -> m.code() + " " + m.value()).collect(Collectors.joining("; "));
  }

  private static MetricDataQuery toSdk(MetricQuery q) {
    Metric metric = Metric.builder()
        .namespace(q.namespace())
        .metricName(q.metricName())
        .dimensions(q.dimensions().entrySet().stream().map(e -> Dimension.builder().name(e.getKey()).value(e.getValue()).build()).toList())
        .build();
    return MetricDataQuery.builder()
        .id(q.id())
        .metricStat(MetricStat.builder().metric(metric).period(q.periodSeconds()).stat(q.stat()).build())
        .returnData(true)
        .build();
  }

  /** CloudWatch answers oldest first when asked TIMESTAMP_ASCENDING; times become epoch seconds. */
  private MetricSeries toSeries(MetricQuery q, MetricDataResult r) {
    List<Instant> ts = r.timestamps();
    List<Double> vs = r.values();
    if (ts.size() != vs.size()) {
      throw new UserError(ExitCode.FAILURE, "CloudWatch returned " + ts.size() + " timestamps but " + vs.size() + " values for query " + q.id() + " in " + region
          + "; the endpoint is not behaving like CloudWatch.");
    }
    long[] times = new long[ts.size()];
    double[] values = new double[vs.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = ts.get(i).getEpochSecond();
      values[i] = vs.get(i);
      if (i > 0 && times[i] <= times[i - 1]) {
        throw new UserError(ExitCode.FAILURE, "CloudWatch returned query " + q.id() + " in " + region + " out of time order although asked for "
            + "TIMESTAMP_ASCENDING; the endpoint is not behaving like CloudWatch.");
      }
    }
    return new MetricSeries(q, times, values);
  }
}
