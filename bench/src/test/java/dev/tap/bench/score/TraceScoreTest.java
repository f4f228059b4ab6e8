package dev.tap.bench.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace file end to end: read in the documented format, sized by TAP's analysis through a
 * snapshot directory, scored. An idle VM is sized down, a VM that saturates every day is sized up
 * (and no longer under-provisioned), a steady one stays.
 */
class TraceScoreTest {
  static final Ec2Catalogue CATALOGUE = Ec2Catalogue.bundled();
  static final int DAYS = 21;

  @TempDir Path dir;

  /** 5-minute samples: the idle VM at ~3 %, the busy one at 100 % for an hour a day, the steady one ~45 %. */
  Path trace() throws IOException {
    StringBuilder b = new StringBuilder("vm_id,timestamp,cpu_pct,mem_used_gib\n");
    long start = 1_780_000_000L / 86_400 * 86_400;
    for (int i = 0; i < DAYS * 288; i++) {
      long t = start + i * 300L;
      int minuteOfDay = (i % 288) * 5;
      double wave = Math.sin(2 * Math.PI * minuteOfDay / 1440.0);
      b.append(String.format(Locale.ROOT, "idle,%d,%.2f,%.2f%n", t, 3 + wave, 6.0 + 0.1 * wave));
      b.append(String.format(Locale.ROOT, "busy,%s,%.2f,%n", java.time.Instant.ofEpochSecond(t), minuteOfDay >= 600 && minuteOfDay < 660 ? 100.0 : 50 + 10 * wave));
      b.append(String.format(Locale.ROOT, "steady,%d,%.2f,%.2f%n", t, 45 + 3 * wave, 10.0));
    }
    Path p = dir.resolve("trace.csv");
    Files.writeString(p, b);
    return p;
  }

  Path vms(String text) throws IOException {
    Path p = dir.resolve("vms.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void tapSizesTheIdleDownAndTheStarvedUp() throws IOException {
    List<VmTrace> vms = TraceCsv.read(trace(), vms("vm_id,instance_type\nidle,m5.2xlarge\nbusy,c5.xlarge\nsteady,m5.xlarge\n"), "us-east-1", CATALOGUE);
    assertThat(vms).extracting(VmTrace::id).containsExactly("idle", "busy", "steady");
    assertThat(vms.get(1).memoryMeasured()).isFalse();

    SizingScoreBench.Outcome o = SizingScoreBench.run("test", vms, new SizingScoreBench.Setup(2.0 / 3, "trading", "us-east-1", 42, dir),
        dev.tap.optimizer.pricing.PriceBook.bundled());
    Score leave = o.scores().get(0);
    Score tap = o.scores().get(3);
    assertThat(leave.underProvisioned()).isEqualTo(1); // busy saturates an hour a day: 4 % of its samples
    assertThat(tap.underProvisioned()).isZero();
    assertThat(tap.sizedDown()).isGreaterThanOrEqualTo(1); // the idle one (the steady one may move to a cheaper current generation)
    assertThat(tap.sizedUp()).isEqualTo(1);
    assertThat(tap.monthlyUsd()).isLessThan(leave.monthlyUsd());
  }

  @Test
  void capacityIsMappedToTheCheapestTypeThatHoldsIt() {
    assertThat(TraceCsv.matching(4, 16, "us-east-1", CATALOGUE)).isPresent();
    String t = TraceCsv.matching(4, 16, "us-east-1", CATALOGUE).orElseThrow();
    assertThat(CATALOGUE.spec(t).orElseThrow().vcpu()).isGreaterThanOrEqualTo(4);
    assertThat(CATALOGUE.spec(t).orElseThrow().memoryGib()).isGreaterThanOrEqualTo(16);
    String bigger = TraceCsv.matching(4, 16.5, "us-east-1", CATALOGUE).orElseThrow();
    assertThat(CATALOGUE.spec(bigger).orElseThrow().memoryGib()).isGreaterThanOrEqualTo(16.5);
  }

  @Test
  void badInputNamesTheFileLineAndWhatToDo() throws IOException {
    Path trace = trace();
    assertThatThrownBy(() -> TraceCsv.read(trace, vms("vm_id,instance_type\nidle,m5.2xlarge\nbusy,c5.xlarge\n"), "us-east-1", CATALOGUE))
        .isInstanceOf(UserError.class).hasMessageContaining("VM steady is not in").hasMessageContaining("add its instance_type");
    assertThatThrownBy(() -> TraceCsv.read(trace, vms("vm,type\n"), "us-east-1", CATALOGUE))
        .isInstanceOf(UserError.class).hasMessageContaining("vms.csv line 1").hasMessageContaining("vm_id,instance_type or vm_id,vcpu,memory_gib");
    assertThatThrownBy(() -> TraceCsv.read(trace, vms("vm_id,instance_type\nidle,m5.notasize\n"), "us-east-1", CATALOGUE))
        .isInstanceOf(UserError.class).hasMessageContaining("line 2").hasMessageContaining("m5.notasize");
    Path mixed = dir.resolve("mixed.csv");
    Files.writeString(mixed, "vm_id,timestamp,cpu_pct,mem_used_gib\na,0,5,1.0\na,300,5,\n");
    assertThatThrownBy(() -> TraceCsv.read(mixed, vms("vm_id,vcpu,memory_gib\na,2,8\n"), "us-east-1", CATALOGUE))
        .isInstanceOf(UserError.class).hasMessageContaining("mixed.csv line 3").hasMessageContaining("every row or none");
    Files.writeString(mixed, "vm_id,timestamp,cpu_pct,mem_used_gib\na,0,120,\n");
    assertThatThrownBy(() -> TraceCsv.read(mixed, vms("vm_id,vcpu,memory_gib\na,2,8\n"), "us-east-1", CATALOGUE))
        .isInstanceOf(UserError.class).hasMessageContaining("cpu_pct 120.0 is outside 0..100");
  }

  @Test
  void aWrittenTraceReadsBackTheSame() throws IOException {
    List<VmTrace> vms = TraceCsv.read(trace(), vms("vm_id,instance_type\nidle,m5.2xlarge\nbusy,c5.xlarge\nsteady,m5.xlarge\n"), "us-east-1", CATALOGUE);
    Path t = dir.resolve("again.csv");
    Path v = dir.resolve("again-vms.csv");
    TraceCsv.write(vms, t, v);
    List<VmTrace> again = TraceCsv.read(t, v, "us-east-1", CATALOGUE);
    assertThat(again).hasSameSizeAs(vms);
    for (int i = 0; i < vms.size(); i++) {
      assertThat(again.get(i).id()).isEqualTo(vms.get(i).id());
      assertThat(again.get(i).type()).isEqualTo(vms.get(i).type());
      assertThat(again.get(i).times()).isEqualTo(vms.get(i).times());
      assertThat(again.get(i).cpuPct()).isEqualTo(vms.get(i).cpuPct());
      assertThat(again.get(i).memUsedGib()).isEqualTo(vms.get(i).memUsedGib());
    }
  }
}
