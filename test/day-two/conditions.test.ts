import { evaluateCondition, switchParameters, withConditionsEvaluated } from './conditions';
import type { CfnTemplate } from './transition-diff';

const TEMPLATE: CfnTemplate = {
  Parameters: {
    State: { Type: 'String', Default: 'on', AllowedValues: ['on', 'off'] },
    Other: { Type: 'String', Default: 'a', AllowedValues: ['a', 'b'] },
  },
  Conditions: {
    IsOn: { 'Fn::Equals': [{ Ref: 'State' }, 'on'] },
    IsOff: { 'Fn::Not': [{ Condition: 'IsOn' }] },
    OnAndA: { 'Fn::And': [{ Condition: 'IsOn' }, { 'Fn::Equals': ['a', { Ref: 'Other' }] }] },
    OnOrB: { 'Fn::Or': [{ Condition: 'IsOn' }, { 'Fn::Equals': [{ Ref: 'Other' }, 'b'] }] },
  },
  Resources: {
    Gateway: { Type: 'AWS::EC2::NatGateway', Condition: 'IsOn', Properties: { SubnetId: 'subnet-1' } },
    Server: {
      Type: 'AWS::EC2::Instance',
      Properties: { Tags: [{ 'Fn::If': ['IsOn', { Key: 'state', Value: 'on' }, { Ref: 'AWS::NoValue' }] }], Note: { 'Fn::If': ['OnAndA', 'x', 'y'] } },
    },
  },
  Outputs: { GatewayId: { Condition: 'IsOn', Value: { Ref: 'Gateway' } } },
};

describe('the condition evaluator', () => {
  test.each([
    [{ State: 'on', Other: 'a' }, { IsOn: true, IsOff: false, OnAndA: true, OnOrB: true }],
    [{ State: 'off', Other: 'a' }, { IsOn: false, IsOff: true, OnAndA: false, OnOrB: false }],
    [{ State: 'off', Other: 'b' }, { IsOn: false, IsOff: true, OnAndA: false, OnOrB: true }],
    [{}, { IsOn: true, IsOff: false, OnAndA: true, OnOrB: true }],
  ])('Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition, for %j (defaults otherwise)', (parameters, expected) => {
    const values = Object.fromEntries(Object.keys(expected).map((name) => [name, evaluateCondition(TEMPLATE, parameters, name)]));
    expect(values).toEqual(expected);
  });

  test('a false condition removes the resource and its outputs; Fn::If picks a branch and AWS::NoValue drops the item', () => {
    const off = withConditionsEvaluated(TEMPLATE, { State: 'off' });
    expect(Object.keys(off.Resources)).toEqual(['Server']);
    expect(off.Resources.Server.Properties).toEqual({ Tags: [], Note: 'y' });
    expect(off.Outputs).toEqual({});
    expect(off.Parameters.State.Default).toBe('off');
    const on = withConditionsEvaluated(TEMPLATE, { State: 'on' });
    expect(on.Resources.Gateway).toEqual({ Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-1' } });
    expect(on.Resources.Server.Properties).toEqual({ Tags: [{ Key: 'state', Value: 'on' }], Note: 'x' });
  });

  test('only a parameter allowed exactly on and off is a switch parameter', () => {
    expect(switchParameters(TEMPLATE)).toEqual(['State']);
  });

  test('an unknown function or a Ref to a non-parameter is an error, not a guess', () => {
    expect(() => evaluateCondition(TEMPLATE, {}, { 'Fn::Contains': [['on'], 'on'] })).toThrow(/Fn::Contains is not a condition function/);
    expect(() => evaluateCondition(TEMPLATE, {}, { 'Fn::Equals': [{ Ref: 'Gateway' }, 'x'] })).toThrow(/Gateway, which is not a parameter/);
  });
});
