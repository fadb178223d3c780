import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConnectionAlarmOptions } from './alarm-options';
import { bastionError } from '../core/errors';
import { addDashboardOutput } from '../outputs';

/*
 * Who connected, at a glance: CloudWatch Logs Insights saved queries over the
 * endpoint's connection log, a dashboard of its AWS/ClientVPN metrics, and
 * optional alarms. The queries read the connection log records as the Client
 * VPN Administrator Guide documents them ("Connection logging"): JSON objects
 * with hyphenated keys, which Logs Insights discovers as fields and which a
 * query must quote in backticks.
 */

/** Client VPN publishes its CloudWatch metrics every 5 minutes (Client VPN Administrator Guide, "Monitoring with Amazon CloudWatch"). */
export const CLIENT_VPN_METRIC_PERIOD = Duration.minutes(5);

const DEFAULT_AUTHENTICATION_FAILURES = 5;

/** A saved Logs Insights query, as data: the tests check its fields against documented records. */
export interface ConnectionLogQuery {
  /** The construct ID of its AWS::Logs::QueryDefinition. */
  readonly id: string;
  /** The name it is saved under, after the bastion's folder. */
  readonly name: string;
  /** The question it answers (README says the same). */
  readonly answers: string;
  readonly fields?: string[];
  /** Conditions, all of which a record must meet. */
  readonly filter: string[];
  readonly stats?: string;
  readonly sort: string;
  readonly limit: number;
}

export const CONNECTION_LOG_QUERIES: ConnectionLogQuery[] = [
  {
    id: 'SessionsQuery',
    name: 'Sessions',
    answers: 'Who connected, when, from which public address, until when (`ended` is `NA` while connected), and how many bytes each way, one row per connection',
    // Every record of a connection carries its ID; the later ones carry the end time and the byte counters so far.
    filter: ['ispresent(`connection-id`)', '`connection-attempt-status` != "failed"'],
    stats: 'earliest(`username`) as user, earliest(`device-ip`) as fromAddress, earliest(`device-type`) as device, ' +
      'earliest(`client-ip`) as vpnAddress, earliest(`connection-start-time`) as started, latest(`connection-end-time`) as ended, ' +
      'latest(`ingress-bytes`) as bytesFromClient, latest(`egress-bytes`) as bytesToClient by `connection-id`',
    sort: 'started desc',
    limit: 1000,
  },
  {
    id: 'SignInsPerPersonQuery',
    name: 'Sign-ins per person',
    answers: 'How often each person signed in, and when last',
    filter: ['`connection-log-type` = "connection-attempt"', '`connection-attempt-status` = "successful"'],
    stats: 'count(*) as signIns, max(@timestamp) as lastSignIn by `username`',
    sort: 'signIns desc',
    limit: 1000,
  },
  {
    id: 'FailedSignInsQuery',
    name: 'Failed sign-ins',
    answers: 'Each failed sign-in: when, who (as far as the identity provider said), from which public address and device, and why',
    fields: ['@timestamp', '`username`', '`device-ip`', '`device-type`', '`connection-attempt-failure-reason`'],
    filter: ['`connection-attempt-status` = "failed"'],
    sort: '@timestamp desc',
    limit: 1000,
  },
  {
    id: 'FailedSignInsByAddressQuery',
    name: 'Failed sign-ins by address',
    answers: 'Which public addresses fail to sign in, how often, and between which times: a burst from one address is someone guessing',
    filter: ['`connection-attempt-status` = "failed"'],
    stats: 'count(*) as failures, min(@timestamp) as first, max(@timestamp) as last by `device-ip`, `username`',
    sort: 'failures desc',
    limit: 1000,
  },
];

/**
 * With a connection policy: what it decided. Client VPN writes each decision
 * as an `authorization-policy-evaluation` object in the connection log
 * record (`result` permit, deny or error; `shadow-mode`; `evaluation-type`
 * connection-attempt or periodic; `reason` for a deny or an error), which
 * Logs Insights flattens into dotted fields.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html
 */
const DECISION = 'authorization-policy-evaluation';

