import type { ClientPlatform, JamfRisk } from './conditions';
import { decide } from './engine';
import type { CedarStatement } from './engine';
import { CONNECTION } from './schema';
import type { TrustProviderType } from './schema';
import { propError } from '../core/errors';

/** A device's CrowdStrike Zero Trust Assessment, as its token reports it. */
export interface CrowdStrikeAssessment {
  /** The overall score, 1 to 100. */
  readonly overall: number;

  /**
   * The OS settings score, 1 to 100.
   *
   * @default - the overall score
   */
  readonly os?: number;

  /**
   * The sensor configuration score, 1 to 100.
   *
   * @default - the overall score
   */
  readonly sensorConfig?: number;
}

/**
 * A connection to test a policy with: who connects, from where, with what.
 * What is left out is absent or empty, as for a device that does not send it.
 */
export interface ConnectionDescription {
  /**
   * The IAM Identity Center group IDs of the user (the SAML `memberOf` attribute).
   *
   * @default - no group
   */
  readonly groups?: string[];

  /**
   * The operating system of the device.
   *
   * @default - an empty platform
   */
  readonly platform?: ClientPlatform;

  /**
   * The version of the operating system.
   *
   * @default ''
   */
  readonly platformVersion?: string;

  /**
   * The device's public IPv4 address.
   *
   * @default ''
   */
  readonly publicIp?: string;

  /**
   * The version of the AWS provided client.
   *
   * @default ''
   */
  readonly awsClientVersion?: string;

  /**
   * The version of OpenVPN in the client.
   *
   * @default ''
   */
  readonly openVpnVersion?: string;

  /**
   * The CrowdStrike assessment the device's token carries.
   *
   * @default - no CrowdStrike token
   */
  readonly crowdStrike?: CrowdStrikeAssessment;

  /**
   * The Jamf risk the device's token carries.
   *
   * @default - no Jamf token
   */
  readonly jamfRisk?: JamfRisk;

  /**
   * Whether JumpCloud manages the device, as its token says.
   *
   * @default - no JumpCloud token
   */
  readonly jumpCloudManaged?: boolean;
}

/** What Client VPN decides for a connection, as its connection log records it. */
export interface ConnectionDecision {
  /**
   * `permit`, `deny` or `error`, as the log's `authorization-policy-evaluation`
   * `result`: `error` when a statement reads an attribute the connection does
   * not have.
   */
  readonly result: string;

  /** Whether the connection gets in once the policy is enforced (`permit` only: Client VPN enforces `deny` and `error` alike). */
  readonly allowed: boolean;

  /** The `@id` of the statements that decided: the permits that applied, or the forbids that denied. */
  readonly decidingStatements: string[];

  /** The statements that could not be evaluated, with the engine's reason. */
  readonly errors: string[];
}

/** The Cedar context of a described connection. */
export function contextOf(connection: ConnectionDescription, providers: readonly TrustProviderType[]): Record<string, unknown> {
  const posture: Array<[TrustProviderType, unknown]> = [];
  if (connection.crowdStrike) {
    const { overall, os = overall, sensorConfig = overall } = connection.crowdStrike;
    posture.push(['crowdstrike', { assessment: { overall, os, sensor_config: sensorConfig } }]);
  }
  if (connection.jamfRisk) {
    posture.push(['jamf', { risk: connection.jamfRisk.value }]);
  }
  if (connection.jumpCloudManaged !== undefined) {
    posture.push(['jumpcloud', { device: { is_managed: connection.jumpCloudManaged } }]);
  }
  for (const [type] of posture) {
    if (!providers.includes(type)) {
      throw propError('evaluateConnection connection', type, `carries a ${type} posture, but devicePosture has no ${type} trust provider, so Client VPN would not pass it on`);
    }
  }
  return {
    saml: { memberOf: connection.groups ?? [] },
    connection: {
      [CONNECTION.endpointId]: 'cvpn-endpoint-example',
      [CONNECTION.connectionId]: 'cvpn-connection-example',
      [CONNECTION.platform]: connection.platform?.value ?? '',
      [CONNECTION.platformVersion]: connection.platformVersion ?? '',
      [CONNECTION.publicIp]: connection.publicIp ?? '',
      [CONNECTION.openVpnVersion]: connection.openVpnVersion ?? '',
      [CONNECTION.awsClientVersion]: connection.awsClientVersion ?? '',
    },
    ...Object.fromEntries(posture),
  };
}

/**
 * The decision as Client VPN makes it: Cedar's (a permit applies and no
 * forbid does), except that a statement that errors makes the result
 * `error`, which Client VPN enforces as a deny (where Cedar alone would skip it).
 */
export function evaluate(statements: CedarStatement[], schema: string, context: Record<string, unknown>): ConnectionDecision {
  const decision = decide(statements, context, schema);
  const result = decision.errors.length > 0 ? 'error' : decision.allowed ? 'permit' : 'deny';
  return {
    result,
    allowed: result === 'permit',
    decidingStatements: result === 'error' ? [] : decision.determining,
    errors: decision.errors,
  };
}
