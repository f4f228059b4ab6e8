package dev.tap.optimizer.family.dynamodb;

import static dev.tap.optimizer.model.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tap.optimizer.family.RollbackScript;
import dev.tap.optimizer.family.dynamodb.DynamoDbApi.Capacity;
import dev.tap.optimizer.model.Action;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexCapacitiesTest {

  @Test
  void roundTripsSortedByIndex() {
    Map<String, Capacity> c = Map.of("by-symbol", new Capacity(100, 500), "by-account", new Capacity(250, 1000));
    assertThat(IndexCapacities.encode(c)).isEqualTo("by-account=250/1000,by-symbol=100/500");
    assertThat(IndexCapacities.decode("by-account=250/1000,by-symbol=100/500")).isEqualTo(c);
    assertThat(IndexCapacities.decode("")).isEmpty();
    assertThat(IndexCapacities.decode(null)).isEmpty();
  }

  @Test
  void aMalformedValueNamesThePart() {
    assertThatThrownBy(() -> IndexCapacities.decode("a=100")).hasMessageContaining("'a=100' is not index=RCU/WCU");
    assertThatThrownBy(() -> IndexCapacities.decode("a=x/5")).hasMessageContaining("'a=x/5'");
  }

  /** Back to provisioned: the table and each index get exactly the capacity they had. */
  @Test
  void rollbackToProvisionedGivesEveryIndexItsRecordedCapacity() {
    Map<String, String> before = Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "1000", WRITE_CAPACITY, "1000", GSIS, "a,b",
        DynamoDbActions.GSI_DEFINITION_PREFIX + "a", "hash=aKey:S;projection=ALL;rcu=300;wcu=400");
    Map<String, String> config = Map.of(BILLING_MODE, "PAY_PER_REQUEST", GSIS, "a,b", GSI_CAPACITY, "a=1/1,b=100/500");
    Action a = new Action("p1-a01", DynamoDbFamily.DYNAMODB_BILLING_MODE, "t", "us-east-1", Map.of(BILLING_MODE, "PROVISIONED"),
        Map.of(BILLING_MODE, "PAY_PER_REQUEST"), 0, 0, Action.Risk.LOW, 1, List.of(), null, "");
    RollbackScript s = new RollbackScript(a, config, before, Map.of());
    new DynamoDbFamily().rollback(s);
    assertThat(s.commands()).containsExactly("aws dynamodb update-table --table-name t --billing-mode PROVISIONED --provisioned-throughput "
        + "ReadCapacityUnits=1000,WriteCapacityUnits=1000 --global-secondary-index-updates '["
        + "{\"Update\":{\"IndexName\":\"a\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":300,\"WriteCapacityUnits\":400}}},"
        + "{\"Update\":{\"IndexName\":\"b\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":100,\"WriteCapacityUnits\":500}}}]' --region us-east-1");
    assertThat(s.notes()).noneMatch(n -> n.contains("not in the run records"));
  }

  @Test
  void rollbackNamesAnIndexWhoseCapacityWasNotRecorded() {
    Map<String, String> before = Map.of(BILLING_MODE, "PROVISIONED", READ_CAPACITY, "10", WRITE_CAPACITY, "5", GSIS, "a");
    Action a = new Action("p1-a01", DynamoDbFamily.DYNAMODB_BILLING_MODE, "t", "us-east-1", Map.of(BILLING_MODE, "PROVISIONED"),
        Map.of(BILLING_MODE, "PAY_PER_REQUEST"), 0, 0, Action.Risk.LOW, 1, List.of(), null, "");
    RollbackScript s = new RollbackScript(a, Map.of(), before, Map.of());
    new DynamoDbFamily().rollback(s);
    assertThat(s.commands()).containsExactly("aws dynamodb update-table --table-name t --billing-mode PROVISIONED --provisioned-throughput "
        + "ReadCapacityUnits=10,WriteCapacityUnits=5 --region us-east-1");
    assertThat(s.notes()).anyMatch(n -> n.contains("index(es) a is not in the run records"));
  }
}
