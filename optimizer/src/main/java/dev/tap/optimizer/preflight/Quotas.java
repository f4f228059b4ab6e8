package dev.tap.optimizer.preflight;

import java.util.List;
import java.util.Locale;

/**
 * The quotas a blueprint's resources count against. Each code was checked against public material
 * (AWS CLI examples, the ElastiCache quota table, and open-source quota checkers that call
 * GetServiceQuota with them); docs/blueprints.md lists them.
 */
public final class Quotas {
  private Quotas() {}

  // On-Demand instances are limited in vCPUs per instance class, not per type
  public static final Quota VCPU_STANDARD = new Quota("ec2", "L-1216C47A", "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances");
  public static final Quota VCPU_G_VT = new Quota("ec2", "L-DB2E81BA", "Running On-Demand G and VT instances");
  public static final Quota VCPU_P = new Quota("ec2", "L-417A185B", "Running On-Demand P instances");
  public static final Quota VCPU_X = new Quota("ec2", "L-7295265B", "Running On-Demand X instances");
  public static final Quota VCPU_F = new Quota("ec2", "L-74FC7D96", "Running On-Demand F instances");
  public static final Quota VCPU_INF = new Quota("ec2", "L-1945791B", "Running On-Demand Inf instances");

  public static final Quota ELASTIC_IPS = new Quota("ec2", "L-0263D0A3", "EC2-VPC Elastic IPs");
  public static final Quota NAT_GATEWAYS_PER_AZ = new Quota("vpc", "L-FE5A380F", "NAT gateways per Availability Zone");
  public static final Quota VPCS = new Quota("vpc", "L-F678F1CE", "VPCs per Region");
  public static final Quota LAMBDA_CONCURRENCY = new Quota("lambda", "L-B99A9384", "Concurrent executions");
  public static final Quota CACHE_NODES = new Quota("elasticache", "L-DFE45DF3", "Nodes per Region");
  public static final Quota DB_INSTANCES = new Quota("rds", "L-7B6409FD", "DB instances");
  /** DAX rejects with NodeQuotaForCustomerExceededFault; no Service Quotas code for it could be verified. */
  public static final Quota DAX_NODES = new Quota("dax", null, "DAX nodes per account and Region");

  /** SageMaker's per-instance-type endpoint quota, named "<type> for endpoint usage"; its code is found by that name. */
  public static Quota sageMakerEndpoint(String instanceType) {
    return new Quota("sagemaker", null, instanceType + " for endpoint usage", true);
  }

  /** The instance type of a {@link #sageMakerEndpoint} quota, else null. */
  public static String endpointInstanceType(Quota q) {
    return q.serviceCode().equals("sagemaker") && q.name().endsWith(" for endpoint usage") ? q.name().substring(0, q.name().indexOf(' ')) : null;
  }

  public static final List<Quota> VCPU_CLASSES = List.of(VCPU_STANDARD, VCPU_G_VT, VCPU_P, VCPU_X, VCPU_F, VCPU_INF);

  /**
   * The On-Demand vCPU quota of an EC2 instance type or family ({@code c6i.8xlarge}, {@code g4dn},
   * {@code inf2}), or null for a class without a verified code here (DL, Trn, HPC, Mac, high memory U).
   */
  public static Quota vcpuQuotaOf(String typeOrFamily) {
    String family = typeOrFamily.toLowerCase(Locale.ROOT);
    int dot = family.indexOf('.');
    if (dot >= 0) family = family.substring(0, dot);
    String letters = family.replaceAll("^([a-z]+).*$", "$1");
    if (letters.startsWith("inf")) return VCPU_INF;
    if (letters.startsWith("vt")) return VCPU_G_VT;
    if (letters.startsWith("dl") || letters.startsWith("trn") || letters.startsWith("hpc") || letters.startsWith("mac") || letters.startsWith("u")) {
      return null;
    }
    return switch (letters.charAt(0)) {
      case 'a', 'c', 'd', 'h', 'i', 'm', 'r', 't', 'z' -> VCPU_STANDARD;
      case 'g' -> VCPU_G_VT;
      case 'p' -> VCPU_P;
      case 'x' -> VCPU_X;
      case 'f' -> VCPU_F;
      default -> null;
    };
  }
}