export const AUTHORIZATION_POLICY_QUERIES: ConnectionLogQuery[] = [
  {
    id: 'PolicyDenialsQuery',
    name: 'Authorization policy denials',
    answers: 'Who the connection policy denied, or would have denied in shadow mode, how often, when last, and why (`error`: the policy read something the connection lacks)',
    filter: [`ispresent(\`${DECISION}.result\`)`, `\`${DECISION}.result\` != "permit"`],
    stats: `count(*) as denials, max(@timestamp) as last by \`username\`, \`${DECISION}.result\`, \`${DECISION}.reason\`, \`${DECISION}.shadow-mode\``,
    sort: 'denials desc',
    limit: 1000,
  },
  {
    id: 'PolicyDecisionsQuery',
    name: 'Authorization policy decisions',
    answers: 'How many connections and periodic checks the connection policy permitted and denied, in shadow mode or enforced',
    filter: [`ispresent(\`${DECISION}.result\`)`],
    stats: `count(*) as decisions by \`${DECISION}.result\`, \`${DECISION}.shadow-mode\`, \`${DECISION}.evaluation-type\``,
    sort: 'decisions desc',
    limit: 100,
  },
];

function queryStringObjectOf(query: ConnectionLogQuery): logs.QueryString {
  return new logs.QueryString({
    fields: query.fields,
    filterStatements: [query.filter.join(' and ')],
    statsStatements: query.stats === undefined ? undefined : [query.stats],
    sort: query.sort,
    limit: query.limit,
  });
}

/** The query in Logs Insights' language, as the saved query and the dashboard hold it. */
export function queryStringOf(query: ConnectionLogQuery): string {
  return queryStringObjectOf(query).toString();
}

export interface ConnectionInsightsProps {
  readonly endpoint: ec2.ClientVpnEndpoint;
  readonly logGroup: logs.ILogGroup;
  readonly server: ec2.Instance;
  /** Whether the off-hours switch turns the bastion (and so the server) on and off. */
  readonly scheduled: boolean;
  /** The off-hours switch's errors alarm and its queue of failed invocations, shown on the dashboard and sent to the alarms' topic. */
  readonly switchFailures?: { readonly errorAlarm: cloudwatch.Alarm; readonly failedInvocations: sqs.IQueue };
  readonly alarms?: ConnectionAlarmOptions;
  /** Whether the endpoint has a connection policy, whose decisions get their queries and widgets. */
  readonly connectionPolicy?: boolean;
}

