package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.loadtest.Failures;
import dev.tap.optimizer.loadtest.LoadTarget;
import java.time.Duration;
import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Synchronous invocations (RequestResponse) of one Lambda function through the SDK, with a fixed
 * JSON payload. A function error (the X-Amz-Function-Error header) counts as
 * {@code function-error}; throttling as {@code throttled}. The client is the one
 * {@link AwsClients} builds, so its retries are part of the latency a caller would see.
 * Built by {@link AwsLoadTestAccount#lambda}.
 */
final class AwsLambdaTarget implements LoadTarget {

  private final String name;
  private final String function;
  private final String region;
  private final AwsClients aws;
  private final SdkBytes payload;
  private final Duration timeout;

  AwsLambdaTarget(String name, String function, String region, AwsClients aws, String payload, Duration timeout) {
    this.name = name;
    this.function = function;
    this.region = region;
    this.aws = aws;
    this.payload = SdkBytes.fromUtf8String(payload);
    this.timeout = timeout;
  }

  @Override public String name() { return name; }
  @Override public String kind() { return "lambda"; }
  @Override public String endpoint() { return function + " (" + aws.region(region) + ")"; }
  @Override public String workload() { return "Invoke (RequestResponse) with a " + payload.asByteArray().length + "-byte payload"; }

  @Override
  public void prepare() {
    try {
      execute();
    } catch (FunctionErrorException e) {
      throw new UserError(ExitCode.BAD_INPUT, "Lambda target " + name + ": function " + function + " returned a " + e.kind + " error to the first invocation ("
          + e.body + "). Fix the function or the payload (--lambda-payload) before load-testing it.");
    } catch (RuntimeException e) {
      // AwsClients.call names the action, region and endpoint and says what to check
      aws.call("lambda:InvokeFunction", aws.region(region), () -> {
        throw e;
      });
      throw e;
    }
  }

  @Override
  public void execute() {
    LambdaClient lambda = aws.lambda(region);
    InvokeResponse r = lambda.invoke(InvokeRequest.builder()
        .functionName(function)
        .invocationType(InvocationType.REQUEST_RESPONSE)
        .payload(payload)
        .overrideConfiguration(c -> c.apiCallTimeout(timeout))
        .build());
    if (r.functionError() != null) throw new FunctionErrorException(r.functionError(), r.payload() == null ? "" : r.payload().asUtf8String());
  }

  @Override
  public String classify(Throwable failure) {
    if (failure instanceof FunctionErrorException) return "function-error";
    if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) return Failures.TIMEOUT;
    if (failure instanceof AwsServiceException e) {
      if (e.isThrottlingException()) return "throttled";
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      return code == null ? "http-" + e.statusCode() : "aws-" + code.replace("Exception", "").toLowerCase(Locale.ROOT);
    }
    String net = Failures.networkKind(failure);
    return net != null ? net : Failures.byClass(failure);
  }

  @Override
  public void close() {
    // the clients belong to AwsClients, closed by the command
  }

  /** The function ran and failed (Unhandled, Handled). */
  static final class FunctionErrorException extends RuntimeException {
    final String kind;
    final String body;

    FunctionErrorException(String kind, String body) {
      super("function error " + kind + ": " + body);
      this.kind = kind;
      this.body = body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
  }
}
