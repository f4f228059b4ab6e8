package dev.tap.optimizer.aws;

import dev.tap.optimizer.model.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Describes one resource of one family with the AWS SDK. */
interface FamilyReader {

  /**
   * The resource as AWS describes it; empty when AWS does not know it, or when the reader skips it
   * and says why in a new entry of {@code problems}. Anything AWS reports that cannot be represented
   * without guessing is added to {@code problems} too.
   */
  Optional<Resource> read(Target target, String region, List<String> problems);

  /** Tags from any SDK tag type. */
  static <T> Map<String, String> tags(List<T> tags, Function<T, String> key, Function<T, String> value) {
    Map<String, String> m = new TreeMap<>();
    for (T t : tags) m.put(key.apply(t), value.apply(t));
    return m;
  }
}
