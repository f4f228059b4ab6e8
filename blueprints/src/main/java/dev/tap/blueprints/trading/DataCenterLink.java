package dev.tap.blueprints.trading;

import java.util.List;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpnConnection;
import software.amazon.awscdk.services.ec2.VpnConnectionOptions;
import software.constructs.Construct;

/**
 * The "Direct Connect-like" link of T7, simulated with Site-to-Site VPN: a customer gateway for the
 * data centre's public IP, and a static-route VPN connection to the VPC's virtual private gateway
 * (created by {@code Network} with route propagation into the private route tables).
 */
final class DataCenterLink extends Construct {
  private final VpnConnection connection;

  DataCenterLink(Construct scope, String id, Vpc vpc, String peerIp, String peerCidr) {
    super(scope, id);
    connection = vpc.addVpnConnection("Vpn", VpnConnectionOptions.builder().ip(peerIp).asn(65000).staticRoutes(List.of(peerCidr)).build());
  }

  String connectionId() {
    return connection.getVpnId();
  }
}
