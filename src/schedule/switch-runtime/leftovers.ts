import { paginateDescribeClientVpnTargetNetworks, paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SwitchConfiguration } from '../switch-contract';

/**
 * What a failed switch-off can leave outside the stack while the switch is
 * off: a NAT gateway that still holds one of the stack's Elastic IPs, and a
 * target network association of the endpoint. While off, the stack has
 * neither, so any that exists is a leftover: switching on would collide with
 * it (CreateNatGateway fails with `Resource.AlreadyAssociated`, an association
 * of the same subnet is refused), and it is billed by the hour.
 *
 * The switch reports leftovers and does not delete them: they are no longer
 * CloudFormation's, and a person should look before anything is deleted.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnTargetNetworks.html
 */

/** NAT gateway states that hold an Elastic IP (a `failed` or `deleted` one holds none). */
const LIVE_NAT_STATES = ['pending', 'available', 'deleting'];
/** Association states of a subnet that is (or is becoming, or is still) associated. */
const LIVE_ASSOCIATION_STATES = new Set(['associating', 'associated', 'disassociating']);

/** Each leftover, as a sentence that names it and says how to delete it. */
export async function findLeftovers(ec2: EC2Client, config: SwitchConfiguration): Promise<string[]> {
  const found: string[] = [];
  const allocations = new Set(config.NatAllocationIds ?? []);
  if (config.VpcId && allocations.size > 0) {
    const pages = paginateDescribeNatGateways({ client: ec2 }, {
      Filter: [{ Name: 'vpc-id', Values: [config.VpcId] }, { Name: 'state', Values: LIVE_NAT_STATES }],
    });
    for await (const page of pages) {
      for (const gateway of page.NatGateways ?? []) {
        const held = (gateway.NatGatewayAddresses ?? []).map((address) => address.AllocationId).filter((id) => id && allocations.has(id));
        if (held.length > 0) {
          found.push(`NAT gateway ${gateway.NatGatewayId} (${gateway.State}) holds the stack's Elastic IP ${held.join(', ')}` +
            (gateway.State === 'deleting' ? ' and is being deleted: wait a few minutes' : `: aws ec2 delete-nat-gateway --nat-gateway-id ${gateway.NatGatewayId}`));
        }
      }
    }
  }
  for await (const page of paginateDescribeClientVpnTargetNetworks({ client: ec2 }, { ClientVpnEndpointId: config.EndpointId })) {
    for (const network of page.ClientVpnTargetNetworks ?? []) {
      const state = network.Status?.Code ?? '';
      if (LIVE_ASSOCIATION_STATES.has(state)) {
        found.push(`association ${network.AssociationId} of subnet ${network.TargetNetworkId} (${state})` +
          (state === 'disassociating' ? ' is being removed: wait a few minutes'
            : `: aws ec2 disassociate-client-vpn-target-network --client-vpn-endpoint-id ${config.EndpointId} --association-id ${network.AssociationId}`));
      }
    }
  }
  return found;
}
