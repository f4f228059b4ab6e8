package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** How AWS error codes map to a paragraph and an exit code. */
class AwsErrorsTest {

  static AwsServiceException error(String code, int status) {
    return AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("the message").serviceName("RDS").build()).build();
  }

  @ParameterizedTest(name = "{0} HTTP {1}")
  @CsvSource({
      "AccessDenied, 403, AWS_ACCESS, AWS denied rds:DescribeDBClusters in us-east-1",
      "AccessDeniedException, 400, AWS_ACCESS, AWS denied rds:DescribeDBClusters",
      "UnauthorizedOperation, 403, AWS_ACCESS, AWS denied rds:DescribeDBClusters",
      "SomethingNew, 403, AWS_ACCESS, AWS denied rds:DescribeDBClusters",
      "ExpiredToken, 403, AWS_ACCESS, No valid AWS credentials",
      "InvalidClientTokenId, 403, AWS_ACCESS, No valid AWS credentials",
      "UnrecognizedClientException, 400, AWS_ACCESS, No valid AWS credentials",
      "Throttling, 400, AWS_ACCESS, AWS kept throttling rds:DescribeDBClusters in us-east-1 through 6 attempts",
      "RequestLimitExceeded, 503, AWS_ACCESS, AWS kept throttling",
      "ThrottlingException, 400, AWS_ACCESS, AWS kept throttling",
      "InvalidParameterValue, 400, FAILURE, AWS answered rds:DescribeDBClusters in us-east-1 with HTTP 400",
  })
  void serviceErrors(String code, int status, ExitCode exit, String message) {
    UserError e = AwsErrors.toUserError(error(code, status), "rds:DescribeDBClusters", "us-east-1", "https://rds.us-east-1.amazonaws.com", 6);

    assertThat(e.exitCode()).isEqualTo(exit);
    assertThat(e.getMessage()).contains(message).contains(code).contains("the message");
  }

  @ParameterizedTest(name = "{0} HTTP {1} -> {2}")
  @CsvSource({
      "DBClusterNotFoundFault, 404, true",
      "ResourceNotFoundException, 400, true",
      "ReplicationGroupNotFoundFault, 404, true",
      "'', 404, true",
      "'', 500, false",
      "AccessDenied, 403, false",
  })
  void notFound(String code, int status, boolean notFound) {
    assertThat(AwsErrors.isNotFound(error(code, status))).isEqualTo(notFound);
  }

  /** The codes are org.Failures' list: the adapters and the organisation report agree on what "denied" is. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "AccessDenied, true",
      "AccessDeniedException, true",
      "UnauthorizedOperation, true",
      "Client.UnauthorizedOperation, true",
      "AuthorizationError, true",
      "ExpiredToken, false",
      "AccessDeniedForDryRun, false",
      "'', false",
  })
  void accessDenied(String code, boolean denied) {
    assertThat(AwsErrors.isAccessDenied(error(code, 400))).isEqualTo(denied);
    assertThat(dev.tap.optimizer.org.Failures.isAccessDenied(code)).isEqualTo(denied);
  }
}
