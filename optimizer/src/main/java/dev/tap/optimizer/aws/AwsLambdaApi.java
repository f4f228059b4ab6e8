package dev.tap.optimizer.aws;

import static dev.tap.optimizer.aws.AwsActionCalls.act;
import static dev.tap.optimizer.aws.AwsActionCalls.run;

import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.family.lambda.LambdaApi;
import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.model.Resource;
import java.util.List;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigListItem;

/** Lambda memory and concurrency with the AWS SDK. */
public final class AwsLambdaApi implements LambdaApi {
  private final AwsClients aws;
  private final LambdaReader reader;

  public AwsLambdaApi(AwsClients aws) {
    this.aws = aws;
    this.reader = new LambdaReader(aws);
  }

  @Override
  public Resource describeFunction(String functionName, String region) {
    return AwsActionCalls.describe(reader, LambdaFamily.LAMBDA, functionName, region);
  }

  @Override
  public void setMemory(String functionName, String region, int memoryMb) {
    run(aws, "lambda:UpdateFunctionConfiguration", region,
        () -> aws.lambda(region).updateFunctionConfiguration(r -> r.functionName(functionName).memorySize(memoryMb)));
  }

  @Override
  public void setReservedConcurrency(String functionName, String region, Integer reserved) {
    if (reserved == null) {
      run(aws, "lambda:DeleteFunctionConcurrency", region, () -> aws.lambda(region).deleteFunctionConcurrency(r -> r.functionName(functionName)));
    } else {
      run(aws, "lambda:PutFunctionConcurrency", region,
          () -> aws.lambda(region).putFunctionConcurrency(r -> r.functionName(functionName).reservedConcurrentExecutions(reserved)));
    }
  }

  /** On the one alias or version that already has provisioned concurrency (the blueprint's live alias). */
  @Override
  public void setProvisionedConcurrency(String functionName, String region, int provisioned) {
    List<ProvisionedConcurrencyConfigListItem> configs = act(aws, "lambda:ListProvisionedConcurrencyConfigs", region,
        () -> aws.lambda(region).listProvisionedConcurrencyConfigs(r -> r.functionName(functionName)).provisionedConcurrencyConfigs());
    if (configs.size() != 1) {
      throw new ActionFailedException(functionName + " has provisioned concurrency on " + configs.size()
          + " aliases/versions; TAP changes it only where exactly one has it");
    }
    String qualifier = configs.get(0).functionArn().substring(configs.get(0).functionArn().lastIndexOf(':') + 1);
    if (provisioned == 0) {
      run(aws, "lambda:DeleteProvisionedConcurrencyConfig", region,
          () -> aws.lambda(region).deleteProvisionedConcurrencyConfig(r -> r.functionName(functionName).qualifier(qualifier)));
    } else {
      run(aws, "lambda:PutProvisionedConcurrencyConfig", region, () -> aws.lambda(region).putProvisionedConcurrencyConfig(
          r -> r.functionName(functionName).qualifier(qualifier).provisionedConcurrentExecutions(provisioned)));
    }
  }
}
