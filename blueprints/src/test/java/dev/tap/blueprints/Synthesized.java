package dev.tap.blueprints;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * One blueprint synthesized once per test JVM (a new App per blueprint, as TapApp builds it through
 * the registry, which applies the cdk-nag AwsSolutions pack, here logging its suppressions) so that CdkNagTest reads the same
 * synthesis the requirement tests assert on. Templates are written to target/cdk-test/<blueprint>.
 */
public final class Synthesized {
  private static final Map<String, Synthesized> CACHE = new ConcurrentHashMap<>();

  public final String blueprint;
  public final List<Stack> stacks;
  public final CloudAssembly assembly;
  private final Map<String, Template> templates = new LinkedHashMap<>();

  private Synthesized(String blueprint) {
    this.blueprint = blueprint;
    App app = App.Builder.create()
        .context(Map.of("blueprints", blueprint, BlueprintRegistry.NAG_LOG_IGNORES, "true"))
        .outdir(Path.of("target", "cdk-test", blueprint).toAbsolutePath().toString())
        .build();
    this.stacks = BlueprintRegistry.standard().define(app);
    this.assembly = app.synth();
    for (Stack s : stacks) templates.put(s.getStackName(), Template.fromStack(s));
  }

  /** The blueprint's synthesis, built on first use. */
  public static synchronized Synthesized of(String blueprint) {
    return CACHE.computeIfAbsent(blueprint, Synthesized::new);
  }

  /** Every registered blueprint, synthesized. */
  public static List<Synthesized> all() {
    return BlueprintRegistry.standard().names().stream().map(Synthesized::of).toList();
  }

  public Template template(String stackName) {
    Template t = templates.get(stackName);
    if (t == null) throw new IllegalArgumentException("no stack " + stackName + " in " + templates.keySet());
    return t;
  }

  /** The blueprint's first (primary) stack's template. */
  public Template primary() {
    return templates.values().iterator().next();
  }

  public Stack primaryStack() {
    return stacks.get(0);
  }
}
