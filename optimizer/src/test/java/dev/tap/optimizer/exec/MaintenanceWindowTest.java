package dev.tap.optimizer.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.family.aurora.AuroraFamily;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

  @Test
  void parsesAwsFormat_andPrintsItBack() {
    MaintenanceWindow w = MaintenanceWindow.parse("sun:05:00-sun:05:30");
    assertThat(w).isEqualTo(new MaintenanceWindow(DayOfWeek.SUNDAY, LocalTime.of(5, 0), Duration.ofMinutes(30)));
    assertThat(w.toString()).isEqualTo("sun:05:00-sun:05:30");
    // A window across midnight and across the week's end.
    MaintenanceWindow late = MaintenanceWindow.parse("Sun:23:45-mon:00:15");
    assertThat(late.length()).isEqualTo(Duration.ofMinutes(30));
    assertThat(late.toString()).isEqualTo("sun:23:45-mon:00:15");
  }

  @Test
  void nextStartIsTheFirstStartStrictlyAfter() {
    MaintenanceWindow w = MaintenanceWindow.parse("sun:05:00-sun:05:30");
    Instant tuesday = Instant.parse("2026-11-17T10:00:00Z");
    assertThat(w.nextStart(tuesday)).isEqualTo(Instant.parse("2026-11-22T05:00:00Z"));
    assertThat(w.nextStart(Instant.parse("2026-11-22T04:59:59Z"))).isEqualTo(Instant.parse("2026-11-22T05:00:00Z"));
    assertThat(w.nextStart(Instant.parse("2026-11-22T05:00:00Z"))).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
    assertThat(w.nextStart(Instant.parse("2026-11-22T06:00:00Z"))).isEqualTo(Instant.parse("2026-11-29T05:00:00Z"));
  }

  @Test
  void refusesWhatIsNotAWindow() {
    assertThatThrownBy(() -> MaintenanceWindow.parse("sunday 5am")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ddd:hh24:mi");
    assertThatThrownBy(() -> MaintenanceWindow.parse("sun:25:00-sun:05:30")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MaintenanceWindow.parse("sun:05:00-sun:05:00")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no length");
  }

  @Test
  void pendingChangesRoundTrip_andCountAsRequested() {
    var r = new dev.tap.optimizer.model.Resource("db", AuroraFamily.AURORA, "us-east-1", "arn:db",
        java.util.Map.of("instanceClass", "db.r6g.8xlarge", "readers", "4", PendingChanges.CONFIG_KEY, "instanceClass=db.r6g.4xlarge"), java.util.Map.of());
    assertThat(PendingChanges.of(r)).containsExactly(java.util.Map.entry("instanceClass", "db.r6g.4xlarge"));
    assertThat(PendingChanges.encode(PendingChanges.parse("b=2;a=1"))).isEqualTo("a=1;b=2");
    assertThat(PendingChanges.requested(r, java.util.Map.of("instanceClass", "db.r6g.4xlarge", "readers", "4"))).isTrue();
    assertThat(PendingChanges.requested(r, java.util.Map.of("instanceClass", "db.r6g.8xlarge"))).isFalse();
    assertThat(PendingChanges.touching(r, java.util.Set.of("readers"))).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}: applying = {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "2026-11-22T04:59:00Z, false", // Sunday, a minute before the window
    "2026-11-22T05:00:00Z, true",  // the window's start: the change is being made
    "2026-11-22T05:29:00Z, true",
    "2026-11-22T11:29:00Z, true",  // settling: 6 h after the window's end
    "2026-11-22T11:30:00Z, false", // still pending now: deferred to next week
    "2026-11-25T05:00:00Z, false",
  })
  void pendingChangesAreBeingMadeDuringTheWindowAndItsSettlingTime(String at, boolean applying) {
    assertThat(MaintenanceWindow.parse("sun:05:00-sun:05:30").applying(Instant.parse(at))).isEqualTo(applying);
  }
}
