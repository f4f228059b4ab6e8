package dev.tap.optimizer.preflight;

import java.util.Map;

/**
 * What one region of the account already uses of each quota a blueprint needs, read by describe calls.
 *
 * @param onDemandVcpus      vCPUs of pending and running On-Demand instances, per vCPU quota
 * @param natGatewaysByZone  NAT gateways (pending, available or deleting, as the quota counts them) per zone
 * @param lambdaReserved     concurrency already reserved by functions (the account limit minus the unreserved)
 * @param endpointInstances  SageMaker endpoint instances now running, per instance type
 */
public record Usage(Map<Quota, Integer> onDemandVcpus, int elasticIps, Map<String, Integer> natGatewaysByZone, int vpcs,
    int lambdaReserved, int cacheNodes, int daxNodes, int dbInstances, Map<String, Integer> endpointInstances) {

  public static final Usage NONE = new Usage(Map.of(), 0, Map.of(), 0, 0, 0, 0, 0, Map.of());
}
