package dev.tap.optimizer.org;

import java.util.Set;

/** Classifies an AWS error code, by the step that met it, into a {@link FailureReason}. */
public final class Failures {
  private Failures() {}

  /** Where the error happened: assuming the member role, or reading inside the account with it. */
  public enum Step { ASSUME_ROLE, IN_ACCOUNT }

  /** The codes AWS services answer a call the caller's credentials are refused with; the one list (aws.AwsErrors reads it too). */
  static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException",
      "AuthorizationError", "Client.UnauthorizedOperation");
  /** STS in a region where it is deactivated, and the services' answer in a region the account has not opted in to. */
  static final Set<String> REGION_OFF = Set.of("RegionDisabledException", "RegionDisabled", "OptInRequired", "Client.OptInRequired");

  /** The code says the caller is not allowed the call (matched whole; a bad signature or expired token is something else). */
  public static boolean isAccessDenied(String code) {
    return code != null && DENIED.contains(code);
  }

  /** {@code code} is the AWS error code, empty or null when the call got no answer. */
  public static FailureReason classify(Step step, String code) {
    String c = code == null ? "" : code;
    if (REGION_OFF.contains(c)) return FailureReason.REGION_NOT_ENABLED;
    if (isAccessDenied(c)) return step == Step.ASSUME_ROLE ? FailureReason.ROLE_NOT_ASSUMABLE : FailureReason.ACCESS_DENIED;
    return FailureReason.OTHER;
  }
}
