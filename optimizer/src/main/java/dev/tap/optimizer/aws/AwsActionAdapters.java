package dev.tap.optimizer.aws;

import dev.tap.optimizer.exec.ActionRegistry;
import dev.tap.optimizer.exec.FamilyActions;
import java.util.ArrayList;
import java.util.List;

/** The families whose actions TAP can carry out on AWS, each through its SDK adapter. */
final class AwsActionAdapters {
  private AwsActionAdapters() {}

  static ActionRegistry registry(AwsClients clients) {
    List<FamilyActions> families = new ArrayList<>();
    return new ActionRegistry(families);
  }
}
