import * as fs from 'fs';
import * as path from 'path';
import { fullDiff } from '@aws-cdk/cloudformation-diff';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SWITCH_VALUES, evaluateCondition, switchParameters, withConditionsEvaluated } from './conditions';
import { effectKey, effectProblems, isLiveLoss, liveEffects, sortEffects, staysProblems, synthesize } from './transition-diff';
import type { CfnTemplate, Synthesized } from './transition-diff';
import { LIVE_TYPES, TRANSITIONS } from './what-a-change-replaces';
import type { Effect, Transition } from './what-a-change-replaces';
import { resourceChanges } from '../../action/src/destructive-changes';
import { NatGateways, Schedule, ServerCertificate } from '../../src';

/**
 * Each row of what-a-change-replaces.ts: both sides synthesized in the same
 * stack with the same construct IDs, compared as `cdk diff` compares them.
 * The live resources replaced, destroyed or orphaned must be exactly those
 * the row declares (docs/what-a-change-replaces.md shows the same rows).
 */
describe('what a change replaces (the transition matrix)', () => {
  test.each(TRANSITIONS.map((transition): [string, Transition] => [transition.change, transition]))('%s', (_change, transition) => {
    const from = synthesize(transition.from);
    const to = synthesize(transition.to);
    const measured = liveEffects(from, to);
    expect({
      effects: effectProblems(transition.effects, measured),
      stays: staysProblems(transition.stays, from, to, measured),
    }).toEqual({ effects: [], stays: [] });
  });

  test('every row names a change once, and every effect is of a live type', () => {
    const changes = TRANSITIONS.map((transition) => transition.change);
    expect(new Set(changes).size).toBe(changes.length);
    for (const effect of TRANSITIONS.flatMap((transition) => transition.effects)) {
      expect(Object.keys(LIVE_TYPES)).toContain(effect.type);
    }
  });
});

describe('upgrading from the previous version (its committed article template, test/day-two/previous-version)', () => {
  const previous: CfnTemplate = JSON.parse(fs.readFileSync(path.join(__dirname, 'previous-version', 'article.template.json'), 'utf8'));
  const current: CfnTemplate = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'integ.article.ts.snapshot', 'SsoClientVpnBastionArticle.template.json'), 'utf8'));
  const instanceId = Object.keys(current.Resources).find((id) => current.Resources[id].Type === 'AWS::EC2::Instance')!;

  test('the server\'s image moves from the lookup to the new image pin, which takes the image the unchanged lookup holds: nothing live is replaced', () => {
    expect(previous.Resources[instanceId].Properties.ImageId).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Parameter.Value'] });
    expect(current.Resources[instanceId].Properties.ImageId).toEqual({ Ref: expect.stringMatching(/ImagePin/) });
    expect(resourceChanges(previous, current).filter(isLiveLoss)).toEqual([]);
  });

  test('had the lookup changed in the same deploy (it would run again), the server would be reported replaced', () => {
    const lookupId = current.Resources[instanceId].Properties.ImageId.Ref;
    const candidate = current.Resources[lookupId].Properties.Candidate['Fn::GetAtt'][0];
    const changedLookup = JSON.parse(JSON.stringify(current));
    changedLookup.Resources[candidate].Properties.InstallLatestAwsSdk = true;
    expect(resourceChanges(previous, changedLookup).filter(isLiveLoss).map((change) => `${change.action} ${change.type}`)).toEqual(['replaced AWS::EC2::Instance']);
  });
});

