package dev.tap.optimizer.aws;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.loadtest.LoadTarget;
import dev.tap.optimizer.loadtest.LoadTestAccount;
import java.time.Duration;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** {@link LoadTestAccount} over the SDK clients of one {@link AwsClients}, which the caller closes. */
public final class AwsLoadTestAccount implements LoadTestAccount {
  private final AwsClients aws;

  public AwsLoadTestAccount(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Caller caller(String regionHint) {
    CallerIdentity me = aws.callerIdentity(regionHint);
    return new Caller(me.account(), me.arn());
  }

  /** Secrets Manager GetSecretValue in the ARN's region (unless --region says otherwise). */
  @Override
  public String secretString(String arn) {
    String[] parts = arn.split(":", 7);
    if (parts.length < 7 || !parts[0].equals("arn") || !parts[2].equals("secretsmanager")) {
      throw new UserError(ExitCode.BAD_INPUT, "'" + arn + "' is not a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME).");
    }
    String region = aws.region(parts[3]);
    String s = aws.call("secretsmanager:GetSecretValue", region,
        () -> aws.secretsManager(region).getSecretValue(GetSecretValueRequest.builder().secretId(arn).build()).secretString());
    if (s == null) throw new UserError(ExitCode.BAD_INPUT, "secret " + arn + " has no text value (it holds binary data); the load test needs the JSON that RDS or the blueprint stores.");
    return s;
  }

  @Override
  public LoadTarget lambda(String name, String function, String region, String payload, Duration timeout) {
    return new AwsLambdaTarget(name, function, region, aws, payload, timeout);
  }
}
