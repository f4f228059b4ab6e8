package dev.tap.blueprints.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * N identical Lambda functions named {@code tap-{suffix}-{blueprint}-fn-1..N}, each with its own role, its own
 * KMS-encrypted log group, reserved concurrency, and provisioned concurrency on a {@value #ALIAS} alias.
 */
public final class LambdaFleet extends Construct {
  /** Provisioned concurrency attaches to a version or alias, never to $LATEST. */
  public static final String ALIAS = "live";

  /**
   * @param vpc where the functions run (private subnets); null = outside any VPC
   * @param environment environment variables given to every function
   */
  public record Props(Names names, int count, int memoryMb, Duration timeout, int reservedConcurrency,
      int provisionedConcurrency, RetentionDays logRetention, IKey logKey, IVpc vpc, Map<String, String> environment,
      RemovalPolicy removalPolicy) {
    public Props {
      if (count < 1) throw new IllegalArgumentException("function count must be at least 1, got " + count);
      if (reservedConcurrency < 1) throw new IllegalArgumentException("reserved concurrency must be at least 1 (0 would stop the functions), got " + reservedConcurrency);
      if (memoryMb < 128 || memoryMb > 10240) throw new IllegalArgumentException("memory must be 128-10240 MB, got " + memoryMb);
      if (provisionedConcurrency > reservedConcurrency) {
        throw new IllegalArgumentException("provisioned concurrency " + provisionedConcurrency
            + " exceeds reserved concurrency " + reservedConcurrency + ": Lambda rejects it");
      }
      environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
  }

  /**
   * The handler a load test drives (SPEC O9): it burns the CPU for the requested number of SHA-256
   * rounds (default 1000, capped) and reports how long that took, so latency tracks the memory size.
   */
  static final String HANDLER_SOURCE = String.join("\n",
      "import hashlib, json, os, time",
      "",
      "MAX_ROUNDS = 5_000_000",
      "",
      "def handler(event, context):",
      "    rounds = min(int((event or {}).get('rounds', 1000)), MAX_ROUNDS)",
      "    started = time.perf_counter()",
      "    digest = b'tap'",
      "    for _ in range(rounds):",
      "        digest = hashlib.sha256(digest).digest()",
      "    elapsed_ms = (time.perf_counter() - started) * 1000.0",
      "    return {'function': os.environ.get('AWS_LAMBDA_FUNCTION_NAME'), 'rounds': rounds,",
      "            'elapsedMs': round(elapsed_ms, 3), 'digest': digest.hex()}",
      "");

  private final List<Function> functions = new ArrayList<>();
  private final List<Alias> aliases = new ArrayList<>();
  private final ISecurityGroup securityGroup;

  public LambdaFleet(Construct scope, String id, Props props) {
    super(scope, id);
    securityGroup = props.vpc() == null ? null : SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(props.vpc())
        .description("Functions " + props.names().of("fn") + "-*")
        .allowAllOutbound(true)
        .build();

    for (int i = 1; i <= props.count(); i++) {
      String name = props.names().of("fn", String.valueOf(i));
      LogGroup logs = LogGroup.Builder.create(this, "Logs" + i)
          .logGroupName("/aws/lambda/" + name)
          .retention(props.logRetention())
          .encryptionKey(props.logKey())
          .removalPolicy(props.removalPolicy())
          .build();
      Role role = Role.Builder.create(this, "Role" + i)
          .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
          .description("Runs " + name + ": writes its own log group" + (props.vpc() == null ? "" : ", manages its VPC network interfaces"))
          .build();
      logs.grantWrite(role);
      if (props.vpc() != null) {
        // the EC2 network-interface actions a VPC function needs accept no resource-level scoping
        role.addToPolicy(PolicyStatement.Builder.create()
            .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
            .resources(List.of("*"))
            .build());
        Nag.suppressMatching(role, "AwsSolutions-IAM5", "^Resource::\\*$",
            "The EC2 network-interface actions a VPC function needs support no resource-level permissions.");
      }
      role.applyRemovalPolicy(props.removalPolicy());

      Function.Builder fb = Function.Builder.create(this, "Function" + i)
          .functionName(name)
          .runtime(Runtime.PYTHON_3_14)
          .handler("index.handler")
          .code(Code.fromInline(HANDLER_SOURCE))
          .memorySize(props.memoryMb())
          .timeout(props.timeout())
          .reservedConcurrentExecutions(props.reservedConcurrency())
          .role(role)
          .logGroup(logs)
          .environment(props.environment())
          // versions are kept by default; they go with the function when it goes
          .currentVersionOptions(VersionOptions.builder().removalPolicy(props.removalPolicy()).build());
      if (props.vpc() != null) {
        fb.vpc(props.vpc())
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
            .securityGroups(List.of(securityGroup));
      }
      // cfn-lint W3005 (DependsOn the role besides the GetAtt): CDK makes a VPC function wait for its
      // role explicitly; the duplicate is harmless and kept.
      Function fn = fb.build();
      fn.applyRemovalPolicy(props.removalPolicy());
      Alias.Builder alias = Alias.Builder.create(this, "Alias" + i).aliasName(ALIAS).version(fn.getCurrentVersion());
      // zero means none: Lambda rejects a provisioned-concurrency configuration of 0
      if (props.provisionedConcurrency() > 0) alias.provisionedConcurrentExecutions(props.provisionedConcurrency());
      functions.add(fn);
      aliases.add(alias.build());
    }
  }

  /** LambdaFunctionNames: comma-separated, in order. */
  public void addOutputs(StackOutputs o) {
    o.addList("LambdaFunctionNames", functionNames(), "Lambda function names, comma-separated");
  }

  public List<Function> functions() {
    return List.copyOf(functions);
  }

  public List<Alias> aliases() {
    return List.copyOf(aliases);
  }

  /** Physical function names, in order. */
  public List<String> functionNames() {
    return functions.stream().map(Function::getFunctionName).toList();
  }

  /** The functions' security group, or null when they run outside a VPC. */
  public ISecurityGroup securityGroup() {
    return securityGroup;
  }
}
