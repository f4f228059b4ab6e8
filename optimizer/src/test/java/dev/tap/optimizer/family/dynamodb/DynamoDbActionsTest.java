package dev.tap.optimizer.family.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.exec.ActionContext;
import dev.tap.optimizer.exec.ActionFailedException;
import dev.tap.optimizer.exec.Journal;
import dev.tap.optimizer.exec.RunSettings;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi.IndexDefinition;
import dev.tap.optimizer.journal.SqliteJournal;
import dev.tap.optimizer.model.Action;
import dev.tap.optimizer.model.Backtest;
import dev.tap.optimizer.model.Phase;
import dev.tap.optimizer.model.Plan;
import dev.tap.optimizer.model.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamoDbActionsTest {
  @TempDir Path dir;
  final List<String> calls = new ArrayList<>();
  final DynamoDbApi api = new DynamoDbApi() {
    @Override public Resource describeTable(String t, String r) { throw new UnsupportedOperationException(); }
    @Override public void setBillingMode(String t, String r, String mode, long rcu, long wcu, Map<String, Capacity> indexes) {
      calls.add("billing " + mode + " " + rcu + "/" + wcu + (indexes.isEmpty() ? "" : " " + indexes));
    }
    @Override public void deleteIndex(String t, String r, String i) { calls.add("delete " + i); }
    @Override public void createIndex(String t, String r, IndexDefinition i) { calls.add("create " + i); }
    @Override public void setStream(String t, String r, boolean on, String view) { calls.add("stream " + on + " " + view); }
  };
  final DynamoDbActions actions = new DynamoDbActions(api);
  static final String DEF = "hash=accountId:S;range=ts:N;projection=INCLUDE:a|b;rcu=100;wcu=50";

  @Test
  void anIndexDefinitionSurvivesEncoding() {
    IndexDefinition d = IndexDefinition.decode("byAccount", DEF);
    assertThat(d).isEqualTo(new IndexDefinition("byAccount", "accountId", "S", "ts", "N", "INCLUDE", List.of("a", "b"), 100, 50));
    assertThat(d.encode()).isEqualTo(DEF);
    IndexDefinition hashOnly = new IndexDefinition("h", "k", "S", null, null, "KEYS_ONLY", List.of(), 0, 0);
    assertThat(IndexDefinition.decode("h", hashOnly.encode())).isEqualTo(hashOnly);
  }

  @Test
  void deletingAnIndexNeedsItsDefinition_andTheInverseReCreatesItFromTheRecordedOne() {
    Resource withIdx = table(Map.of("gsis", "byAccount,byTs", "gsi.byAccount", DEF, "gsi.byTs", "hash=ts:N;projection=ALL;rcu=0;wcu=0"));
    ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, false);
    assertThat(actions.refusal(DynamoDbFamily.DYNAMODB_DELETE_GSI, withIdx, Map.of("gsis", "byTs"), ctx)).isEmpty();
    Resource noDef = table(Map.of("gsis", "byAccount,byTs"));
    assertThat(actions.refusal(DynamoDbFamily.DYNAMODB_DELETE_GSI, noDef, Map.of("gsis", "byTs"), ctx))
        .hasValueSatisfying(r -> assertThat(r).contains("definition of index byAccount"));

    actions.converge(DynamoDbFamily.DYNAMODB_DELETE_GSI, withIdx, Map.of("gsis", "byTs"), ctx);
    Resource after = table(Map.of("gsis", "byTs", "gsi.byTs", "hash=ts:N;projection=ALL;rcu=0;wcu=0"));
    String note = actions.converge(DynamoDbFamily.DYNAMODB_DELETE_GSI, after, Map.of("gsis", "byAccount,byTs", "gsi.byAccount", DEF),
        new ActionContext(Instant.EPOCH, false, null, true));
    assertThat(calls).containsExactly("delete byAccount", "create " + IndexDefinition.decode("byAccount", DEF));
    assertThat(note).contains("backfills");
  }

  @Test
  void switchesToOnDemandAreLimitedPerRolling24Hours_countedInTheJournal() {
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    try (Journal journal = SqliteJournal.open(dir.resolve("s.db"))) {
      for (int i = 0; i < 4; i++) {
        Action a = new Action("a" + i, DynamoDbFamily.DYNAMODB_BILLING_MODE, "orders", "us-east-1", Map.of("billingMode", "PROVISIONED"),
            Map.of("billingMode", "PAY_PER_REQUEST"), 1, 0, Action.Risk.LOW, 1, List.of(), new Backtest(1, 0, 0, 0, 0, 0, 0, 0, 0, true, "t"), "t");
        Plan p = new Plan(1, "p" + i, "trading", "1", "t", t0, t0, t0, "d", List.of(new Phase(1, "x", Duration.ofHours(1), List.of(a))), List.of());
        long run = journal.createRun(p, "s", "f", RunSettings.defaults("dev"), t0);
        long row = journal.actions(run).get(0).rowId();
        journal.actionIntent(row, Map.of(), t0.plus(Duration.ofHours(i)));
        journal.actionDone(row, Map.of(), null, t0.plus(Duration.ofHours(i)));
      }
      Resource provisioned = table(Map.of("billingMode", "PROVISIONED"));
      ActionContext soon = new ActionContext(t0.plus(Duration.ofHours(20)), false, journal, false);
      assertThat(actions.refusal(DynamoDbFamily.DYNAMODB_BILLING_MODE, provisioned, Map.of("billingMode", "PAY_PER_REQUEST"), soon))
          .hasValueSatisfying(r -> assertThat(r).contains("4 times in the last 24 hours"));
      ActionContext later = new ActionContext(t0.plus(Duration.ofHours(24)).plusSeconds(1), false, journal, false);
      assertThat(actions.refusal(DynamoDbFamily.DYNAMODB_BILLING_MODE, provisioned, Map.of("billingMode", "PAY_PER_REQUEST"), later)).isEmpty();
    }
  }

  @Test
  void switchingToProvisionedNeedsCapacities() {
    Resource onDemand = table(Map.of("billingMode", "PAY_PER_REQUEST"));
    ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, true);
    assertThatThrownBy(() -> actions.converge(DynamoDbFamily.DYNAMODB_BILLING_MODE, onDemand, Map.of("billingMode", "PROVISIONED"), ctx))
        .isInstanceOf(ActionFailedException.class).hasMessageContaining("readCapacityUnits=0");
    actions.converge(DynamoDbFamily.DYNAMODB_BILLING_MODE, onDemand,
        Map.of("billingMode", "PROVISIONED", "readCapacityUnits", "500", "writeCapacityUnits", "200"), ctx);
    assertThat(calls).containsExactly("billing PROVISIONED 500/200");
  }

  @Test
  void backToProvisionedEachIndexGetsItsRecordedCapacity_notTheTables() {
    Resource onDemand = table(Map.of("billingMode", "PAY_PER_REQUEST", "gsis", "by-account,by-status"));
    // the rollback target: the before-state re-read at INTENT, with each index's definition and capacity
    Map<String, String> restore = Map.of("billingMode", "PROVISIONED", "readCapacityUnits", "5000", "writeCapacityUnits", "4000",
        "gsis", "by-account,by-status", "gsi.by-account", "hash=a:S;projection=ALL;rcu=500;wcu=400", "gsi.by-status", "hash=s:S;projection=ALL;rcu=0;wcu=0");
    actions.converge(DynamoDbFamily.DYNAMODB_BILLING_MODE, onDemand, restore, new ActionContext(Instant.EPOCH, true, null, true));
    // an index recorded without capacity (it was on-demand then) falls back to the table's in the adapter
    assertThat(calls).containsExactly("billing PROVISIONED 5000/4000 {by-account=Capacity[read=500, write=400]}");
  }

  @Test
  void aStreamThatGainedAConsumerIsNotDisabled() {
    ActionContext ctx = new ActionContext(Instant.EPOCH, false, null, false);
    assertThat(actions.refusal(DynamoDbFamily.DYNAMODB_DISABLE_STREAM, table(Map.of("streamEnabled", "true", "streamConsumers", "1")),
        Map.of("streamEnabled", "false"), ctx)).isPresent();
    Resource off = table(Map.of("streamEnabled", "false"));
    actions.converge(DynamoDbFamily.DYNAMODB_DISABLE_STREAM, off, Map.of("streamEnabled", "true", "streamViewType", "NEW_AND_OLD_IMAGES"), ctx);
    assertThat(calls).containsExactly("stream true NEW_AND_OLD_IMAGES");
  }

  static Resource table(Map<String, String> config) {
    return new Resource("orders", DynamoDbFamily.DYNAMODB, "us-east-1", null, config, Map.of());
  }
}