/** The saved queries, the dashboard (its URL is a stack output) and the optional alarms. */
export class ConnectionInsights extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly queries: logs.QueryDefinition[];
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ConnectionInsightsProps) {
    super(scope, id);
    checkAlarmOptions(props.alarms, scope);

    const folder = `SsoClientVpnBastion/${scope.node.path}`;
    const queries = [...CONNECTION_LOG_QUERIES, ...(props.connectionPolicy ? AUTHORIZATION_POLICY_QUERIES : [])];
    this.queries = queries.map((query) => new logs.QueryDefinition(this, query.id, {
      queryDefinitionName: `${folder}/${query.name}`.slice(0, 255),
      queryString: queryStringObjectOf(query),
      logGroups: [props.logGroup],
    }));

    // Labelled for the graphs; an alarm takes the metric without its label (a label makes CloudFormation's metric-math form).
    const metric = (metricName: string, statistic: string, label?: string) => new cloudwatch.Metric({
      namespace: 'AWS/ClientVPN',
      metricName,
      dimensionsMap: { Endpoint: props.endpoint.endpointId },
      statistic,
      period: CLIENT_VPN_METRIC_PERIOD,
      label,
    });
    const activeConnections = metric('ActiveConnectionsCount', cloudwatch.Stats.MAXIMUM, 'Active connections');
    const authenticationFailures = metric('AuthenticationFailures', cloudwatch.Stats.SUM, 'Authentication failures');

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Active connections (maximum per 5 minutes)', left: [activeConnections], width: 8, leftYAxis: { min: 0 } }),
      new cloudwatch.GraphWidget({ title: 'Authentication failures (per 5 minutes)', left: [authenticationFailures], width: 8, leftYAxis: { min: 0 } }),
      new cloudwatch.GraphWidget({
        title: 'Bytes in and out (per 5 minutes)',
        left: [metric('IngressBytes', cloudwatch.Stats.SUM, 'Into the endpoint'), metric('EgressBytes', cloudwatch.Stats.SUM, 'Out of the endpoint')],
        width: 8,
        leftYAxis: { min: 0 },
      }),
    );
    if (props.scheduled) {
      // The switch stops the server when off, and a stopped instance publishes no
      // metrics: a 5-minute period with a CPU datapoint is a period the bastion was on.
      const cpu = new cloudwatch.Metric({
        namespace: 'AWS/EC2',
        metricName: 'CPUUtilization',
        dimensionsMap: { InstanceId: props.server.instanceId },
        statistic: cloudwatch.Stats.SAMPLE_COUNT,
        period: CLIENT_VPN_METRIC_PERIOD,
      });
      this.dashboard.addWidgets(new cloudwatch.GraphWidget({
        title: 'Bastion on (1) or off (0): the server reports metrics only while switched on',
        left: [new cloudwatch.MathExpression({ expression: 'IF(FILL(cpu, 0) > 0, 1, 0)', usingMetrics: { cpu }, label: 'On', period: CLIENT_VPN_METRIC_PERIOD })],
        width: props.switchFailures ? 16 : 24,
        height: 4,
        leftYAxis: { min: 0, max: 1 },
      }), ...(props.switchFailures ? [new cloudwatch.AlarmWidget({
        title: 'Switch failures (see the switch\'s log group; failed invocations are kept in its queue)',
        alarm: props.switchFailures.errorAlarm,
        width: 8,
        height: 4,
        leftYAxis: { min: 0 },
      })] : []));
      if (props.switchFailures) {
        this.dashboard.addWidgets(new cloudwatch.SingleValueWidget({
          title: 'Failed switch invocations kept (FailedInvocations queue)',
          metrics: [props.switchFailures.failedInvocations.metricApproximateNumberOfMessagesVisible({
            period: CLIENT_VPN_METRIC_PERIOD,
            statistic: cloudwatch.Stats.MAXIMUM,
          })],
          width: 24,
          height: 3,
        }));
      }
    }
    const [sessions, , failed] = CONNECTION_LOG_QUERIES;
    this.dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({ title: 'Sessions', logGroupNames: [props.logGroup.logGroupName], queryString: queryStringOf(sessions), width: 16, height: 8 }),
      new cloudwatch.LogQueryWidget({ title: 'Failed sign-ins', logGroupNames: [props.logGroup.logGroupName], queryString: queryStringOf(failed), width: 8, height: 8 }),
    );
    if (props.connectionPolicy) {
      const [denials, decisions] = AUTHORIZATION_POLICY_QUERIES;
      this.dashboard.addWidgets(
        new cloudwatch.LogQueryWidget({ title: 'Connection policy: allows and denies', logGroupNames: [props.logGroup.logGroupName], queryString: queryStringOf(decisions), width: 8, height: 6 }),
        new cloudwatch.LogQueryWidget({ title: 'Connection policy: denied or would be denied (shadow), by person and reason', logGroupNames: [props.logGroup.logGroupName], queryString: queryStringOf(denials), width: 16, height: 6 }),
      );
    }

    if (props.alarms) {
      const action = new cloudwatchActions.SnsAction(props.alarms.topic);
      const alarm = (alarmId: string, description: string, alarmMetric: cloudwatch.Metric, threshold: number) => {
        const created = alarmMetric.createAlarm(this, alarmId, {
          alarmDescription: description,
          threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          // No data: nobody tried, or the bastion is switched off.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        });
        created.addAlarmAction(action);
        created.addOkAction(action);
        this.alarms.push(created);
      };
      const failures = props.alarms.authenticationFailures ?? DEFAULT_AUTHENTICATION_FAILURES;
      alarm('AuthenticationFailuresAlarm', `${failures} or more failed sign-ins to the Client VPN endpoint of ${scope.node.path} within 5 minutes`,
        metric('AuthenticationFailures', cloudwatch.Stats.SUM), failures);
      if (props.switchFailures) {
        // The switch's own alarm (it exists with or without a topic) reaches the same people.
        props.switchFailures.errorAlarm.addAlarmAction(action);
        props.switchFailures.errorAlarm.addOkAction(action);
      }
      if (props.alarms.activeConnections !== undefined) {
        alarm('ActiveConnectionsAlarm', `${props.alarms.activeConnections} or more connections open at once on the Client VPN endpoint of ${scope.node.path}`,
          metric('ActiveConnectionsCount', cloudwatch.Stats.MAXIMUM), props.alarms.activeConnections);
      }
    }

    addDashboardOutput(scope, this.dashboard.dashboardName);
  }
}

function checkAlarmOptions(alarms: ConnectionAlarmOptions | undefined, scope: Construct): void {
  for (const [prop, value] of [['authenticationFailures', alarms?.authenticationFailures], ['activeConnections', alarms?.activeConnections]] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !(Number.isInteger(value) && value >= 1)) {
      throw bastionError(`alarms.${prop} ${value} must be a whole number of at least 1 (an alarm at 0 would fire with nobody there).`, scope);
    }
  }
}
