package dev.tap.optimizer.pricing;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** How the pricing adapters tell "no credentials", "denied" and "unreachable" apart. */
final class AwsFailures {
  private AwsFailures() {}

  /** Denied by IAM, or the credentials are not valid. */
  static boolean refusedAccess(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    return e.statusCode() == 401 || e.statusCode() == 403 || code.contains("AccessDenied")
        || code.equals("UnrecognizedClientException") || code.equals("InvalidSignatureException")
        || code.equals("ExpiredTokenException");
  }

  /** "no credentials" or "unreachable", with what to do. */
  static String clientProblem(String service, SdkClientException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("credentials") || m.contains("Credentials")) {
      return "no AWS credentials found for " + service + ": set AWS_PROFILE or pass --aws-profile, "
          + "or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (" + firstLine(m) + ")";
    }
    return service + " is unreachable: " + firstLine(m) + ". Check the network, proxy and endpoint, then try again.";
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