describe('the comparison catches a wrong declaration', () => {
  let from: Synthesized;
  let to: Synthesized;
  let measured: Effect[];
  beforeAll(() => {
    from = synthesize({});
    to = synthesize({ clientCidr: '172.27.0.0/22' });
    measured = liveEffects(from, to);
  });

  test('a change declared to replace nothing, that replaces the endpoint, is reported', () => {
    expect(effectProblems([], measured)).toContain('not declared, but the change replaced AWS::EC2::ClientVpnEndpoint Endpoint');
  });

  test('an effect declared but not measured is reported', () => {
    const wrong: Effect[] = [...measured, { impact: 'replaced', type: 'AWS::EC2::Instance', what: 'Server' }];
    expect(effectProblems(wrong, measured)).toEqual(['declared, but the change does not: replaced AWS::EC2::Instance Server']);
  });

  test('the same resource with the wrong impact is reported both ways', () => {
    const wrong = measured.map((effect): Effect => (effect.type === 'AWS::EC2::ClientVpnEndpoint' ? { ...effect, impact: 'destroyed' } : effect));
    expect(effectProblems(wrong, measured)).toEqual([
      'declared, but the change does not: destroyed AWS::EC2::ClientVpnEndpoint Endpoint',
      'not declared, but the change replaced AWS::EC2::ClientVpnEndpoint Endpoint',
    ]);
  });

  test('a kind said to stay that the change replaces is reported', () => {
    expect(staysProblems(['AWS::EC2::ClientVpnEndpoint'], from, to, measured)).toEqual([
      'stays lists AWS::EC2::ClientVpnEndpoint, but the change replaced AWS::EC2::ClientVpnEndpoint Endpoint',
    ]);
  });

  test('resources are named by construct path, not by hashed logical ID', () => {
    expect(measured.map(effectKey)).toEqual([
      'replaced AWS::EC2::ClientVpnAuthorizationRule Endpoint/Authorize-9a67f5b4-30c1-70d5-9b2e-5f0a1c8e7d21',
      'replaced AWS::EC2::ClientVpnEndpoint Endpoint',
      'replaced AWS::EC2::ClientVpnRoute Endpoint/InternetRoute0',
      'replaced AWS::EC2::ClientVpnTargetNetworkAssociation Endpoint/Association0',
    ]);
  });

  test('a self-signed certificate reissue is a replacement, though `cdk diff` alone says "update"', () => {
    const before = synthesize({ serverCertificate: ServerCertificate.selfSigned() });
    const reissued = synthesize({ serverCertificate: ServerCertificate.selfSigned({ caCommonName: 'Another CA' }) });
    const changes: Array<{ isUpdate: boolean; impact: string }> = [];
    fullDiff(before.template, reissued.template).resources.forEachDifference((_id, change) => {
      if (change.resourceType === 'Custom::SelfSignedServerCertificate') changes.push({ isUpdate: change.isUpdate, impact: change.changeImpact });
    });
    // The diff knows no schema for a custom resource: a changed property, no replacement.
    expect(changes).toEqual([{ isUpdate: true, impact: expect.not.stringMatching(/REPLACE/) }]);
    expect(liveEffects(before, reissued).map(effectKey)).toEqual(['replaced Custom::SelfSignedServerCertificate ServerCertificate']);
    // A change elsewhere leaves the certificate alone.
    const other = synthesize({ serverCertificate: ServerCertificate.selfSigned(), sessionTimeout: ec2.ClientVpnSessionTimeout.EIGHT_HOURS });
    expect(liveEffects(before, other)).toEqual([]);
  });
});

/** The switched resources' types: what the off-hours switch turns off. */
const SWITCHED_TYPES = ['AWS::EC2::ClientVpnTargetNetworkAssociation', 'AWS::EC2::ClientVpnRoute', 'AWS::EC2::NatGateway'];
const KEPT_TYPES = ['AWS::EC2::EIP', 'AWS::EC2::ClientVpnEndpoint', 'AWS::EC2::ClientVpnAuthorizationRule', 'AWS::EC2::Instance', 'AWS::EC2::VPC', 'AWS::EC2::Subnet'];

/** The logical IDs of a template's routes to a NAT gateway (the private subnets' default routes). */
function natRoutes(template: CfnTemplate): string[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::EC2::Route' && resource.Properties?.NatGatewayId !== undefined)
    .map(([id]) => id);
}

