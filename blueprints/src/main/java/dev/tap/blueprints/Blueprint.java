package dev.tap.blueprints;

import dev.tap.blueprints.shared.BlueprintContext;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/** One TAP platform: defines its stack(s) in the app from the validated context. */
@FunctionalInterface
public interface Blueprint {
  List<Stack> define(App app, BlueprintContext context);
}
