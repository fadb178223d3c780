import type * as sns from 'aws-cdk-lib/aws-sns';

/**
 * CloudWatch alarms on the endpoint's sign-ins and connections, sent to an SNS topic of yours.
 *
 * Client VPN publishes its metrics every 5 minutes, so each alarm looks at
 * one 5-minute period. A period without data (nobody tried to connect, or
 * the bastion is switched off) is not a breach.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/monitoring-cloudwatch.html
 */
export interface ConnectionAlarmOptions {
  /** The SNS topic that receives the alarms (and their return to OK). */
  readonly topic: sns.ITopic;

  /**
   * Alarm when this many sign-ins fail within 5 minutes (the endpoint's
   * `AuthenticationFailures` metric): someone guessing, or a broken SAML setup.
   *
   * @default 5
   */
  readonly authenticationFailures?: number;

  /**
   * Alarm when this many connections are open at once (the endpoint's
   * `ActiveConnectionsCount` metric), for example the number of people who
   * should ever connect, or a little under the endpoint's connection quota.
   *
   * @default - no alarm on the number of connections
   */
  readonly activeConnections?: number;
}