/**
 * The off-hours switch flips one stack parameter; the switched resources carry
 * a condition on it. Evaluate the scheduled template for "on" and for "off" and
 * diff the two as `cdk diff` would: switching off must destroy exactly the
 * switched resources and replace nothing.
 */
describe.each([
  ['business hours, one AZ', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }) }],
  ['business hours, two AZs, a NAT gateway per AZ', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }), maxAzs: 2, natGateways: NatGateways.perAz() }],
  ['business hours, two AZs, one NAT gateway', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }), maxAzs: 2, natGateways: NatGateways.single() }],
  ['business hours, split tunnel', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }), splitTunnel: true }],
  ['business hours, an instance type', { schedule: Schedule.businessHours({ timeZone: 'Asia/Tokyo' }), instanceType: new ec2.InstanceType('t3.small') }],
])('the off-hours flip (%s)', (_name, props) => {
  // Synthesized in the tests, so that a failure is one test's, not the file's.
  let cached: { scheduled: Synthesized; parameter: string } | undefined;
  const synthesized = () => {
    if (!cached) {
      const scheduled = synthesize(props);
      cached = { scheduled, parameter: switchParameters(scheduled.template)[0] };
    }
    return cached;
  };

  test('the template has one switch parameter, allowed values on and off', () => {
    const { scheduled } = synthesized();
    expect(switchParameters(scheduled.template)).toHaveLength(1);
  });

  test('exactly the switched resources carry a condition, and it is true for on and false for off', () => {
    const { scheduled, parameter } = synthesized();
    const conditioned = Object.entries(scheduled.template.Resources).filter(([, resource]) => resource.Condition !== undefined);
    const expected = Object.entries(scheduled.template.Resources)
      .filter(([id, resource]) => SWITCHED_TYPES.includes(resource.Type) || natRoutes(scheduled.template).includes(id))
      .map(([id]) => id);
    expect(expected.length).toBeGreaterThan(0);
    expect(conditioned.map(([id]) => id).sort()).toEqual(expected.sort());
    for (const [, resource] of conditioned) {
      expect(evaluateCondition(scheduled.template, { [parameter]: SWITCH_VALUES[0] }, resource.Condition)).toBe(true);
      expect(evaluateCondition(scheduled.template, { [parameter]: SWITCH_VALUES[1] }, resource.Condition)).toBe(false);
    }
  });

  test('switching off destroys the associations, Client VPN routes, NAT gateways and their default routes; replaces nothing; keeps the rest', () => {
    const { scheduled, parameter } = synthesized();
    expect(parameter).toBeDefined();
    const on = withConditionsEvaluated(scheduled.template, { [parameter]: SWITCH_VALUES[0] });
    const off = withConditionsEvaluated(scheduled.template, { [parameter]: SWITCH_VALUES[1] });
    const measured = liveEffects({ template: on, paths: scheduled.paths }, { template: off, paths: scheduled.paths });
    const switched = Object.entries(on.Resources)
      .filter(([id, resource]) => SWITCHED_TYPES.includes(resource.Type) || natRoutes(on).includes(id))
      .map(([id, resource]): Effect => ({ impact: 'destroyed', type: resource.Type as Effect['type'], what: scheduled.paths.get(id)! }));
    expect(switched.length).toBeGreaterThan(0);
    expect(effectProblems(sortEffects(switched), measured)).toEqual([]);
    for (const type of KEPT_TYPES.filter((kept) => Object.values(on.Resources).some((resource) => resource.Type === kept))) {
      expect(Object.values(off.Resources).some((resource) => resource.Type === type)).toBe(true);
    }
    // No update may reach beyond the switched resources either (a replaced
    // reference, a changed property of a kept resource).
    const diff = fullDiff(on, off);
    const changedKept: string[] = [];
    diff.resources.forEachDifference((id, change) => {
      if (change.isUpdate && KEPT_TYPES.includes(change.resourceType ?? '')) changedKept.push(`${change.resourceType} ${scheduled.paths.get(id)}`);
    });
    expect(changedKept).toEqual([]);
  });
});
