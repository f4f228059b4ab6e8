package dev.tap.optimizer.aws;

import static dev.tap.optimizer.model.ConfigKeys.*;

import dev.tap.optimizer.family.lambda.LambdaFamily;
import dev.tap.optimizer.model.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigListItem;

/** A Lambda function: memory, timeout, reserved and provisioned concurrency. */
final class LambdaReader implements FamilyReader {
  private final AwsClients aws;

  LambdaReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Optional<Resource> read(Target t, String region, List<String> problems) {
    var lambda = aws.lambda(region);
    Optional<GetFunctionConfigurationResponse> found = aws.callIfFound("lambda:GetFunctionConfiguration", region,
        () -> lambda.getFunctionConfiguration(r -> r.functionName(t.id())));
    if (found.isEmpty()) return Optional.empty();
    GetFunctionConfigurationResponse f = found.get();

    Map<String, String> config = new LinkedHashMap<>();
    config.put(MEMORY_MB, String.valueOf(f.memorySize()));
    config.put(TIMEOUT_S, String.valueOf(f.timeout()));
    // no reserved concurrency means the function shares the account's pool: the key stays absent (0 would mean "throttled")
    Integer reserved = aws.call("lambda:GetFunctionConcurrency", region, () -> lambda.getFunctionConcurrency(r -> r.functionName(f.functionName())).reservedConcurrentExecutions());
    if (reserved != null) config.put(RESERVED_CONCURRENCY, String.valueOf(reserved));
    Optional<List<ProvisionedConcurrencyConfigListItem>> provisioned = aws.callIfFound("lambda:ListProvisionedConcurrencyConfigs", region,
        () -> lambda.listProvisionedConcurrencyConfigsPaginator(r -> r.functionName(f.functionName())).provisionedConcurrencyConfigs().stream().toList());
    provisioned.ifPresentOrElse(
        l -> config.put(PROVISIONED_CONCURRENCY, String.valueOf(l.stream().mapToInt(ProvisionedConcurrencyConfigListItem::requestedProvisionedConcurrentExecutions).sum())),
        () -> problems.add("the endpoint did not serve lambda:ListProvisionedConcurrencyConfigs for function " + f.functionName()
            + ": its provisioned concurrency is not inventoried"));

    Map<String, String> tags = new TreeMap<>(aws.call("lambda:ListTags", region, () -> lambda.listTags(r -> r.resource(f.functionArn())).tags()));
    return Optional.of(new Resource(f.functionName(), LambdaFamily.LAMBDA, region, f.functionArn(), config, tags));
  }
}
