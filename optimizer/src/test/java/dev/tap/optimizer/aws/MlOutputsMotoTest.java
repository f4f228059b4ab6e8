package dev.tap.optimizer.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tap.optimizer.report.ml.MlReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * {@code tap ml --outputs FILE} against moto: the outputs file of the ml blueprint (cdk --outputs-file
 * form, keys as the blueprint exports them) names the endpoint and its region; nothing else is given.
 */
@ExtendWith(MotoServer.Extension.class)
@ExtendWith(TestCredentials.class)
class MlOutputsMotoTest {
  @Test
  void readsTheEndpointAndRegionOfTheMlBlueprintsOutputs(MotoServer moto, @TempDir Path dir) throws Exception {
    String endpoint = "tap-dev-ml-fraud-scoring";
    try (AwsClients aws = moto.clients("us-west-2")) {
      SageMakerClient sm = aws.sageMaker("us-west-2");
      sm.createModel(b -> b.modelName("tap-dev-ml-model").executionRoleArn(MlCommandMotoTest.ROLE)
          .primaryContainer(c -> c.image("763104351884.dkr.ecr.us-west-2.amazonaws.com/pytorch-inference:2.3.0-gpu").modelDataUrl("s3://b/m.tar.gz")));
      sm.createEndpointConfig(b -> b.endpointConfigName("tap-dev-ml-config").productionVariants(
          v -> v.variantName("AllTraffic").modelName("tap-dev-ml-model").instanceType("ml.g4dn.12xlarge").initialInstanceCount(10).initialVariantWeight(1f)));
      sm.createEndpoint(b -> b.endpointName(endpoint).endpointConfigName("tap-dev-ml-config"));
      // a second endpoint the outputs do not name: it must not be analysed
      sm.createEndpoint(b -> b.endpointName("someone-elses").endpointConfigName("tap-dev-ml-config"));
      MlCommandMotoTest.putDay(aws, Instant.now().truncatedTo(ChronoUnit.MINUTES), endpoint);
    }
    Path outputs = dir.resolve("ml.json");
    Files.writeString(outputs, """
        {"Tap-ml-dev": {"StackRegion": "us-west-2", "Blueprint": "ml", "EnvironmentSuffix": "dev",
          "MlEndpointName": "%s", "MlVariantName": "AllTraffic", "MlEndpointInstanceType": "ml.g4dn.12xlarge"}}""".formatted(endpoint));

    Path out = dir.resolve("run");
    MlCommandMotoTest.Result r = MlCommandMotoTest.tap("ml", "--outputs", outputs.toString(), "--endpoint-url", moto.endpoint().toString(),
        "--days", "1", "--latency-statistic", "Maximum", "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    JsonNode run = new ObjectMapper().readTree(out.resolve(MlReportFiles.RUN_JSON).toFile());
    assertThat(run.at("/endpoint/name").asText()).isEqualTo(endpoint);
    assertThat(r.out()).contains(endpoint).doesNotContain("someone-elses");
    assertThat(Files.readString(out.resolve("plan.json"))).contains(endpoint).doesNotContain("someone-elses");
  }

  @Test
  void outputsWithoutAnEndpointAreABadInputNamingTheKey(@TempDir Path dir) throws Exception {
    Path outputs = dir.resolve("ml.json");
    Files.writeString(outputs, """
        {"Tap-ml-dev": {"StackRegion": "us-west-2", "MlBucketName": "b"}}""");
    MlCommandMotoTest.Result r = MlCommandMotoTest.tap("ml", "--outputs", outputs.toString(), "--out", dir.resolve("run").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(outputs.toString(), "no MlEndpointName output", "ml.endpoint.deploy=false");
  }
}
