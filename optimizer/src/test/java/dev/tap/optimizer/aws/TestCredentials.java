package dev.tap.optimizer.aws;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Static test credentials for a command that builds its clients from the default chain, like a
 * user's shell ({@code @ExtendWith(TestCredentials.class)}): set as system properties before each
 * test, with the profile files pointed at nothing so the machine's ~/.aws is never read, and
 * cleared after it.
 */
public final class TestCredentials implements BeforeEachCallback, AfterEachCallback {
  private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.configFile", "aws.sharedCredentialsFile");

  @Override
  public void beforeEach(ExtensionContext context) {
    Path nowhere = Path.of(System.getProperty("java.io.tmpdir"), "tap-test-no-aws-profile-files");
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("aws.configFile", nowhere.resolve("config").toString());
    System.setProperty("aws.sharedCredentialsFile", nowhere.resolve("credentials").toString());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PROPERTIES.forEach(System::clearProperty);
  }
}
