package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** What the user sees when AWS cannot be reached or used: one paragraph, the right exit code. */
class AwsClientsTest {

  @TempDir Path dir;

  @Test
  void unknownRegionIsBadInput() {
    assertThatThrownBy(() -> AwsClients.create(new AwsOptions(null, "us-esat-1", null)))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("Unknown AWS region 'us-esat-1' (from --region)")
        .hasMessageContaining("us-east-1");
  }

  @Test
  void unknownRegionFromTheOutputsIsBadInput() {
    try (AwsClients aws = AwsClients.create(new AwsOptions(null, null, "http://127.0.0.1:1"))) {
      assertThatThrownBy(() -> aws.region("mars-north-1"))
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
          .hasMessageContaining("Unknown AWS region 'mars-north-1' (from the outputs or ARN)");
    }
  }

  @Test
  void regionPrecedenceIsFlagThenResourceRegion() {
    try (AwsClients flag = AwsClients.create(new AwsOptions(null, "eu-west-1", null));
        AwsClients none = AwsClients.create(new AwsOptions(null, null, null))) {
      assertThat(flag.region("us-east-1")).isEqualTo("eu-west-1");
      assertThat(none.region("us-west-2")).isEqualTo("us-west-2");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:5000", "ftp://127.0.0.1", "http://"})
  void endpointUrlMustBeHttpWithAHost(String url) {
    assertThatThrownBy(() -> new AwsOptions(null, null, url))
        .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT))
        .hasMessageContaining("--endpoint-url " + url + " is not a URL");
  }

  @Test
  void unreachableEndpointIsNamed() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    try (AwsClients aws = new AwsClients(new AwsOptions(null, "us-east-1", url), MotoServer.credentials(), 2, BackoffStrategy.retryImmediately())) {
      assertThatThrownBy(aws::callerIdentity)
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS))
          .hasMessageContaining("Cannot reach " + url + " (--endpoint-url) for sts:GetCallerIdentity")
          .hasMessageContaining("Check --endpoint-url");
    }
  }

  @Test
  void missingCredentialsSayHowToConfigureThem() throws IOException {
    Path config = Files.writeString(dir.resolve("config"), "[profile ops]\nregion = us-east-1\n");
    ProfileCredentialsProvider noKeys = ProfileCredentialsProvider.builder()
        .profileFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build()).profileName("ops").build();
    try (ServedAws served = new ServedAws();
        AwsClients aws = new AwsClients(new AwsOptions("ops", "us-east-1", served.url()), noKeys, 2, BackoffStrategy.retryImmediately())) {
      assertThatThrownBy(aws::callerIdentity)
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_ACCESS))
          .hasMessageContaining("No valid AWS credentials for sts:GetCallerIdentity in us-east-1")
          .hasMessageContaining("--aws-profile NAME or set AWS_PROFILE")
          .hasMessageContaining("aws sso login --profile NAME");
      assertThat(served.requests()).isEmpty();
    }
  }

  @Test
  void callerIdentityIsAskedOnceAndExposed() {
    try (ServedAws served = new ServedAws()) {
      served.answerCallerIdentity();
      try (AwsClients aws = served.clients("us-east-1", 2)) {
        assertThat(aws.callerIdentity()).isEqualTo(new CallerIdentity("111122223333", "arn:aws:sts::111122223333:assumed-role/tap-readonly/sre-session",
            "AROAEXAMPLEID:sre-session"));
        assertThat(aws.callerIdentity().account()).isEqualTo("111122223333");
      }
      assertThat(served.requests()).hasSize(1);
      assertThat(served.requests().get(0).form()).containsEntry("Action", "GetCallerIdentity");
    }
  }
}
