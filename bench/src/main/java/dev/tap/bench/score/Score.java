package dev.tap.bench.score;

import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.Ec2Catalogue.InstanceSpec;
import dev.tap.optimizer.pricing.PriceBook;
import java.util.List;
import java.util.Map;

/**
 * One strategy scored on the held-out part. CPU demand is carried across sizes in vCPUs: a sample
 * of {@code c} % on today's type of {@code v} vCPUs is {@code c/100 x v} vCPUs busy on any type
 * (a vCPU of one current family taken as one of another). A VM is under-provisioned when more than
 * 0.1 % of its samples need more than 90 % of the chosen size's vCPUs, or any sample's memory in use
 * exceeds the size's memory. Cost is the on-demand price of the chosen sizes, 730 hours a month.
 */
record Score(String strategy, double monthlyUsd, int underProvisioned, int underOnCpu, int underOnMemory, int sizedDown, int sizedUp, int vms) {

  static final double CPU_LIMIT = 0.90;
  static final double SAMPLE_SHARE = 0.001;

  static Score of(String strategy, Map<String, String> chosen, List<VmTrace> scored, String region, Ec2Catalogue catalogue) {
    double usd = 0;
    int under = 0;
    int cpu = 0;
    int memory = 0;
    int down = 0;
    int up = 0;
    for (VmTrace vm : scored) {
      String type = chosen.getOrDefault(vm.id(), vm.type());
      InstanceSpec now = catalogue.spec(vm.type()).orElseThrow();
      InstanceSpec to = catalogue.spec(type).orElseThrow(() -> new IllegalStateException(strategy + " chose " + type + ", not in the catalogue"));
      usd += hourly(type, region, catalogue) * PriceBook.HOURS_PER_MONTH;
      double cost = hourly(type, region, catalogue);
      double costNow = hourly(vm.type(), region, catalogue);
      if (!type.equals(vm.type())) {
        if (cost < costNow) down++;
        else if (cost > costNow) up++;
      }
      boolean overCpu = cpuStarved(vm, now.vcpu(), to.vcpu());
      boolean overMemory = memoryStarved(vm, to.memoryGib());
      if (overCpu) cpu++;
      if (overMemory) memory++;
      if (overCpu || overMemory) under++;
    }
    return new Score(strategy, usd, under, cpu, memory, down, up, scored.size());
  }

  /** More than 0.1 % of the samples above 90 % of {@code toVcpu}, the demand being {@code cpu % x nowVcpu}. */
  static boolean cpuStarved(VmTrace vm, int nowVcpu, int toVcpu) {
    if (vm.size() == 0) return false;
    double limitPct = CPU_LIMIT * toVcpu / nowVcpu * 100; // the same limit in % of today's vCPUs
    int over = 0;
    for (float c : vm.cpuPct()) if (c > limitPct) over++;
    return over > SAMPLE_SHARE * vm.size();
  }

  static boolean memoryStarved(VmTrace vm, double toGib) {
    if (!vm.memoryMeasured()) return false;
    for (float m : vm.memUsedGib()) if (m > toGib) return true;
    return false;
  }

  static double hourly(String type, String region, Ec2Catalogue catalogue) {
    return catalogue.onDemand(region, type).orElseThrow(() -> new IllegalStateException("no on-demand price for " + type + " in " + region)).usd();
  }
}
