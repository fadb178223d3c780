import { Aws, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { CleanupFunction } from './cleanup-function';
import { ImportFunction } from './import-function';
import { OWNER_TAG_KEY } from './self-signed-contract';
import { createLogGroup } from '../core/handler-logs';
import type { HandlerLogging } from '../core/handler-logs';
import { acknowledgeProviderFindings } from '../core/rule-acknowledgements';
import { stackSingleton } from '../core/stack-singleton';

const PROVIDER_ID = 'SsoClientVpnBastionSelfSignedCertificateProvider';

/**
 * The value of OWNER_TAG_KEY on the certificates this stack imports: the
 * UUID at the end of the stack ID (`arn:...:stack/<name>/<uuid>`), 36
 * characters whatever the stack's name, region and partition, well within
 * ACM's 256 for a tag value. The UUID is unique to the stack, as is its ID.
 */
export function ownerTagValue(): string {
  return Fn.select(2, Fn.split('/', Aws.STACK_ID));
}

/**
 * The custom resource provider for self-signed server certificates: one per
 * stack, shared by every bastion in it. Its handlers may touch only ACM
 * certificates tagged as this stack's.
 */
export class SelfSignedCertificateProvider extends Construct {
  /**
   * Returns the stack's provider, creating it on first use.
   *
   * @param logging how the provider's log groups are kept. The provider is
   * shared, so the first bastion of the stack that creates it decides; later
   * calls get it as it is.
   */
  public static of(scope: Construct, logging: HandlerLogging): SelfSignedCertificateProvider {
    return stackSingleton(scope, PROVIDER_ID, (stack, id) => new SelfSignedCertificateProvider(stack, id, logging));
  }

  public readonly serviceToken: string;

  private constructor(scope: Construct, id: string, logging: HandlerLogging) {
    super(scope, id);

    const certificates = Stack.of(this).formatArn({ service: 'acm', resource: 'certificate', resourceName: '*' });

    const onEvent = new ImportFunction(this, 'Import', {
      description: 'Issues a self-signed CA and server certificate for Client VPN and imports them into ACM',
      // RSA key generation plus one ACM call.
      timeout: Duration.minutes(1),
      memorySize: 512,
      logGroup: createLogGroup(this, 'ImportLogs', logging),
    });
    // ImportCertificate with tags also needs AddTagsToCertificate; both only
    // when the request carries this stack's owner tag, so the handler cannot
    // import certificates that it would not be allowed to delete.
    onEvent.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:ImportCertificate', 'acm:AddTagsToCertificate'],
      resources: [certificates],
      conditions: { StringEquals: { [`aws:RequestTag/${OWNER_TAG_KEY}`]: ownerTagValue() } },
    }));

    const isComplete = new CleanupFunction(this, 'Cleanup', {
      description: 'Deletes a self-signed Client VPN server certificate from ACM once no endpoint uses it',
      timeout: Duration.seconds(30),
      logGroup: createLogGroup(this, 'CleanupLogs', logging),
    });
    // Delete only the certificates this stack imported (tagged as its own).
    // Earlier versions of the construct tagged them with the whole stack ID;
    // those stay deletable.
    isComplete.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:DeleteCertificate'],
      resources: [certificates],
      conditions: { StringEquals: { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: [ownerTagValue(), Aws.STACK_ID] } },
    }));
    // Read-only: when a delete is denied, tells a certificate already gone
    // (whose owner tag IAM can no longer read) from one that is not ours.
    isComplete.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:DescribeCertificate'],
      resources: [certificates],
    }));

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      // ACM reports a certificate in use for a while after the endpoint let go of it.
      queryInterval: Duration.seconds(30),
      totalTimeout: Duration.minutes(30),
      logGroup: createLogGroup(this, 'FrameworkLogs', logging),
    });
    this.serviceToken = provider.serviceToken;

    acknowledgeProviderFindings(this, provider);
  }
}
