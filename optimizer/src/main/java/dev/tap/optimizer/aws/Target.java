package dev.tap.optimizer.aws;

import dev.tap.optimizer.model.Family;
import java.util.Map;

/**
 * One resource the inventory was asked to describe: its family, identifier (name, id or ARN as
 * the family's describe call takes it), region (null: {@code --region} or the SDK's chain), where
 * the request came from (for problem messages), outputs to cross-check against what AWS says, and
 * whether it was discovered by a tag search rather than named by the user (then an Aurora member
 * instance is expected and skipped quietly: its cluster is inventoried instead).
 */
record Target(Family family, String id, String region, String origin, Map<String, String> expect, boolean discovered) {
  Target {
    expect = Map.copyOf(expect);
  }

  Target(Family family, String id, String region, String origin, Map<String, String> expect) {
    this(family, id, region, origin, expect, false);
  }

  Target(Family family, String id, String region, String origin) {
    this(family, id, region, origin, Map.of(), false);
  }
}
