import { Match } from 'aws-cdk-lib/assertions';
import { synthBastion } from './fixtures';

describe('endpoint options the L2 does not pass', () => {
  test('by default a session ends at its timeout and the AWS client enforces the endpoint\'s routes', () => {
    synthBastion().template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      DisconnectOnSessionTimeout: true,
      ClientRouteEnforcementOptions: { Enforced: true },
    });
  });

  test('both can be turned off', () => {
    synthBastion({ disconnectOnSessionTimeout: false, clientRouteEnforcement: false }).template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      DisconnectOnSessionTimeout: false,
      ClientRouteEnforcementOptions: { Enforced: false },
    });
  });

  test('they sit next to what the L2 sets, which stays', () => {
    synthBastion({ clientRouteEnforcement: false }).template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ConnectionLogOptions: Match.objectLike({ Enabled: true }),
      SplitTunnel: false,
    });
  });
});
