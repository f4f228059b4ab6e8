package dev.tap.optimizer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.aws.AwsClients;
import dev.tap.optimizer.aws.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code tap analyze --outputs} end to end against moto: inventory through the SDK, metrics through
 * GetMetricData (moto has none for the table: the resource is left out with the reason), and the
 * outputs' unknown entries reported.
 */
@ExtendWith(MotoServer.Extension.class)
class AnalyzeAwsMotoTest {
  @TempDir Path dir;
  MotoServer moto;

  @BeforeEach
  void credentials(MotoServer moto) {
    this.moto = moto;
    // the command builds its clients from the default credential chain, like a user's shell
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  @AfterEach
  void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void analysesTheAccountNamedByAnOutputsFile() throws Exception {
    try (AwsClients aws = moto.clients("us-east-1")) {
      aws.dynamoDb("us-east-1").createTable(b -> b.tableName("tap-dev-trades")
          .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
          .billingMode(BillingMode.PROVISIONED)
          .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(100L).writeCapacityUnits(50L).build()));
    }
    Path outputs = dir.resolve("all-outputs.json");
    Files.writeString(outputs, "{\"Tap-trading-dev\": {\"StackRegion\": \"us-east-1\", \"Blueprint\": \"trading\", \"EnvironmentSuffix\": \"dev\","
        + " \"TradesTableName\": \"tap-dev-trades\", \"OrdersTableName\": \"tap-dev-orders\"}}");
    CommandLine cl = TapCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("analyze", "--outputs", outputs.toString(), "--endpoint-url", moto.endpoint().toString(), "--format", "json",
        "--out", dir.resolve("out").toString());
    assertThat(code).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("blueprint").asText()).isEqualTo("trading");
    assertThat(json.get("policy").asText()).contains("profile trading");
    assertThat(json.get("skipped").toString()).contains("tap-dev-trades").contains("no datapoints");
    assertThat(json.get("findings").toString()).contains("tap-dev-orders");
    assertThat(dir.resolve("out").resolve("plan.json")).exists();
  }
}
