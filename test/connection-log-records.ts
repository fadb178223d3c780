/**
 * Connection log records of a Client VPN endpoint, in the format AWS documents.
 *
 * Source: AWS Client VPN Administrator Guide, "Connection logging for an AWS
 * Client VPN endpoint" > "Connection log entries"
 * (https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html):
 * "A connection log entry is a JSON-formatted blob of key-value pairs." The
 * first record is the guide's example, verbatim. The others are the same
 * connection later (a `connection-reset` record, under which the guide and
 * AWS's usage-report blog post place a connection's byte counters and end
 * time) and a failed sign-in, with exactly the guide's keys and only the
 * values changed. A renamed key in a query, or a key AWS renames here, fails
 * the tests that evaluate the saved queries against these records.
 */
export type ConnectionLogRecord = Readonly<Record<string, string>>;

/** The guide's example entry, verbatim. */
const DOCUMENTED_EXAMPLE: ConnectionLogRecord = {
  'connection-log-type': 'connection-attempt',
  'connection-attempt-status': 'successful',
  'connection-reset-status': 'NA',
  'connection-attempt-failure-reason': 'NA',
  'connection-id': 'cvpn-connection-abc123abc123abc12',
  'client-vpn-endpoint-id': 'cvpn-endpoint-aaa111bbb222ccc33',
  'transport-protocol': 'udp',
  'connection-start-time': '2020-03-26 20:37:15',
  'connection-last-update-time': '2020-03-26 20:37:15',
  'client-ip': '10.0.1.2',
  'common-name': 'client1',
  'device-type': 'mac',
  'device-ip': '98.247.202.82',
  'port': '50096',
  'ingress-bytes': '0',
  'egress-bytes': '0',
  'ingress-packets': '0',
  'egress-packets': '0',
  'connection-end-time': 'NA',
  'username': 'joe',
};

/** The keys of the documented entry: the only fields a query may read (besides Logs Insights' own @timestamp). */
export const DOCUMENTED_FIELDS: readonly string[] = Object.keys(DOCUMENTED_EXAMPLE);

/** Each record with the @timestamp CloudWatch Logs gives it (milliseconds). */
export const CONNECTION_LOG_RECORDS: readonly { readonly timestamp: number; readonly record: ConnectionLogRecord }[] = [
  { timestamp: Date.UTC(2020, 2, 26, 20, 37, 15), record: DOCUMENTED_EXAMPLE },
  {
    timestamp: Date.UTC(2020, 2, 26, 21, 52, 40),
    record: {
      ...DOCUMENTED_EXAMPLE,
      'connection-log-type': 'connection-reset',
      'connection-attempt-status': 'NA',
      'connection-reset-status': 'NA',
      'connection-last-update-time': '2020-03-26 21:52:40',
      'ingress-bytes': '4183726',
      'egress-bytes': '95124817',
      'ingress-packets': '31024',
      'egress-packets': '80233',
      'connection-end-time': '2020-03-26 21:52:40',
    },
  },
  {
    timestamp: Date.UTC(2020, 2, 26, 22, 3, 2),
    record: {
      ...DOCUMENTED_EXAMPLE,
      'connection-attempt-status': 'failed',
      'connection-attempt-failure-reason': 'client-connect-failed',
      'connection-id': 'cvpn-connection-def456def456def45',
      'connection-start-time': 'NA',
      'connection-last-update-time': '2020-03-26 22:03:02',
      'client-ip': 'NA',
      'device-ip': '203.0.113.50',
      'username': 'mallory',
    },
  },
];

/**
 * With a connection policy, each record carries the decision as an
 * `authorization-policy-evaluation` object; Logs Insights flattens it into
 * dotted fields, as here. The objects are the guide's three examples
 * (permit; denied at connect with result error; a periodic check that denies
 * and resets the session), verbatim, on records of the example entry; the
 * fourth is the same denial in shadow mode.
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/connection-logging.html
 */
function withDecision(record: ConnectionLogRecord, decision: Record<string, string>): ConnectionLogRecord {
  return { ...record, ...Object.fromEntries(Object.entries(decision).map(([key, value]) => [`authorization-policy-evaluation.${key}`, value])) };
}

export const POLICY_DECISION_RECORDS: readonly { readonly timestamp: number; readonly record: ConnectionLogRecord }[] = [
  {
    timestamp: Date.UTC(2026, 10, 2, 9, 0, 0),
    record: withDecision(DOCUMENTED_EXAMPLE, { 'result': 'permit', 'evaluation-type': 'connection-attempt', 'shadow-mode': 'disabled', 'device-token-status.crowdstrike.status': 'validated' }),
  },
  {
    timestamp: Date.UTC(2026, 10, 2, 9, 5, 0),
    record: withDecision({ ...DOCUMENTED_EXAMPLE, 'connection-attempt-status': 'failed', 'connection-attempt-failure-reason': 'authorization-policy-deny', 'username': 'mallory' }, {
      'result': 'error',
      'evaluation-type': 'connection-attempt',
      'shadow-mode': 'disabled',
      'reason': 'policy-deny',
      'device-token-status.crowdstrike.status': 'failed',
      'device-token-status.crowdstrike.reason': 'token-malformed',
    }),
  },
  {
    timestamp: Date.UTC(2026, 10, 2, 9, 10, 0),
    record: withDecision({ ...DOCUMENTED_EXAMPLE, 'connection-log-type': 'connection-reset', 'connection-end-time': '2026-11-02 09:10:00' }, {
      'result': 'deny', 'evaluation-type': 'periodic', 'shadow-mode': 'disabled', 'reason': 'policy-deny', 'device-token-status.crowdstrike.status': 'validated',
    }),
  },
  {
    timestamp: Date.UTC(2026, 10, 2, 9, 15, 0),
    record: withDecision({ ...DOCUMENTED_EXAMPLE, username: 'mallory' }, {
      'result': 'error',
      'evaluation-type': 'connection-attempt',
      'shadow-mode': 'enabled',
      'reason': 'policy-deny',
      'device-token-status.crowdstrike.status': 'failed',
      'device-token-status.crowdstrike.reason': 'token-malformed',
    }),
  },
];
