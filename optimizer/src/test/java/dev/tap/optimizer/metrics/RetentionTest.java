package dev.tap.optimizer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionTest {

  static final Instant NOW = Instant.parse("2026-11-16T00:00:00Z");

  @ParameterizedTest(name = "start {0} h ago: resolution {1} s")
  @CsvSource({
    "1, 60",
    "360, 60", // exactly 15 days
    "361, 300",
    "1512, 300", // exactly 63 days
    "1513, 3600",
    "2160, 3600", // 90 days
    "10920, 3600", // exactly 455 days
    "10921, 0",
  })
  void granularityFollowsTheAgeOfTheStartTime(long hoursAgo, int expected) {
    assertThat(Retention.granularity(NOW.minus(Duration.ofHours(hoursAgo)), NOW)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "start {0} h ago, desired {1} s: period {2} s")
  @CsvSource({
    "24, 60, 60",
    "24, 90, 120",
    "24, 3600, 3600",
    "720, 60, 300", // 30 days: multiples of 300
    "720, 301, 600",
    "720, 3600, 3600",
    "1800, 60, 3600", // 75 days: multiples of 3,600
    "1800, 3601, 7200",
    "2160, 1, 3600",
  })
  void periodIsTheSmallestAcceptedMultiple(long hoursAgo, int desired, int expected) {
    Instant start = NOW.minus(Duration.ofHours(hoursAgo));
    int p = Retention.period(start, NOW, desired);
    assertThat(p).isEqualTo(expected);
    assertThat(Retention.accepts(start, NOW, p)).isTrue();
  }

  @ParameterizedTest(name = "{0} days: window period {1} s")
  @CsvSource({
    "1, 86400",
    "14, 1209600",
    "45, 3888000",
    "60, 5184000",
    "90, 7776000",
  })
  void windowPeriodSpansTheWholeWindow(long days, int expected) {
    Instant start = NOW.minus(Duration.ofDays(days));
    assertThat(Retention.windowPeriod(start, NOW, NOW)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "window of {0} s starting 30 days ago rounds up to {1} s")
  @CsvSource({"1000, 1200", "86401, 86700"})
  void aWindowThatIsNotAMultipleRoundsUpToTheTier(long seconds, int expected) {
    Instant start = NOW.minus(Duration.ofDays(30));
    assertThat(Retention.windowPeriod(start, start.plusSeconds(seconds), NOW)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "start {0} h ago, period {1}: accepted {2}")
  @CsvSource({
    "24, 60, true",
    "24, 90, false",
    "400, 60, false",
    "400, 300, true",
    "1600, 300, false",
    "1600, 3600, true",
    "11000, 3600, false",
  })
  void acceptsOnlyTheTiersMultiples(long hoursAgo, int period, boolean expected) {
    assertThat(Retention.accepts(NOW.minus(Duration.ofHours(hoursAgo)), NOW, period)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void aWindowOlderThan455DaysIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> Retention.windowPeriod(NOW.minus(Duration.ofDays(456)), NOW, NOW))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("455 days")
        .hasMessageContaining("--lookback-days");
  }
}
