package dev.tap.optimizer.loadtest;

/** Reads a secret's text by ARN; Secrets Manager in production ({@link LoadTestAccount}), a map in tests. */
@FunctionalInterface
public interface SecretSource {

  String secretString(String arn);
}
