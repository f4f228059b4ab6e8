package dev.tap.optimizer.loadtest;

import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** Reads a secret's text by ARN; Secrets Manager in production, a map in tests. */
@FunctionalInterface
public interface SecretSource {

  String secretString(String arn);

  /** Secrets Manager GetSecretValue in the ARN's region (unless --region says otherwise). */
  static SecretSource secretsManager(AwsClients aws) {
    return arn -> {
      String[] parts = arn.split(":", 7);
      if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("secretsmanager")) {
        throw new UserError(ExitCode.BAD_INPUT, "'" + arn + "' is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME).");
      }
      String region = aws.region(parts[3]);
      String s = aws.call("secretsmanager:GetSecretValue", region,
          () -> aws.secretsManager(region).getSecretValue(GetSecretValueRequest.builder().secretId(arn).build()).secretString());
      if (s == null) throw new UserError(ExitCode.BAD_INPUT, "secret " + arn + " has no text value (it holds binary data); the load test needs the JSON that RDS or the blueprint stores.");
      return s;
    };
  }
}
