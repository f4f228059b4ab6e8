package dev.tap.optimizer.family.ec2;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.model.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13: a type change stops the instance, so outside its maintenance-window tag it needs --allow-restart. */
class Ec2ActionsTest {

  static final class FakeApi implements Ec2Api {
    final Map<String, String> types = new HashMap<>(Map.of("i-1", "m5.2xlarge"));
    final List<String> calls = new ArrayList<>();
    final Map<String, String> tags;

    FakeApi(Map<String, String> tags) {
      this.tags = tags;
    }

    @Override
    public Resource describeInstance(String id, String region) {
      return new Resource(id, Ec2Family.EC2, region, "arn", Map.of(INSTANCE_TYPE, types.get(id)), tags);
    }

    @Override
    public void changeInstanceType(String id, String region, String type) {
      calls.add(id + " " + type);
      types.put(id, type);
    }
  }

  // the window is Sunday 03:00-05:00 UTC; 2026-12-06 is a Sunday
  @ParameterizedTest(name = "tag {0}, at {1}, allow-restart {2}, rollback {3} -> refused {4}")
  @CsvSource({
      "'', 2026-12-06T10:00:00Z, false, false, false",     // no tag: the plan holds the change only when made with --allow-restart
      "sun:03:00-sun:05:00, 2026-12-06T02:59:00Z, false, false, true",
      "sun:03:00-sun:05:00, 2026-12-06T03:00:00Z, false, false, false",
      "sun:03:00-sun:05:00, 2026-12-06T04:59:00Z, false, false, false",
      "sun:03:00-sun:05:00, 2026-12-06T05:00:00Z, false, false, true",
      "sun:03:00-sun:05:00, 2026-12-06T10:00:00Z, true, false, false",
      "sun:03:00-sun:05:00, 2026-12-06T10:00:00Z, false, true, false",   // a rollback restores at once
      "every day, 2026-12-06T10:00:00Z, false, false, true"})
  void restartOnlyInTheWindowOrWhenAllowed(String tag, String at, boolean allow, boolean rollback, boolean refused) {
    FakeApi api = new FakeApi(tag.isEmpty() ? Map.of() : Map.of(Ec2Family.MAINTENANCE_WINDOW_TAG, tag));
    Ec2Actions actions = new Ec2Actions(api);
    Resource r = actions.read("i-1", "us-east-1");
    ActionContext ctx = new ActionContext(Instant.parse(at), allow, null, rollback);
    assertThat(actions.refusal(Ec2Family.EC2_INSTANCE_TYPE, r, Map.of(INSTANCE_TYPE, "m6a.large"), ctx).isPresent()).isEqualTo(refused);
  }

  @ParameterizedTest(name = "to {0}: calls {1}")
  @CsvSource({"m6a.large, 1", "m5.2xlarge, 0"})
  void convergesAndTheInverseRestores(String type, int calls) {
    FakeApi api = new FakeApi(Map.of());
    Ec2Actions actions = new Ec2Actions(api);
    ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, false);
    actions.converge(Ec2Family.EC2_INSTANCE_TYPE, actions.read("i-1", "us-east-1"), Map.of(INSTANCE_TYPE, type), ctx);
    assertThat(api.calls).hasSize(calls);
    assertThat(actions.read("i-1", "us-east-1").config().get(INSTANCE_TYPE)).isEqualTo(type);
    actions.converge(Ec2Family.EC2_INSTANCE_TYPE, actions.read("i-1", "us-east-1"), Map.of(INSTANCE_TYPE, "m5.2xlarge"),
        new ActionContext(Instant.EPOCH, false, null, true));
    assertThat(actions.read("i-1", "us-east-1").config().get(INSTANCE_TYPE)).isEqualTo("m5.2xlarge");
  }

  @ParameterizedTest(name = "{0} valid {1}")
  @CsvSource({"m6a.large, true", "c8g.metal-24xl, true", "M6A.large, false", "large, false"})
  void validatesTheType(String type, boolean valid) {
    assertThat(new Ec2Family().validate(Ec2Family.EC2_INSTANCE_TYPE, Map.of(INSTANCE_TYPE, type)).isEmpty()).isEqualTo(valid);
  }
}
