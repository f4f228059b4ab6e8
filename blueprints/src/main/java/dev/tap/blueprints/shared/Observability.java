package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.xray.CfnGroup;
import software.amazon.awscdk.services.xray.CfnSamplingRule;
import software.constructs.Construct;

/**
 * The SLO view of a blueprint (docs/outputs.md, "SLO metrics"): alarms on {@code TAP/SLO} latency p95,
 * error rate and queue depth at 1-minute resolution into an encrypted topic, a dashboard, the
 * application log group, an X-Ray group and sampling rule, and optionally a Logs Insights query.
 */
public final class Observability extends Construct {

  public static final String NAMESPACE = "TAP/SLO";

  /** The SLO thresholds the alarms fire above. */
  public record Slo(double latencyP95Ms, double errorRatePercent, double queueDepth) {}

  /** A saved Logs Insights query over the application log group. */
  public record Query(String name, String queryString) {}

  /**
   * @param widgets       resource widgets shown under the SLO row
   * @param query         null for none
   * @param samplingRate  X-Ray fixed sampling rate (0..1) beyond the reservoir
   */
  public record Props(Names names, IKey key, Slo slo, List<IWidget> widgets, Query query, double samplingRate, RemovalPolicy removalPolicy) {
    public Props {
      widgets = List.copyOf(widgets);
    }
  }

  /** The application log group's name, known before the construct exists (the fleet's agent needs it). */
  public static String appLogGroupName(Names names) {
    return "/tap/" + names.suffix() + "/" + names.blueprint() + "/app";
  }

  private final Dashboard dashboard;
  private final List<Alarm> alarms = new ArrayList<>();
  private final LogGroup appLogs;
  private final Topic alarmTopic;

  public Observability(Construct scope, String id, Props p) {
    super(scope, id);
    Names n = p.names();
    appLogs = LogGroup.Builder.create(this, "AppLogs")
        .logGroupName(appLogGroupName(n))
        .retention(RetentionDays.THREE_MONTHS)
        .encryptionKey(p.key())
        .removalPolicy(p.removalPolicy())
        .build();
    alarmTopic = Topic.Builder.create(this, "AlarmTopic").topicName(n.of("alarms")).masterKey(p.key()).enforceSsl(true).build();

    Metric latency = slo(n, "Latency", "p95");
    Metric errors = slo(n, "ErrorRate", "Average");
    Metric queue = slo(n, "QueueDepth", "Maximum");
    alarm("LatencyP95", n.of("latency-p95"), latency, p.slo().latencyP95Ms(), "p95 latency above " + p.slo().latencyP95Ms() + " ms");
    alarm("ErrorRate", n.of("error-rate"), errors, p.slo().errorRatePercent(), "error rate above " + p.slo().errorRatePercent() + " %");
    alarm("QueueDepth", n.of("queue-depth"), queue, p.slo().queueDepth(), "queue depth above " + p.slo().queueDepth());

    dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(n.of()).build();
    dashboard.addWidgets(
        graph("Latency (ms)", List.of(slo(n, "Latency", "p50"), latency, slo(n, "Latency", "p99")), p.slo().latencyP95Ms()),
        graph("Error rate (%)", List.of(errors), p.slo().errorRatePercent()),
        graph("Queue depth", List.of(queue), p.slo().queueDepth()));
    for (int i = 0; i < p.widgets().size(); i += 3) {
      dashboard.addWidgets(p.widgets().subList(i, Math.min(i + 3, p.widgets().size())).toArray(IWidget[]::new));
    }

    CfnGroup.Builder.create(this, "XRayGroup")
        .groupName(n.of())
        .filterExpression("annotation.Blueprint = \"" + n.blueprint() + "\" AND annotation.Environment = \"" + n.suffix() + "\"")
        .insightsConfiguration(CfnGroup.InsightsConfigurationProperty.builder().insightsEnabled(true).notificationsEnabled(false).build())
        .build();
    CfnSamplingRule.Builder.create(this, "XRaySampling")
        .samplingRule(CfnSamplingRule.SamplingRuleProperty.builder()
            .ruleName(n.of())
            .priority(100)
            .fixedRate(p.samplingRate())
            .reservoirSize(10)
            .serviceName("*")
            .serviceType("*")
            .host("*")
            .httpMethod("*")
            .urlPath("*")
            .resourceArn("*")
            .version(1)
            .attributes(Map.of("Blueprint", n.blueprint()))
            .build())
        .build();

    if (p.query() != null) {
      CfnQueryDefinition.Builder.create(this, "Query")
          .name(n.of() + "/" + p.query().name())
          .queryString(p.query().queryString())
          .logGroupNames(List.of(appLogs.getLogGroupName()))
          .build();
    }
  }

  private static Metric slo(Names n, String name, String statistic) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of("Blueprint", n.blueprint(), "Environment", n.suffix()))
        .statistic(statistic)
        .period(Duration.minutes(1))
        .build();
  }

  private void alarm(String id, String name, Metric metric, double threshold, String what) {
    Alarm a = Alarm.Builder.create(this, id)
        .alarmName(name)
        .alarmDescription("SLO: " + what + " in 3 of 5 minutes")
        .metric(metric)
        .threshold(threshold)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(5)
        .datapointsToAlarm(3)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
    a.addAlarmAction(new SnsAction(alarmTopic));
    a.addOkAction(new SnsAction(alarmTopic));
    alarms.add(a);
  }

  private static GraphWidget graph(String title, List<Metric> metrics, double slo) {
    return GraphWidget.Builder.create()
        .title(title)
        .left(metrics.stream().map(m -> (IMetric) m.with(MetricOptions.builder().label(m.getMetricName() + " " + m.getStatistic()).build())).toList())
        .leftAnnotations(List.of(HorizontalAnnotation.builder().value(slo).label("SLO").build()))
        .width(8)
        .build();
  }

  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  public LogGroup appLogs() {
    return appLogs;
  }

  public Topic alarmTopic() {
    return alarmTopic;
  }

  public void addOutputs(StackOutputs o) {
    o.add("DashboardName", dashboard.getDashboardName(), "CloudWatch dashboard");
  }
}
