package dev.tap.bench.score;

import dev.tap.optimizer.error.ExitCode;
import dev.tap.optimizer.error.UserError;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The trace format the sizing score reads (docs/sizing-score.md):
 *
 * <pre>
 * trace.csv  vm_id,timestamp,cpu_pct,mem_used_gib     one row per VM and 5-minute sample, any order;
 *            timestamp ISO-8601 (2026-01-05T00:05:00Z) or epoch seconds; cpu_pct the % of the
 *            VM's vCPUs in use; mem_used_gib the GiB in use, empty on every row of a VM whose
 *            memory was not measured
 * vms.csv    vm_id,instance_type          the VM's current EC2 type, or
 *            vm_id,vcpu,memory_gib        its capacity, given the cheapest current general purpose,
 *                                         compute or memory optimised x86 type at least as large
 * </pre>
 */
final class TraceCsv {
  private TraceCsv() {}

  static List<VmTrace> read(Path trace, Path vms, String region, Ec2Catalogue catalogue) {
    Map<String, String> types = types(vms, region, catalogue);
    Map<String, Builder> byVm = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(trace)) {
      String header = in.readLine();
      if (header == null || !header.trim().toLowerCase(Locale.ROOT).equals("vm_id,timestamp,cpu_pct,mem_used_gib")) {
        throw bad(trace, 1, "the header must be vm_id,timestamp,cpu_pct,mem_used_gib (got " + header + ")");
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        String[] f = line.split(",", -1);
        if (f.length != 4) throw bad(trace, n, "expected 4 fields, got " + f.length);
        String id = f[0].trim();
        if (!types.containsKey(id)) throw bad(trace, n, "VM " + id + " is not in " + vms + ": add its instance_type (or vcpu,memory_gib) there");
        long t = time(trace, n, f[1].trim());
        float cpu = number(trace, n, "cpu_pct", f[2]);
        if (cpu < 0 || cpu > 100) throw bad(trace, n, "cpu_pct " + cpu + " is outside 0..100");
        String mem = f[3].trim();
        Builder b = byVm.computeIfAbsent(id, k -> new Builder());
        if (b.rows == 0) b.memory = !mem.isEmpty();
        else if (b.memory == mem.isEmpty()) throw bad(trace, n, "VM " + id + " has mem_used_gib on some rows and not on others: give it on every row or none");
        b.add(t, cpu, mem.isEmpty() ? Float.NaN : number(trace, n, "mem_used_gib", mem));
      }
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read the trace " + trace + ": " + e.getMessage(), e);
    }
    if (byVm.isEmpty()) throw new UserError(ExitCode.BAD_INPUT, "the trace " + trace + " has no samples.");
    List<VmTrace> out = new ArrayList<>(byVm.size());
    byVm.forEach((id, b) -> out.add(b.build(id, types.get(id))));
    return out;
  }

  /** Writes VMs in the trace format: {@code trace} and its sidecar {@code vms} (instance_type). */
  static void write(List<VmTrace> vms, Path trace, Path sidecar) throws IOException {
    try (BufferedWriter t = Files.newBufferedWriter(trace); BufferedWriter v = Files.newBufferedWriter(sidecar)) {
      t.write("vm_id,timestamp,cpu_pct,mem_used_gib\n");
      v.write("vm_id,instance_type\n");
      for (VmTrace vm : vms) {
        v.write(vm.id() + "," + vm.type() + "\n");
        for (int i = 0; i < vm.size(); i++) {
          t.write(vm.id() + "," + vm.times()[i] + "," + vm.cpuPct()[i] + "," + (vm.memoryMeasured() ? Float.toString(vm.memUsedGib()[i]) : "") + "\n");
        }
      }
    }
  }

  private static Map<String, String> types(Path vms, String region, Ec2Catalogue catalogue) {
    Map<String, String> out = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(vms)) {
      String header = in.readLine();
      String h = header == null ? "" : header.trim().toLowerCase(Locale.ROOT);
      boolean byType = h.equals("vm_id,instance_type");
      if (!byType && !h.equals("vm_id,vcpu,memory_gib")) {
        throw bad(vms, 1, "the header must be vm_id,instance_type or vm_id,vcpu,memory_gib (got " + header + ")");
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        String[] f = line.split(",", -1);
        if (f.length != (byType ? 2 : 3)) throw bad(vms, n, "expected " + (byType ? 2 : 3) + " fields, got " + f.length);
        String type;
        if (byType) {
          type = f[1].trim();
          if (catalogue.spec(type).filter(InstanceSpec::hasSpecs).isEmpty() || catalogue.onDemand(region, type).isEmpty()) {
            throw bad(vms, n, "instance type " + type + " has no vCPU, memory or " + region + " price in the EC2 catalogue (" + Ec2Catalogue.DATE + ")");
          }
        } else {
          float vcpu = number(vms, n, "vcpu", f[1]);
          float gib = number(vms, n, "memory_gib", f[2]);
          type = matching(vcpu, gib, region, catalogue)
              .orElseThrow(() -> new UserError(ExitCode.BAD_INPUT, vms + " VM " + f[0].trim() + ": no type in " + region + " has " + vcpu + " vCPU and " + gib + " GiB"));
        }
        if (out.put(f[0].trim(), type) != null) throw bad(vms, n, "VM " + f[0].trim() + " is listed twice");
      }
    } catch (IOException e) {
      throw new UserError(ExitCode.BAD_INPUT, "cannot read the VM list " + vms + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** The cheapest current-generation x86 m/c/r type (plain, Intel or AMD) in {@code region} with at least these vCPUs and GiB. */
  static Optional<String> matching(double vcpu, double gib, String region, Ec2Catalogue catalogue) {
    return catalogue.types().stream()
        .filter(s -> s.hasSpecs() && s.current() && s.arch().equals("x86_64") && s.family().matches("[mcr]\\d+[ai]?") && !s.size().startsWith("metal"))
        .filter(s -> s.vcpu() >= vcpu && s.memoryGib() >= gib - 1e-6)
        .flatMap(s -> catalogue.onDemand(region, s.type()).map(r -> Map.entry(s.type(), r.usd())).stream())
        .min(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey);
  }

  private static long time(Path file, int line, String s) {
    try {
      return s.chars().allMatch(Character::isDigit) ? Long.parseLong(s) : Instant.parse(s).getEpochSecond();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw bad(file, line, "timestamp " + s + " is neither ISO-8601 (2026-01-05T00:05:00Z) nor epoch seconds");
    }
  }

  private static float number(Path file, int line, String column, String s) {
    try {
      float v = Float.parseFloat(s.trim());
      if (Float.isNaN(v) || Float.isInfinite(v)) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw bad(file, line, column + " '" + s + "' is not a number");
    }
  }

  private static UserError bad(Path file, int line, String what) {
    return new UserError(ExitCode.BAD_INPUT, file + " line " + line + ": " + what + ".");
  }

  private static final class Builder {
    long[] t = new long[1024];
    float[] cpu = new float[1024];
    float[] mem = new float[1024];
    int rows;
    boolean memory;

    void add(long time, float c, float m) {
      if (rows == t.length) {
        t = Arrays.copyOf(t, rows * 2);
        cpu = Arrays.copyOf(cpu, rows * 2);
        mem = Arrays.copyOf(mem, rows * 2);
      }
      t[rows] = time;
      cpu[rows] = c;
      mem[rows++] = m;
    }

    VmTrace build(String id, String type) {
      Integer[] order = new Integer[rows];
      for (int i = 0; i < rows; i++) order[i] = i;
      Arrays.sort(order, Comparator.comparingLong(i -> t[i]));
      long[] times = new long[rows];
      float[] c = new float[rows];
      float[] m = memory ? new float[rows] : null;
      for (int i = 0; i < rows; i++) {
        times[i] = t[order[i]];
        c[i] = cpu[order[i]];
        if (m != null) m[i] = mem[order[i]];
      }
      return new VmTrace(id, type, times, c, m);
    }
  }
}
