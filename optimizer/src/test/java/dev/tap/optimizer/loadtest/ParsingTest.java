package dev.tap.optimizer.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParsingTest {

  @Test
  void durations() {
    assertThat(DurationParser.parse("90s", "--duration")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationParser.parse("1m30s", "--duration")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationParser.parse("500ms", "--timeout")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationParser.parse("2h", "--duration")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationParser.parse("PT5M", "--duration")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> DurationParser.parse("5 minutes", "--duration")).isInstanceOf(UserError.class).hasMessageContaining("--duration 5 minutes");
    assertThatThrownBy(() -> DurationParser.parse("10", "--ramp")).isInstanceOf(UserError.class).hasMessageContaining("--ramp");
  }

  @Test
  void endpoints() {
    assertThat(HostPort.parse("db.example.com", 5432, "x")).isEqualTo(new HostPort("db.example.com", 5432));
    assertThat(HostPort.parse("db.example.com:6543", 5432, "x")).isEqualTo(new HostPort("db.example.com", 6543));
    assertThat(HostPort.parse("[::1]:6379", 1, "x")).isEqualTo(new HostPort("::1", 6379));
    assertThat(HostPort.parse("redis.cache.amazonaws.com", 0, "x").port()).isZero(); // no port: the caller uses RedisPort
    assertThatThrownBy(() -> HostPort.parse("db:abc", 5432, "outputs RdsEndpoint")).isInstanceOf(UserError.class).hasMessageContaining("outputs RdsEndpoint 'db:abc'");
  }

  @Test
  void redisSecretsAndValueSizes() {
    assertThat(TargetFactory.redisToken("arn", "plain-token")).isEqualTo("plain-token");
    assertThat(TargetFactory.redisToken("arn", "{\"token\":\"t1\"}")).isEqualTo("t1");
    assertThat(TargetFactory.redisToken("arn", "{\"authToken\":\"t2\"}")).isEqualTo("t2");
    assertThatThrownBy(() -> TargetFactory.redisToken("arn:x", "{\"other\":1}")).isInstanceOf(UserError.class).hasMessageContaining("arn:x");
    assertThat(TargetFactory.valueSizes("100-2000")).containsExactly(100, 2000);
    assertThat(TargetFactory.valueSizes("64")).containsExactly(64, 64);
    assertThatThrownBy(() -> TargetFactory.valueSizes("2000-100")).isInstanceOf(UserError.class);
  }
}
