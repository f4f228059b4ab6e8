package dev.tap.optimizer.family.lambda;

import dev.tap.optimizer.model.Resource;

/** What the executor asks of a Lambda function, in domain verbs. */
public interface LambdaApi {

  /** The function with {@code memoryMb}, {@code reservedConcurrency} (absent when unreserved), {@code provisionedConcurrency} and tags. */
  Resource describeFunction(String functionName, String region);

  void setMemory(String functionName, String region, int memoryMb);

  /** {@code null} removes the reservation (the function shares the account's pool). */
  void setReservedConcurrency(String functionName, String region, Integer reserved);

  /** Provisioned concurrency on the function's published alias or version; 0 removes it. */
  void setProvisionedConcurrency(String functionName, String region, int provisioned);
}
