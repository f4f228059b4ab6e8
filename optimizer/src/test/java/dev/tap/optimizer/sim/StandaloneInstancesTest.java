package dev.tap.optimizer.sim;

import static dev.tap.optimizer.model.ConfigKeys.INSTANCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tap.optimizer.family.ec2.Ec2Family;
import dev.tap.optimizer.metrics.FetchProgress;
import dev.tap.optimizer.metrics.MetricsEngine;
import dev.tap.optimizer.metrics.ResourceMetrics;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Finding;
import dev.tap.optimizer.model.Resource;
import dev.tap.optimizer.model.Snapshot;
import dev.tap.optimizer.plan.Analysis;
import dev.tap.optimizer.plan.Planner;
import dev.tap.optimizer.policy.Policy;
import dev.tap.optimizer.policy.PolicyLoader;
import dev.tap.optimizer.pricing.Ec2Catalogue;
import dev.tap.optimizer.pricing.PriceBook;
import dev.tap.optimizer.registry.Families;
import dev.tap.optimizer.sim.actions.SimEc2Api;
import dev.tap.optimizer.exec.ActionFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 13: the simulated trading account's standalone instances, analysed through the planner (trading policy with --allow-restart). */
class StandaloneInstancesTest {
  static SimAccount account;
  static Analysis analysis;
  static Analysis gated;

  @BeforeAll
  static void analyse() {
    account = SimAccount.of(SimBlueprint.TRADING);
    Snapshot snapshot = account.discover(); // standalone instances are outside the outputs: discovery lists them
    Policy policy = PolicyLoader.profile("trading");
    Instant end = account.clock().instant().truncatedTo(ChronoUnit.HOURS);
    List<ResourceMetrics> metrics = new MetricsEngine(account.cloudWatch(), Families.catalog(), account.clock())
        .fetch(snapshot, end.minus(Duration.ofDays(policy.lookbackDays())), end, FetchProgress.NONE);
    analysis = new Planner(PriceBook.bundled(), account.clock()).plan(snapshot, metrics, policy.with("ec2.allowRestart", true));
    gated = new Planner(PriceBook.bundled(), account.clock()).plan(snapshot, metrics, policy);
  }

  static String id(String role) {
    return account.discover().resources().stream().filter(r -> r.family() == Ec2Family.EC2 && r.tags().get("Name").endsWith("-" + role))
        .findFirst().orElseThrow().id();
  }

  static Finding finding(Analysis a, String role) {
    String id = id(role);
    return a.findings().stream().filter(f -> f.resourceId().equals(id) && !f.title().equals("architecture alternative")).findFirst()
        .orElseThrow(() -> new AssertionError("no finding for " + role + " in " + a.findings()));
  }

  @ParameterizedTest(name = "{0}: {1}, memory {2}")
  @CsvSource({
      "reporting, over-provisioned, r, true",     // memory-bound: a memory optimised type keeps the 22 GiB in use
      "batch, under-provisioned, , true",         // CPU-bound: sized up
      "bastion, over-provisioned, , true",        // idle
      "etl, under-provisioned, r, true",          // memory-starved: sized up on memory
      "legacy-api, over-provisioned, , false"})   // no agent: never less memory, and says so
  void eachRoleGetsItsFinding(String role, String title, String targetClass, boolean memoryMeasured) {
    Finding f = finding(analysis, role);
    assertThat(f.title()).as(f.detail()).isEqualTo(title);
    assertThat(f.detail().contains("memory not measured")).isEqualTo(!memoryMeasured);
    Action a = analysis.plan().actions().stream().filter(x -> x.resourceId().equals(id(role))).findFirst()
        .orElseThrow(() -> new AssertionError("no action for " + role + ": " + f.detail() + " / skipped " + analysis.plan().skipped()));
    Ec2Catalogue c = Ec2Catalogue.bundled();
    Ec2Catalogue.InstanceSpec from = c.spec(a.before().get(INSTANCE_TYPE)).get();
    Ec2Catalogue.InstanceSpec to = c.spec(a.after().get(INSTANCE_TYPE)).get();
    if (targetClass != null) assertThat(to.family()).as(f.detail()).startsWith(targetClass);
    if (!memoryMeasured) assertThat(to.memoryGib()).isGreaterThanOrEqualTo(from.memoryGib());
    assertThat(a.monthlyCostAfter() > a.monthlyCostBefore()).isEqualTo(title.equals("under-provisioned"));
    // without --allow-restart and without a window tag: a finding that says how, no action
    assertThat(gated.plan().actions().stream().noneMatch(x -> x.resourceId().equals(id(role)))).isTrue();
    assertThat(finding(gated, role).detail()).contains("--allow-restart");
  }

  @Test
  void aTypeChangeMovesTheMetricsAndIsUndone() {
    SimAccount acc = SimAccount.of(SimBlueprint.TRADING);
    SimEc2Api api = new SimEc2Api(acc);
    String id = acc.discover().resources().stream().filter(r -> r.family() == Ec2Family.EC2).findFirst().orElseThrow().id();
    Resource before = api.describeInstance(id, "us-east-1");
    api.changeInstanceType(id, "us-east-1", "m6a.large");
    assertThat(api.describeInstance(id, "us-east-1").config().get(INSTANCE_TYPE)).isEqualTo("m6a.large");
    assertThatThrownBy(() -> api.changeInstanceType(id, "us-east-1", "m7g.large")).isInstanceOf(ActionFailedException.class).hasMessageContaining("arm64");
    api.changeInstanceType(id, "us-east-1", before.config().get(INSTANCE_TYPE));
    assertThat(api.describeInstance(id, "us-east-1").config()).isEqualTo(before.config());
    assertThatThrownBy(() -> api.describeInstance("i-missing", "us-east-1")).isInstanceOf(ActionFailedException.class);
  }

  @Test
  void publishesAgentMetricsOnlyWhenTheAgentRuns() {
    long withMemory = analysis.findings().stream().filter(f -> f.resourceId().startsWith("i-") && f.detail().contains("memory in use up to")).count();
    assertThat(withMemory).isEqualTo(4);
  }
}
