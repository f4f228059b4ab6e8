package dev.tap.blueprints;

import dev.tap.blueprints.control.ControlBlueprint;
import dev.tap.blueprints.ml.MlBlueprint;
import dev.tap.blueprints.saas.SaasBlueprint;
import dev.tap.blueprints.shared.BlueprintContext;
import dev.tap.blueprints.staging.StagingBlueprint;
import dev.tap.blueprints.trading.TradingBlueprint;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;

/** The blueprints TapApp knows, by the name used in context key {@code blueprints}. */
public final class BlueprintRegistry {
  private final Map<String, Blueprint> entries = new LinkedHashMap<>();

  /** Every TAP blueprint, in synthesis order. */
  public static BlueprintRegistry standard() {
    return new BlueprintRegistry()
        // one line per blueprint (name -> definition); saas and staging are added below trading
        .register("trading", new TradingBlueprint())
        .register("saas", new SaasBlueprint())
        .register("staging", new StagingBlueprint())
        .register("ml", new MlBlueprint())
        .register("control", new ControlBlueprint())
        ;
  }

  public BlueprintRegistry register(String name, Blueprint blueprint) {
    if (entries.putIfAbsent(name, blueprint) != null) throw new IllegalArgumentException("blueprint '" + name + "' registered twice");
    return this;
  }

  public List<String> names() {
    return List.copyOf(entries.keySet());
  }

  /**
   * Context key: {@code true} makes cdk-nag also report each suppression it honoured, with its reason
   * (an info message per finding; the tests read them).
   */
  public static final String NAG_LOG_IGNORES = "nag.logIgnores";

  /**
   * Defines the blueprints the context selects (all by default) and returns their stacks. cdk-nag's
   * AwsSolutions checks run as an Aspect on every synthesis, so a user's own change is checked too:
   * an unsuppressed finding is an error annotation, which fails {@code cdk synth} and {@code tap synth}.
   */
  public List<Stack> define(App app) {
    BlueprintContext context = new BlueprintContext(app);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true)
        .logIgnores("true".equals(context.string(NAG_LOG_IGNORES, "false"))).build()));
    List<Stack> stacks = new ArrayList<>();
    for (String name : context.blueprints(names())) stacks.addAll(entries.get(name).define(app, context));
    return stacks;
  }
}
