package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.org.Failures;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK failures into one paragraph a user can act on, with an exit code. */
final class AwsErrors {
  private AwsErrors() {}

  /** Per IAM service prefix: the endpoint host prefix and the AWS_ENDPOINT_URL_<SERVICE> suffix. */
  enum Service {
    CLOUDWATCH("cloudwatch", "monitoring", "CLOUDWATCH"),
    RDS("rds", "rds", "RDS"),
    AUTOSCALING("autoscaling", "autoscaling", "AUTO_SCALING"),
    EC2("ec2", "ec2", "EC2"),
    ELASTICACHE("elasticache", "elasticache", "ELASTICACHE"),
    DYNAMODB("dynamodb", "dynamodb", "DYNAMODB"),
    DAX("dax", "dax", "DAX"),
    LAMBDA("lambda", "lambda", "LAMBDA"),
    ELB("elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2"),
    SECRETSMANAGER("secretsmanager", "secretsmanager", "SECRETS_MANAGER"),
    STS("sts", "sts", "STS"),
    SSM("ssm", "ssm", "SSM"),
    SAGEMAKER("sagemaker", "api.sagemaker", "SAGEMAKER"),
    APPLICATION_AUTOSCALING("application-autoscaling", "application-autoscaling", "APPLICATION_AUTO_SCALING"),
    PRICING("pricing", "api.pricing", "PRICING"),
    COST_EXPLORER("ce", "ce", "COST_EXPLORER"),
    TAGGING("tag", "tagging", "RESOURCE_GROUPS_TAGGING_API"),
    SERVICE_QUOTAS("servicequotas", "servicequotas", "SERVICE_QUOTAS"),
    ORGANIZATIONS("organizations", "organizations", "ORGANIZATIONS");

    final String iamPrefix;
    final String hostPrefix;
    final String envName;

    Service(String iamPrefix, String hostPrefix, String envName) {
      this.iamPrefix = iamPrefix;
      this.hostPrefix = hostPrefix;
      this.envName = envName;
    }

    static Service of(String iamPrefix) {
      for (Service s : values()) if (s.iamPrefix.equals(iamPrefix)) return s;
      throw new IllegalArgumentException("no AWS service with IAM prefix " + iamPrefix);
    }
  }

  private static final Set<String> BAD_CREDENTIALS = Set.of(
      "ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidClientTokenId", "UnrecognizedClientException",
      "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSignatureException", "AuthFailure", "IncompleteSignature",
      "MissingAuthenticationToken", "MissingAuthenticationTokenException");

  /**
   * AWS's "no such resource" codes contain NotFound (Service Quotas': NoSuchResourceException); a bare HTTP 404 with no error code means
   * the endpoint does not serve the operation at all (an emulator), which is also "nothing to read".
   */
  static boolean isNotFound(AwsServiceException e) {
    String code = code(e);
    // Service Quotas says NoSuchResourceException for a quota with no value applied to the account
    return code.contains("NotFound") || code.equals("NoSuchResourceException") || code.isEmpty() && e.statusCode() == 404;
  }

  /** The caller's credentials are refused this call (by code: a 403 may also be a bad signature). */
  static boolean isAccessDenied(AwsServiceException e) {
    return Failures.isAccessDenied(code(e));
  }

  static UserError toUserError(SdkException e, String action, String region, String endpoint, int attempts) {
    if (e instanceof AwsServiceException ase) {
      String code = code(ase);
      String said = " AWS said: " + code + ": " + message(ase);
      if (ase.isThrottlingException()) {
        return new UserError(ExitCode.AWS_ACCESS, "AWS kept throttling " + action + " in " + region + " through " + attempts
            + " attempts with adaptive back-off. Another client is probably using the same API quota; wait a few minutes and run again, "
            + "or raise the quota in Service Quotas." + said, e);
      }
      if (BAD_CREDENTIALS.contains(code)) return credentials(action, region, code + ": " + message(ase), e);
      if (Failures.isAccessDenied(code) || ase.statusCode() == 403) {
        return new UserError(ExitCode.AWS_ACCESS, "AWS denied " + action + " in " + region + ". Grant the IAM permission '" + action
            + "' to the role or user tap runs as (" + needs(action) + "), or pass --aws-profile for one that has it." + said, e);
      }
      return new UserError(ExitCode.FAILURE, "AWS answered " + action + " in " + region + " with HTTP " + ase.statusCode() + "." + said, e);
    }
    if (isCredentialsProblem(e)) return credentials(action, region, e.getMessage(), e);
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException || hasCause(e, InterruptedIOException.class)) {
      return new UserError(ExitCode.AWS_ACCESS, endpoint + " did not answer " + action + " in time. Check --endpoint-url / AWS_ENDPOINT_URL if you meant "
          + "a local endpoint, otherwise the network and any HTTPS_PROXY between you and AWS, then run again.", e);
    }
    if (hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class) || hasCause(e, NoRouteToHostException.class)
        || hasCause(e, SSLException.class)) {
      return new UserError(ExitCode.AWS_ACCESS, "Cannot reach " + endpoint + " for " + action + " (" + rootMessage(e) + "). Check --endpoint-url / "
          + "AWS_ENDPOINT_URL if you meant a local endpoint, otherwise the network, DNS and any HTTPS_PROXY, and that region " + region
          + " offers the service.", e);
    }
    return new UserError(ExitCode.FAILURE, action + " in " + region + " failed before AWS answered: " + e.getMessage(), e);
  }

  /** Reads need only Describe/List/Get; 'tap apply' also needs each action's own permissions. */
  static boolean isReadOnly(String action) {
    String verb = action.substring(action.indexOf(':') + 1);
    return verb.startsWith("Describe") || verb.startsWith("List") || verb.startsWith("Get");
  }

  private static String needs(String action) {
    return isReadOnly(action) ? "tap needs read-only Describe/List/Get permissions and cloudwatch:GetMetricData"
        : "'tap apply' needs the write permissions of the actions it carries out, listed per action in docs/aws-adapters.md";
  }

  private static UserError credentials(String action, String region, String detail, Throwable e) {
    return new UserError(ExitCode.AWS_ACCESS, "No valid AWS credentials for " + action + " in " + region + " (" + detail + "). Configure them as for "
        + "the AWS CLI: pass --aws-profile NAME or set AWS_PROFILE for a profile in ~/.aws/config (for IAM Identity Center run "
        + "'aws sso login --profile NAME' first, and again when the session expires), or export AWS_ACCESS_KEY_ID and "
        + "AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary credentials). 'aws sts get-caller-identity' shows whether they work.", e);
  }

  /** The SDK reports credential-chain failures only as client exceptions with these phrases. */
  private static boolean isCredentialsProblem(SdkException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("Unable to load credentials") || m.contains("contained no credentials") || m.contains("Profile file")
        || m.contains("SSO session") || m.contains("The SSO session") || m.contains("profile") && m.contains("not found")
        || m.contains("credential") && m.contains("expired");
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) c = c.getCause();
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }
}
