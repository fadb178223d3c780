import { SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { paginateDescribeClientVpnConnections } from '@aws-sdk/client-ec2';
import type { ClientVpnConnection, EC2Client } from '@aws-sdk/client-ec2';

/**
 * Whether the bastion is idle, asked of Client VPN itself rather than of the
 * alarm's metric: the alarm only says that the connection count stayed below
 * one (or was missing) for the idle time; the endpoint's connection list says
 * whether anyone is connected now or left within that time.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeClientVpnConnections.html
 */

/** Client VPN reports connection times as "yyyy-mm-dd hh:mm:ss" in UTC. */
function parseConnectionTime(text: string | undefined): number | undefined {
  if (!text) {
    return undefined;
  }
  const time = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
  return Number.isNaN(time) ? undefined : time;
}

function inUse(connection: ClientVpnConnection, since: number): boolean {
  const status = connection.Status?.Code;
  if (status === 'active' || status === 'failed-to-terminate') {
    return true;
  }
  const ended = parseConnectionTime(connection.ConnectionEndTime);
  return ended !== undefined && ended >= since;
}

/** The connections that are active now or ended after `since` (milliseconds since the epoch). */
export async function connectionsSince(ec2: EC2Client, endpointId: string, since: number): Promise<number> {
  let count = 0;
  for await (const page of paginateDescribeClientVpnConnections({ client: ec2 }, { ClientVpnEndpointId: endpointId })) {
    count += (page.Connections ?? []).filter((connection) => inUse(connection, since)).length;
  }
  return count;
}

/**
 * Puts the idle alarm back to OK, so that it goes to ALARM (and invokes the
 * switch) again after another idle time: CloudWatch runs alarm actions only on
 * a change of state.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html
 */
export async function rearmIdleAlarm(cloudWatch: CloudWatchClient, alarmName: string, reason: string): Promise<void> {
  await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: reason.slice(0, 1023) }));
}
