package dev.tap.optimizer.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.org.Failures.Step;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The error code and the step that met it decide the reason a report gives. */
class FailuresTest {

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "ASSUME_ROLE, AccessDenied,              ROLE_NOT_ASSUMABLE",
      "IN_ACCOUNT,  AccessDenied,              ACCESS_DENIED",
      "IN_ACCOUNT,  AccessDeniedException,     ACCESS_DENIED",
      "IN_ACCOUNT,  UnauthorizedOperation,     ACCESS_DENIED",
      "IN_ACCOUNT,  AuthorizationError,        ACCESS_DENIED",
      "ASSUME_ROLE, RegionDisabledException,   REGION_NOT_ENABLED",
      "IN_ACCOUNT,  OptInRequired,             REGION_NOT_ENABLED",
      "IN_ACCOUNT,  Throttling,                OTHER",
      "ASSUME_ROLE, ExpiredToken,              OTHER",
      "IN_ACCOUNT,  InternalFailure,           OTHER",
      "IN_ACCOUNT,  '',                        OTHER",
      "IN_ACCOUNT,  null,                      OTHER",
      // a code is matched whole: one that only contains a known one is something else
      "IN_ACCOUNT,  AccessDeniedForDryRun,     OTHER"})
  void classifies(Step step, String code, FailureReason reason) {
    assertThat(Failures.classify(step, code)).isEqualTo(reason);
  }
}
