package dev.tap.blueprints.control;

import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.shared.ContextException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user may change in the control-plane blueprint (docs/blueprints.md lists the keys).
 *
 * @param schedule              EventBridge Scheduler expression of the nightly run
 * @param maxConcurrency        account-regions analysed at once (one Fargate task each)
 * @param toleratedFailurePercent share of account-regions that may fail before the night is failed
 * @param organizationalUnits   OUs (or the root) the member-role StackSet deploys to; empty: no stack instances yet
 */
public record ControlConfig(String region, List<String> availabilityZones, int natGateways, String schedule, String timeZone,
    int maxConcurrency, int toleratedFailurePercent, int taskCpu, int taskMemoryMiB, int taskTimeoutMinutes, String imageTag,
    String awsCliImage, String targetsKey, List<String> organizationalUnits, String stackSetCallAs, int resultsExpiryDays,
    int resultsInfrequentAccessDays, int snapshotExpiryDays) {

  static final String PREFIX = "control.";
  static final String REGION = PREFIX + "region";
  static final String AZS = PREFIX + "azs";
  static final String NAT_GATEWAYS = PREFIX + "natGateways";
  static final String SCHEDULE = PREFIX + "schedule";
  static final String TIME_ZONE = PREFIX + "timeZone";
  static final String MAX_CONCURRENCY = PREFIX + "maxConcurrency";
  static final String TOLERATED_FAILURE = PREFIX + "toleratedFailurePercent";
  static final String TASK_CPU = PREFIX + "task.cpu";
  static final String TASK_MEMORY = PREFIX + "task.memoryMiB";
  static final String TASK_TIMEOUT = PREFIX + "task.timeoutMinutes";
  static final String IMAGE_TAG = PREFIX + "imageTag";
  static final String AWS_CLI_IMAGE = PREFIX + "awsCliImage";
  static final String TARGETS_KEY = PREFIX + "targetsKey";
  static final String OUS = PREFIX + "organizationalUnits";
  static final String CALL_AS = PREFIX + "stackSetCallAs";
  static final String EXPIRY_DAYS = PREFIX + "results.expiryDays";
  static final String IA_DAYS = PREFIX + "results.infrequentAccessDays";
  static final String SNAPSHOT_EXPIRY_DAYS = PREFIX + "results.snapshotExpiryDays";

  /** EventBridge Scheduler's cron (6 fields) or rate expression. */
  private static final Pattern SCHEDULE_EXPRESSION = Pattern.compile("cron\\((\\S+ ){5}\\S+\\)|rate\\(\\d+ (minute|minutes|hour|hours|day|days)\\)");
  private static final Pattern OU = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern IMAGE = Pattern.compile("[a-z0-9.-]+(:\\d+)?/[a-z0-9._/-]+(:[\\w.-]+|@sha256:[0-9a-f]{64})");
  private static final Pattern S3_KEY = Pattern.compile("[A-Za-z0-9!_.*'()/-]{1,512}\\.json");
  /** Fargate's CPU units and the memory each allows (MiB). */
  private static final Set<Integer> CPUS = Set.of(256, 512, 1024, 2048, 4096);

  public static ControlConfig from(BlueprintContext ctx) {
    String region = ctx.region(REGION, "us-east-1");
    List<String> azs = ctx.availabilityZones(AZS, region, List.of(region + "a", region + "b"));
    int cpu = ctx.integer(TASK_CPU, 1024, 256, 4096);
    if (!CPUS.contains(cpu)) throw new ContextException(TASK_CPU, cpu, "not a Fargate CPU size", "256, 512, 1024 (default), 2048 or 4096");
    int[] memory = memoryRange(cpu);
    int expiry = ctx.integer(EXPIRY_DAYS, 400, 2, 3650);
    return new ControlConfig(region, azs,
        ctx.integer(NAT_GATEWAYS, 1, 1, azs.size()),
        matching(ctx, SCHEDULE, "cron(0 2 * * ? *)", SCHEDULE_EXPRESSION, "cron(minutes hours day-of-month month day-of-week year) or rate(N unit)"),
        timeZone(ctx),
        // 40 tasks of 1 vCPU stay inside a modest Fargate vCPU quota; RunTask's own rate is the Retry's business
        ctx.integer(MAX_CONCURRENCY, 40, 1, 10_000),
        ctx.integer(TOLERATED_FAILURE, 10, 0, 100),
        cpu,
        ctx.integer(TASK_MEMORY, 2 * cpu, memory[0], memory[1]),
        ctx.integer(TASK_TIMEOUT, 60, 5, 720),
        matching(ctx, IMAGE_TAG, "latest", TAG, "an image tag of the control repository (letters, digits, _ . -)"),
        matching(ctx, AWS_CLI_IMAGE, "public.ecr.aws/aws-cli/aws-cli:2.15.30", IMAGE, "registry/repository:tag or @sha256:digest of an AWS CLI v2 image"),
        matching(ctx, TARGETS_KEY, "config/targets.json", S3_KEY, "an S3 key ending in .json, in the results bucket"),
        ous(ctx),
        callAs(ctx),
        expiry,
        ctx.integer(IA_DAYS, 30, 30, Math.max(30, expiry - 1)),
        ctx.integer(SNAPSHOT_EXPIRY_DAYS, 7, 1, 3650));
  }

  /** Fargate: 256 -> 512-2048, 512 -> 1024-4096, 1024 -> 2048-8192, 2048 -> 4096-16384, 4096 -> 8192-30720. */
  static int[] memoryRange(int cpu) {
    return switch (cpu) {
      case 256 -> new int[] {512, 2048};
      case 512 -> new int[] {1024, 4096};
      case 1024 -> new int[] {2048, 8192};
      case 2048 -> new int[] {4096, 16384};
      default -> new int[] {8192, 30720};
    };
  }

  private static String timeZone(BlueprintContext ctx) {
    String v = ctx.string(TIME_ZONE, "UTC");
    try {
      ZoneId.of(v);
    } catch (DateTimeException e) {
      throw new ContextException(TIME_ZONE, v, "not a time zone", "an IANA time zone such as UTC (default), Europe/London or America/New_York");
    }
    return v;
  }

  private static List<String> ous(BlueprintContext ctx) {
    String v = ctx.raw(OUS);
    if (v == null) return List.of();
    List<String> ous = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String ou : ous) {
      if (!OU.matcher(ou).matches()) {
        throw new ContextException(OUS, v, "'" + ou + "' is not an organizational unit or root id", "comma-separated ids like ou-ab12-cd34ef56 or r-ab12");
      }
    }
    return ous;
  }

  private static String callAs(BlueprintContext ctx) {
    String v = ctx.string(CALL_AS, "SELF");
    if (!v.equals("SELF") && !v.equals("DELEGATED_ADMIN")) {
      throw new ContextException(CALL_AS, v, "not SELF or DELEGATED_ADMIN",
          "SELF (default: the stack is deployed in the management account) or DELEGATED_ADMIN (a delegated StackSets administrator)");
    }
    return v;
  }

  private static String matching(BlueprintContext ctx, String key, String defaultValue, Pattern pattern, String accepted) {
    String v = ctx.string(key, defaultValue);
    if (!pattern.matcher(v).matches()) throw new ContextException(key, v, "not accepted", accepted + " (default " + defaultValue + ")");
    return v;
  }
}
