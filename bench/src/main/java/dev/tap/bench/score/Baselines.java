package dev.tap.bench.score;

import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simple rules TAP is scored against (issue 13 §5), each within the VM's own family (the size
 * ladder of the catalogue's sizes priced in the region, ordered by vCPU then memory):
 * <ul>
 *   <li>"leave every size as it is";
 *   <li>"p95 &lt; 30 % → one size down": CPU p95 of the training part below 30 % moves to the next
 *       smaller size, otherwise the size stays;
 *   <li>"p99.5 with 20 % headroom": the smallest size whose vCPUs hold CPU p99.5 x 1.2 and whose
 *       memory holds memory p99.5 x 1.2 (today's memory when not measured); up or down.
 * </ul>
 */
final class Baselines {
  private Baselines() {}

  static final String LEAVE = "leave every size as it is";
  static final String P95_DOWN = "p95 < 30 % -> one size down";
  static final String P995_HEADROOM = "p99.5 with 20 % headroom";

  static Map<String, String> leave(List<VmTrace> training) {
    Map<String, String> out = new HashMap<>();
    for (VmTrace vm : training) out.put(vm.id(), vm.type());
    return out;
  }

  static Map<String, String> p95OneDown(List<VmTrace> training, String region, Ec2Catalogue catalogue) {
    Map<String, String> out = new HashMap<>();
    for (VmTrace vm : training) {
      String type = vm.type();
      if (vm.size() > 0 && Stat.of("p95", vm.cpuPct(), 0, vm.size()) < 30) {
        List<InstanceSpec> ladder = ladder(vm.type(), region, catalogue);
        int i = indexOf(ladder, vm.type());
        if (i > 0) type = ladder.get(i - 1).type();
      }
      out.put(vm.id(), type);
    }
    return out;
  }

  static Map<String, String> p995Headroom(List<VmTrace> training, String region, Ec2Catalogue catalogue) {
    Map<String, String> out = new HashMap<>();
    for (VmTrace vm : training) {
      InstanceSpec now = catalogue.spec(vm.type()).orElseThrow();
      if (vm.size() == 0) {
        out.put(vm.id(), vm.type());
        continue;
      }
      double vcpu = Stat.of("p99.5", vm.cpuPct(), 0, vm.size()) / 100 * now.vcpu() * 1.2;
      double gib = vm.memoryMeasured() ? Stat.of("p99.5", vm.memUsedGib(), 0, vm.size()) * 1.2 : now.memoryGib();
      List<InstanceSpec> ladder = ladder(vm.type(), region, catalogue);
      String type = ladder.stream().filter(s -> s.vcpu() >= vcpu - 1e-9 && s.memoryGib() >= gib - 1e-9).findFirst()
          .orElse(ladder.get(ladder.size() - 1)).type();
      out.put(vm.id(), type);
    }
    return out;
  }

  /** The sizes of {@code type}'s family priced in {@code region}, smallest first (metal sizes left out). */
  static List<InstanceSpec> ladder(String type, String region, Ec2Catalogue catalogue) {
    String family = type.substring(0, type.indexOf('.'));
    return catalogue.types().stream()
        .filter(s -> s.family().equals(family) && s.hasSpecs() && !s.size().startsWith("metal") && catalogue.onDemand(region, s.type()).isPresent())
        .sorted(Comparator.comparingInt(InstanceSpec::vcpu).thenComparingDouble(InstanceSpec::memoryGib))
        .toList();
  }

  private static int indexOf(List<InstanceSpec> ladder, String type) {
    for (int i = 0; i < ladder.size(); i++) if (ladder.get(i).type().equals(type)) return i;
    return -1;
  }
}
