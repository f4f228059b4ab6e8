package dev.tap.blueprints;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.blueprints.shared.ContextException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * The CDK app: synthesizes the selected blueprints and prints each stack with its resource count.
 *
 * <p>Context comes from, lowest precedence first: blueprints/cdk.json (when not run by the CDK CLI,
 * which passes it itself), the CDK CLI's {@code -c}, and this program's own {@code -c key=value}
 * arguments (what {@code tap synth -c} passes through {@code -Dexec.args}).
 */
public final class TapApp {
  private TapApp() {}

  public static void main(String[] args) {
    try {
      run(args, System.out);
    } catch (ContextException e) {
      System.err.println("synth: " + e.getMessage());
      System.exit(2);
    } catch (UsageException e) {
      System.err.println("synth: " + e.getMessage());
      System.exit(2);
    } catch (SynthesisErrors e) {
      System.err.println("synth: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Synthesizes and returns the assembly; printed lines go to {@code out}. */
  public static CloudAssembly run(String[] args, PrintStream out) {
    App.Builder builder = App.Builder.create().postCliContext(parseContextArgs(args));
    boolean underCdkCli = System.getenv("CDK_CONTEXT_JSON") != null || System.getenv("CDK_OUTDIR") != null;
    if (!underCdkCli) {
      Map<String, Object> context = new LinkedHashMap<>();
      // the CDK CLI turns on construct-path metadata by default: do the same so both write the same templates
      context.put("aws:cdk:enable-path-metadata", true);
      context.putAll(cdkJsonContext(Path.of(System.getProperty("tap.cdkJson", "cdk.json"))));
      builder.context(context);
      Path outdir = Path.of(System.getProperty("tap.outdir", "cdk.out"));
      clearAssembly(outdir);
      builder.outdir(outdir.toString());
    }
    App app = builder.build();
    List<Stack> stacks = BlueprintRegistry.standard().define(app);
    CloudAssembly assembly = app.synth();
    for (Stack stack : stacks) {
      CloudFormationStackArtifact artifact = assembly.getStackByName(stack.getStackName());
      out.printf("%-28s %-12s %4d resources  %s%n", stack.getStackName(), stack.getRegion(), resourceCount(artifact),
          Path.of(assembly.getDirectory()).resolve(artifact.getTemplateFile()));
    }
    List<String> errors = errors(assembly);
    if (!errors.isEmpty()) {
      throw new SynthesisErrors(errors.size() + " error(s) in the synthesized stacks (cdk-nag findings need a fix or a"
          + " suppression with its reason, Nag.suppress):\n  " + String.join("\n  ", errors));
    }
    return assembly;
  }

  /** The error annotations of every stack (unsuppressed cdk-nag findings among them): construct path and message. */
  static List<String> errors(CloudAssembly assembly) {
    List<String> out = new ArrayList<>();
    for (CloudFormationStackArtifact stack : assembly.getStacks()) {
      for (SynthesisMessage m : stack.getMessages()) {
        if (m.getLevel() == SynthesisMessageLevel.ERROR) out.add(m.getId() + ": " + m.getEntry().getData());
      }
    }
    return out;
  }

  /**
   * Empties a previous cloud assembly (a directory holding manifest.json), so that cdk.out holds
   * exactly the stacks of this synthesis and no template of an earlier suffix or blueprint selection.
   */
  static void clearAssembly(Path outdir) {
    if (!Files.isRegularFile(outdir.resolve("manifest.json"))) return;
    try (var paths = Files.walk(outdir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(outdir)) Files.delete(p);
      }
    } catch (IOException e) {
      throw new UsageException("cannot clear the previous synthesis in " + outdir + ": " + e.getMessage() + "; delete it and run again");
    }
  }

  static int resourceCount(CloudFormationStackArtifact artifact) {
    Object resources = ((Map<?, ?>) artifact.getTemplate()).get("Resources");
    return resources instanceof Map<?, ?> m ? m.size() : 0;
  }

  /** {@code -c key=value} / {@code --context key=value} / {@code --context=key=value}, repeatable. */
  static Map<String, Object> parseContextArgs(String[] args) {
    Map<String, Object> context = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String pair;
      if (a.equals("-c") || a.equals("--context")) {
        if (i + 1 >= args.length) throw new UsageException(a + " needs a KEY=VALUE after it");
        pair = args[++i];
      } else if (a.startsWith("--context=")) {
        pair = a.substring("--context=".length());
      } else {
        throw new UsageException("unknown argument '" + a + "'; accepted: -c KEY=VALUE (repeatable)");
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageException("context '" + pair + "' is not KEY=VALUE");
      context.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return context;
  }

  /** The {@code context} object of cdk.json, or nothing when the file is absent. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> cdkJsonContext(Path cdkJson) {
    if (!Files.isRegularFile(cdkJson)) return Map.of();
    try {
      Map<String, Object> json = new ObjectMapper().readValue(cdkJson.toFile(), Map.class);
      Object context = json.get("context");
      return context instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    } catch (IOException e) {
      throw new UsageException(cdkJson + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Error annotations in the synthesized stacks. */
  static final class SynthesisErrors extends RuntimeException {
    SynthesisErrors(String message) {
      super(message);
    }
  }

  /** A malformed command line or cdk.json. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
