import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ConnectionCondition, ConnectionPolicy, PolicyStatement, Schedule, SsoClientVpnBastion } from '../src';
import { CONNECTION_LOG_RECORDS, DOCUMENTED_FIELDS, POLICY_DECISION_RECORDS } from './connection-log-records';
import type { ConnectionLogRecord } from './connection-log-records';
import { logicalIdOf, newStack, requiredProps, synthBastion } from './fixtures';
import { AUTHORIZATION_POLICY_QUERIES, CONNECTION_LOG_QUERIES } from '../src/monitoring/connection-insights';

/*
 * The saved queries are read from the synthesized template and evaluated, in
 * a small model of the Logs Insights commands they use, over connection log
 * records in the format the Client VPN Administrator Guide documents
 * (connection-log-records.ts). A field the records do not have, a value the
 * service does not write, or a command the model does not know fails here.
 */

type Row = Record<string, string | number>;
interface Event { readonly timestamp: number; readonly record: ConnectionLogRecord }

const FIELD = /`([^`]+)`/g;
const valueOf = (event: Event, field: string): string | number | undefined => (field === '@timestamp' ? event.timestamp : event.record[field]);
const unquote = (field: string) => field.replace(/^`|`$/g, '');

/** Every log field a query reads: backticked names and @timestamp. */
function fieldsRead(query: string): string[] {
  return [...query.matchAll(FIELD)].map((match) => match[1]);
}

function condition(text: string): (event: Event) => boolean {
  const present = /^ispresent\(`([^`]+)`\)$/.exec(text);
  if (present) {
    return (event) => valueOf(event, present[1]) !== undefined;
  }
  const comparison = /^`([^`]+)` (=|!=) "([^"]*)"$/.exec(text);
  if (comparison) {
    const [, field, operator, value] = comparison;
    return (event) => (valueOf(event, field) === value) === (operator === '=');
  }
  throw new Error(`the query model does not know the condition: ${text}`);
}

function aggregate(fn: string, arg: string, events: Event[]): string | number {
  const values = events.map((event) => (arg === '*' ? 1 : valueOf(event, unquote(arg))));
  if (values.some((value) => value === undefined)) {
    throw new Error(`${fn}(${arg}): a record lacks the field`);
  }
  switch (fn) {
    case 'count': return values.length;
    case 'earliest': return values[0]!;
    case 'latest': return values[values.length - 1]!;
    case 'min': return Math.min(...values.map(Number));
    case 'max': return Math.max(...values.map(Number));
    default: throw new Error(`the query model does not know the function ${fn}`);
  }
}

/** Runs a query over the events, oldest first (as Logs Insights' earliest/latest see them). */
function run(query: string, events: readonly Event[]): Row[] {
  let selected = [...events].sort((a, b) => a.timestamp - b.timestamp);
  let projection: string[] | undefined;
  let rows: Row[] | undefined;
  const compare = (a: string | number | undefined, b: string | number | undefined) => (a! < b! ? -1 : a! > b! ? 1 : 0);
  for (const command of query.split('\n| ')) {
    const [keyword, ...rest] = command.split(' ');
    const body = rest.join(' ');
    if (keyword === 'filter') {
      const conditions = body.split(' and ').map(condition);
      selected = selected.filter((event) => conditions.every((test) => test(event)));
    } else if (keyword === 'fields') {
      projection = body.split(', ').map(unquote);
    } else if (keyword === 'stats') {
      const [aggregates, by] = body.split(' by ');
      const keys = by.split(', ').map(unquote);
      const groups = new Map<string, Event[]>();
      for (const event of selected) {
        const key = JSON.stringify(keys.map((k) => valueOf(event, k)));
        groups.set(key, [...(groups.get(key) ?? []), event]);
      }
      rows = [...groups.values()].map((group) => {
        const row: Row = Object.fromEntries(keys.map((k) => [k, valueOf(group[0], k)!]));
        for (const part of aggregates.split(/, (?=[a-z]+\()/)) {
          const parsed = /^([a-z]+)\(([^)]*)\) as (\w+)$/.exec(part);
          if (!parsed) throw new Error(`the query model does not know the aggregate: ${part}`);
          row[parsed[3]] = aggregate(parsed[1], parsed[2], group);
        }
        return row;
      });
    } else if (keyword === 'sort') {
      const [field, order] = body.split(' ');
      const sign = order === 'desc' ? -1 : 1;
      if (rows) {
        if (!rows.every((row) => field in row)) throw new Error(`sort by ${field}, which the rows do not have`);
        rows = [...rows].sort((a, b) => compare(a[field], b[field]) * sign);
      } else {
        selected = [...selected].sort((a, b) => compare(valueOf(a, field), valueOf(b, field)) * sign);
      }
    } else if (keyword === 'limit') {
      rows = rows?.slice(0, Number(body));
      selected = selected.slice(0, Number(body));
    } else {
      throw new Error(`the query model does not know the command ${keyword}`);
    }
  }
  if (rows) {
    return rows;
  }
  if (!projection) {
    throw new Error('a query without stats must say which fields it shows');
  }
  return selected.map((event) => Object.fromEntries(projection!.map((name) => {
    const value = valueOf(event, name);
    if (value === undefined) throw new Error(`fields ${name}: a record lacks the field`);
    return [name, value];
  })));
}

function savedQueries(template: Template): Map<string, string> {
  const definitions = Object.values(template.findResources('AWS::Logs::QueryDefinition')) as any[];
  return new Map(definitions.map((d) => [d.Properties.Name.split('/').pop(), d.Properties.QueryString]));
}

describe('saved queries over the connection log', () => {
  const { template } = synthBastion();
  const queries = savedQueries(template);

  test('one AWS::Logs::QueryDefinition per query, on the connection log group, in the bastion\'s folder', () => {
    template.resourceCountIs('AWS::Logs::QueryDefinition', CONNECTION_LOG_QUERIES.length);
    const connectionLogs = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('BastionConnectionLogs'));
    for (const query of CONNECTION_LOG_QUERIES) {
      template.hasResourceProperties('AWS::Logs::QueryDefinition', {
        Name: `SsoClientVpnBastion/TestStack/Bastion/${query.name}`,
        LogGroupNames: [{ Ref: connectionLogs }],
      });
    }
  });

  test.each(CONNECTION_LOG_QUERIES.map((q) => [q.name]))('%s reads only fields that documented connection log records have', (name) => {
    const fields = fieldsRead(queries.get(name)!);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((field) => !DOCUMENTED_FIELDS.includes(field))).toEqual([]);
  });

  test('Sessions: one row per connection, who, from where, when, until when, and bytes each way; failed sign-ins left out', () => {
    expect(run(queries.get('Sessions')!, CONNECTION_LOG_RECORDS)).toEqual([{
      'connection-id': 'cvpn-connection-abc123abc123abc12',
      'user': 'joe',
      'fromAddress': '98.247.202.82',
      'device': 'mac',
      'vpnAddress': '10.0.1.2',
      'started': '2020-03-26 20:37:15',
      'ended': '2020-03-26 21:52:40',
      'bytesFromClient': '4183726',
      'bytesToClient': '95124817',
    }]);
  });

  test('Sessions: a connection still open shows ended NA', () => {
    const [open] = run(queries.get('Sessions')!, CONNECTION_LOG_RECORDS.slice(0, 1));
    expect(open).toEqual(expect.objectContaining({ user: 'joe', ended: 'NA' }));
  });

  test('Sign-ins per person: successful sign-ins only', () => {
    expect(run(queries.get('Sign-ins per person')!, CONNECTION_LOG_RECORDS)).toEqual([
      { username: 'joe', signIns: 1, lastSignIn: CONNECTION_LOG_RECORDS[0].timestamp },
    ]);
  });

  test('Failed sign-ins: each failure with who, where from and why', () => {
    expect(run(queries.get('Failed sign-ins')!, CONNECTION_LOG_RECORDS)).toEqual([{
      '@timestamp': CONNECTION_LOG_RECORDS[2].timestamp,
      'username': 'mallory',
      'device-ip': '203.0.113.50',
      'device-type': 'mac',
      'connection-attempt-failure-reason': 'client-connect-failed',
    }]);
  });

  test('Failed sign-ins by address: counted per public address and name', () => {
    const at = CONNECTION_LOG_RECORDS[2].timestamp;
    expect(run(queries.get('Failed sign-ins by address')!, CONNECTION_LOG_RECORDS)).toEqual([
      { 'device-ip': '203.0.113.50', 'username': 'mallory', 'failures': 1, 'first': at, 'last': at },
    ]);
  });

  test('a renamed field fails: the model refuses a record without it', () => {
    const renamed = queries.get('Sessions')!.replace('`device-ip`', '`source-ip`');
    expect(fieldsRead(renamed)).toContain('source-ip');
    expect(() => run(renamed, CONNECTION_LOG_RECORDS)).toThrow(/lacks the field/);
  });

  test('a value the service does not write selects nothing', () => {
    const wrong = queries.get('Failed sign-ins')!.replace('"failed"', '"failure"');
    expect(run(wrong, CONNECTION_LOG_RECORDS)).toEqual([]);
  });
});

describe('with a connection policy, its decisions', () => {
  const policy = ConnectionPolicy.fromStatements([PolicyStatement.permit({ id: 'groups', when: [ConnectionCondition.memberOfAuthorizedGroups()] })]);
  const { template } = synthBastion({ connectionPolicy: policy });
  const queries = savedQueries(template);

  test('two more saved queries, and none without a policy', () => {
    template.resourceCountIs('AWS::Logs::QueryDefinition', CONNECTION_LOG_QUERIES.length + AUTHORIZATION_POLICY_QUERIES.length);
    expect(savedQueries(synthBastion().template).has('Authorization policy denials')).toBe(false);
  });

  test.each(AUTHORIZATION_POLICY_QUERIES.map((q) => [q.name]))('%s reads only fields of the documented decision records', (name) => {
    const documented = new Set(POLICY_DECISION_RECORDS.flatMap(({ record }) => Object.keys(record)));
    const fields = fieldsRead(queries.get(name)!);
    expect(fields.filter((field) => !documented.has(field))).toEqual([]);
  });

  test('Authorization policy denials: denied or would have been denied (shadow), by person and reason; permits and records without a decision left out', () => {
    const rows = run(queries.get('Authorization policy denials')!, [...CONNECTION_LOG_RECORDS, ...POLICY_DECISION_RECORDS]);
    expect(rows).toEqual(expect.arrayContaining([
      expect.objectContaining({ 'username': 'mallory', 'authorization-policy-evaluation.result': 'error', 'authorization-policy-evaluation.shadow-mode': 'disabled', 'denials': 1 }),
      expect.objectContaining({ 'username': 'mallory', 'authorization-policy-evaluation.result': 'error', 'authorization-policy-evaluation.shadow-mode': 'enabled', 'denials': 1 }),
      expect.objectContaining({ 'username': 'joe', 'authorization-policy-evaluation.result': 'deny', 'authorization-policy-evaluation.reason': 'policy-deny', 'denials': 1 }),
    ]));
    expect(rows).toHaveLength(3);
  });

  test('Authorization policy decisions: counted by result, mode and kind of check', () => {
    const rows = run(queries.get('Authorization policy decisions')!, [...CONNECTION_LOG_RECORDS, ...POLICY_DECISION_RECORDS]);
    expect(rows.reduce((sum, row) => sum + Number(row.decisions), 0)).toBe(POLICY_DECISION_RECORDS.length);
    expect(rows).toContainEqual(expect.objectContaining({ 'authorization-policy-evaluation.result': 'permit', 'decisions': 1 }));
  });

  test('the dashboard shows allows and denies', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    expect(body).toContain('Connection policy: allows and denies');
    expect(body).toContain('authorization-policy-evaluation.result');
  });
});

describe('the dashboard', () => {
  const dashboardBody = (template: Template) => {
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as any[];
    expect(dashboard).toHaveLength(1);
    return JSON.stringify(dashboard[0].Properties.DashboardBody);
  };

  test('shows active connections, authentication failures and bytes of this endpoint, and the sessions and failures tables', () => {
    const { template } = synthBastion();
    const body = dashboardBody(template);
    const endpoint = logicalIdOf(template, 'AWS::EC2::ClientVpnEndpoint');
    for (const metric of ['ActiveConnectionsCount', 'AuthenticationFailures', 'IngressBytes', 'EgressBytes']) {
      expect(body).toContain(`[\\"AWS/ClientVPN\\",\\"${metric}\\",\\"Endpoint\\",\\"\",{\"Ref\":\"${endpoint}\"}`);
    }
    expect(body).toContain('\\"type\\":\\"log\\"');
    expect(body).toContain('connection-attempt-status');
    expect(body).not.toContain('Bastion on');
  });

  test('with a schedule, also whether the bastion is on: the server\'s CPU datapoints, which stop while it is switched off', () => {
    const { template } = synthBastion({ schedule: Schedule.businessHours({ timeZone: 'UTC' }) });
    const body = dashboardBody(template);
    expect(body).toContain('Bastion on (1) or off (0)');
    expect(body).toContain('IF(FILL(cpu, 0) > 0, 1, 0)');
    expect(body).toContain(`\\"AWS/EC2\\",\\"CPUUtilization\\",\\"InstanceId\\",\\"\",{\"Ref\":\"${logicalIdOf(template, 'AWS::EC2::Instance')}\"}`);
  });

  test('its console URL is an output', () => {
    const { template } = synthBastion();
    const dashboard = logicalIdOf(template, 'AWS::CloudWatch::Dashboard');
    const outputs = template.findOutputs('*');
    const ids = Object.keys(outputs).filter((id) => id.startsWith('BastionDashboardUrl'));
    expect(ids).toHaveLength(1);
    expect(outputs[ids[0]].Value).toEqual({
      'Fn::Join': ['', ['https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#dashboards/dashboard/', { Ref: dashboard }]],
    });
  });
});

describe('alarms', () => {
  test('none by default', () => {
    synthBastion().template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('with a topic: failed sign-ins (5 in 5 minutes by default) to the topic, no data is not a breach', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ alarms: { topic } }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ClientVPN',
      MetricName: 'AuthenticationFailures',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] }],
      OKActions: [{ Ref: Object.keys(template.findResources('AWS::SNS::Topic'))[0] }],
    });
  });

  test('the connection alarm when a threshold is given', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ alarms: { topic, authenticationFailures: 3, activeConnections: 20 } }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AuthenticationFailures', Threshold: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ActiveConnectionsCount', Statistic: 'Maximum', Period: 300, Threshold: 20, TreatMissingData: 'notBreaching',
    });
  });

  test.each([0, -1, 2.5])('a threshold of %p is refused', (value) => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    expect(() => new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ alarms: { topic, activeConnections: value } })))
      .toThrow(/alarms\.activeConnections .* must be a whole number of at least 1/);
  });
});
