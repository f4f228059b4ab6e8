package dev.tap.optimizer.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

/** Creates blueprint-shaped resources in moto with the SDK, the way a deployment would leave them. */
final class MotoFleet {
  private final MotoServer moto;
  private final AwsClients aws;

  MotoFleet(MotoServer moto, AwsClients aws) {
    this.moto = moto;
    this.aws = aws;
  }

  static List<software.amazon.awssdk.services.rds.model.Tag> rdsTags(Map<String, String> tags) {
    return tags.entrySet().stream().map(e -> software.amazon.awssdk.services.rds.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  /** An Aurora cluster with a writer and readers; returns its ARN. */
  String aurora(String region, String id, String engine, String version, String writerClass, String readerClass, int readers, int backupDays, String globalId,
      Map<String, String> tags) {
    var rds = aws.rds(region);
    String arn = rds.createDBCluster(r -> r.dbClusterIdentifier(id).engine(engine).engineVersion(version).masterUsername("tapadmin")
        .masterUserPassword("not-a-secret-1").backupRetentionPeriod(backupDays).globalClusterIdentifier(globalId).tags(rdsTags(tags))).dbCluster().dbClusterArn();
    if (writerClass != null) rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-writer").dbClusterIdentifier(id).engine(engine).dbInstanceClass(writerClass));
    for (int i = 1; i <= readers; i++) {
      int n = i;
      rds.createDBInstance(r -> r.dbInstanceIdentifier(id + "-reader-" + n).dbClusterIdentifier(id).engine(engine).dbInstanceClass(readerClass));
    }
    return arn;
  }

  /** A launch template of the instance type and an ASG launching its latest version; returns the template id. */
  String asg(String region, String name, String instanceType, int min, int desired, int max, Map<String, String> tags) {
    var ec2 = aws.ec2(region);
    String image = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
    String lt = ec2.createLaunchTemplate(r -> r.launchTemplateName(name + "-lt").launchTemplateData(d -> d.instanceType(instanceType).imageId(image)))
        .launchTemplate().launchTemplateId();
    aws.autoScaling(region).createAutoScalingGroup(r -> r.autoScalingGroupName(name).minSize(min).desiredCapacity(desired).maxSize(max)
        .availabilityZones(region + "a").launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(lt).version("$Latest").build())
        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.autoscaling.model.Tag.builder().key(e.getKey()).value(e.getValue())
            .propagateAtLaunch(true).build()).toList()));
    return lt;
  }

  void redis(String region, String id, String nodeType, int shards, int replicas, boolean tiering, Map<String, String> tags) {
    aws.elastiCache(region).createReplicationGroup(r -> r.replicationGroupId(id).replicationGroupDescription("TAP " + id).engine("redis").cacheNodeType(nodeType)
        .numNodeGroups(shards).replicasPerNodeGroup(replicas).dataTieringEnabled(tiering)
        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticache.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }

  /** A table keyed on pk with one GSI per name; capacities null for on-demand; returns its description. */
  TableDescription table(String region, String name, Long rcu, Long wcu, List<String> gsis, boolean stream, Map<String, String> tags) {
    List<AttributeDefinition> attrs = new ArrayList<>(List.of(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (String g : gsis) {
      attrs.add(AttributeDefinition.builder().attributeName(g + "Key").attributeType(ScalarAttributeType.S).build());
      GlobalSecondaryIndex.Builder b = GlobalSecondaryIndex.builder().indexName(g)
          .keySchema(KeySchemaElement.builder().attributeName(g + "Key").keyType(KeyType.HASH).build()).projection(Projection.builder().projectionType(ProjectionType.ALL).build());
      if (rcu != null) b.provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(rcu).writeCapacityUnits(wcu).build());
      indexes.add(b.build());
    }
    return aws.dynamoDb(region).createTable(r -> {
      r.tableName(name).attributeDefinitions(attrs).keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
          .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
          .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.dynamodb.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList());
      if (rcu == null) r.billingMode(BillingMode.PAY_PER_REQUEST);
      else r.billingMode(BillingMode.PROVISIONED).provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(rcu).writeCapacityUnits(wcu).build());
      if (stream) r.streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
    }).tableDescription();
  }

  void dax(String region, String name, String nodeType, int nodes, Map<String, String> tags) {
    aws.dax(region).createCluster(r -> r.clusterName(name).nodeType(nodeType).replicationFactor(nodes).iamRoleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/tap-dax")
        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.dax.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
  }

  /** A Python function (moto creates it without running it); returns its ARN. */
  String function(String region, String name, int memoryMb, int timeoutS, Integer reserved, Map<String, String> tags) {
    String role = roleArn();
    var lambda = aws.lambda(region);
    String arn = lambda.createFunction(r -> r.functionName(name).runtime(Runtime.PYTHON3_12).role(role).handler("index.handler").memorySize(memoryMb).timeout(timeoutS)
        .code(c -> c.zipFile(SdkBytes.fromByteArray(zip("index.py", "def handler(event, context):\n    return len(event)\n")))).tags(tags)).functionArn();
    if (reserved != null) lambda.putFunctionConcurrency(r -> r.functionName(name).reservedConcurrentExecutions(reserved));
    return arn;
  }

  void consume(String region, String streamArn, String functionName) {
    aws.lambda(region).createEventSourceMapping(r -> r.eventSourceArn(streamArn).functionName(functionName).startingPosition("LATEST"));
  }

  /** An ALB or NLB over two new subnets; returns its ARN. */
  String loadBalancer(String region, String name, LoadBalancerTypeEnum type, Map<String, String> tags) {
    var ec2 = aws.ec2(region);
    String vpc = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.1.0/24").availabilityZone(region + "a")).subnet().subnetId();
    String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.0.2.0/24").availabilityZone(region + "b")).subnet().subnetId();
    return aws.elb(region).createLoadBalancer(r -> r.name(name).type(type).subnets(a, b)
        .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()))
        .loadBalancers().get(0).loadBalancerArn();
  }

  private String roleArn() {
    try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(moto.endpoint()).credentialsProvider(MotoServer.credentials())
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
      String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
      return iam.listRoles().roles().stream().filter(r -> r.roleName().equals("tap-lambda")).findFirst()
          .map(r -> r.arn()).orElseGet(() -> iam.createRole(r -> r.roleName("tap-lambda").assumeRolePolicyDocument(policy)).role().arn());
    }
  }

  private static byte[] zip(String name, String content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
