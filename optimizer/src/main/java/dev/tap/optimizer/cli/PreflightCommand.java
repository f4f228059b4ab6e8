package dev.tap.optimizer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.aws.AwsAccountQuotas;
import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.preflight.Check;
import dev.tap.optimizer.preflight.Preflight;
import dev.tap.optimizer.preflight.PreflightReport;
import dev.tap.optimizer.preflight.QuotaNeeds;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tap preflight BLUEPRINT}: synthesizes the blueprint, reads what its templates ask of the
 * account's quotas and compares that with Service Quotas and what the region already uses. Reads
 * only; exits 4 when a stack would not fit.
 */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description = {
      "Before a first deploy: will the blueprint fit the account's quotas? Synthesizes BLUEPRINT (trading, saas, staging, ml)",
      "as 'tap synth' does, reads from each stack's template what it takes of each quota (On-Demand vCPUs per instance class,",
      "Elastic IPs, NAT gateways per zone, VPCs, Lambda concurrency, ElastiCache, DAX and RDS nodes), and compares it with",
      "the quota in Service Quotas (the applied value, else AWS's default, marked *) plus what the region already uses",
      "(describe calls). Prints what fits, what is short and by how much, and the 'aws service-quotas",
      "request-service-quota-increase' line for each quota to raise. Changes nothing.",
    },
    footer = {
      "",
      "Examples:",
      "  tap preflight trading --aws-profile prod",
      "  tap preflight saas -c saas.natGateways=3 --aws-profile prod",
      "  tap preflight trading --cdk-out blueprints/cdk.out --region us-east-2   # an assembly already synthesized, another region",
      "",
      "Exit codes: 0 everything fits, 4 a quota is short (the request lines say what to ask for), 2 bad input, 3 AWS access.",
      "Permissions: tap iam-policy --for preflight.",
    })
public final class PreflightCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BLUEPRINT", description = "trading, saas, staging or ml.")
  String blueprint;

  @Option(names = {"-c", "--context"}, paramLabel = "KEY=VALUE",
      description = "CDK context value, as for 'tap synth -c' (repeatable): the sizes to check are those you will deploy.")
  List<String> context = new ArrayList<>();

  @Option(names = "--cdk-out", paramLabel = "DIR",
      description = "Read this already-synthesized cloud assembly (cdk.out) instead of synthesizing; -c is then not allowed.")
  Path cdkOut;

  @Mixin AwsOptionsMixin aws;

  static final List<String> BLUEPRINTS = List.of("trading", "saas", "staging", "ml");

  /** A stack of the assembly: its name, region and template. */
  record Stack(String name, String region, Map<String, Object> template) {}

  @Override
  public Integer call() throws Exception {
    if (!BLUEPRINTS.contains(blueprint)) {
      throw new UserError(ExitCode.BAD_INPUT, "unknown blueprint '" + blueprint + "'. Use one of " + String.join(", ", BLUEPRINTS) + ".");
    }
    if (cdkOut != null && !context.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, "-c changes what is synthesized, and --cdk-out " + cdkOut + " skips synthesis: drop one of them.");
    }
    Path assembly = cdkOut;
    if (assembly == null) {
      List<String> ctx = new ArrayList<>(context);
      ctx.add("blueprints=" + blueprint);
      assembly = SynthCommand.synthesize(ctx);
    }
    List<Stack> stacks = stacks(assembly, blueprint);
    List<String> regions = stacks.stream().map(Stack::region).filter(java.util.Objects::nonNull).distinct().toList();
    if (aws.options().region() != null && regions.size() > 1) {
      // each stack is checked alone against its region's usage: folding several into one region would undercount
      throw new UserError(ExitCode.BAD_INPUT, blueprint + " deploys stacks in " + String.join(", ", regions) + "; --region " + aws.options().region()
          + " would check them all in one region, each alone. Drop --region: each stack is checked in its own region (set the regions with"
          + " the blueprint's context keys, e.g. -c " + blueprint + ".region=...).");
    }
    PrintWriter out = spec.commandLine().getOut();
    boolean allFit = true;
    try (AwsClients clients = AwsClients.create(aws.options())) {
      AwsAccountQuotas account = new AwsAccountQuotas(clients);
      var caller = clients.callerIdentity(stacks.get(0).region());
      out.println("tap preflight " + blueprint + ": account " + caller.account() + " (" + caller.arn() + ")");
      for (Stack s : stacks) {
        String region = clients.region(s.region());
        QuotaNeeds needs = QuotaNeeds.of(s.name(), region, s.template());
        List<Check> checks = Preflight.check(needs, region, account);
        out.println();
        out.print(PreflightReport.render(s.name(), region, checks));
        allFit &= checks.stream().noneMatch(c -> c.result() == Check.Result.SHORT);
      }
    }
    out.println();
    out.println(allFit ? "Every quota that could be checked fits." : "Some quotas are short: the stack would fail part-way. Request the increases above, then run tap preflight again.");
    out.flush();
    return allFit ? ExitCode.OK.code : ExitCode.REFUSED.code;
  }

  /** The blueprint's stacks in a cloud assembly, from its manifest: name {@code Tap-<blueprint>-...}, region from the environment. */
  @SuppressWarnings("unchecked")
  static List<Stack> stacks(Path assembly, String blueprint) throws IOException {
    Path manifest = assembly.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      throw new UserError(ExitCode.BAD_INPUT, assembly + " holds no manifest.json: it is not a synthesized cloud assembly. Run 'tap synth -c blueprints="
          + blueprint + "' or drop --cdk-out.");
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode artifacts = json.readTree(manifest.toFile()).path("artifacts");
    List<Stack> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (var it = artifacts.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode a = e.getValue();
      if (!"aws:cloudformation:stack".equals(a.path("type").asText())) continue;
      String name = a.path("properties").path("stackName").asText(e.getKey());
      seen.add(name);
      if (!name.startsWith("Tap-" + blueprint + "-")) continue;
      String env = a.path("environment").asText("");
      String region = env.substring(env.lastIndexOf('/') + 1);
      Path template = assembly.resolve(a.path("properties").path("templateFile").asText(e.getKey() + ".template.json"));
      out.add(new Stack(name, region.startsWith("unknown") ? null : region, json.readValue(template.toFile(), Map.class)));
    }
    if (out.isEmpty()) {
      throw new UserError(ExitCode.BAD_INPUT, assembly + " holds no stack of blueprint " + blueprint + " (stacks: " + (seen.isEmpty() ? "none" : String.join(", ", seen))
          + "). Synthesize it: tap synth -c blueprints=" + blueprint + ".");
    }
    return out;
  }
}
