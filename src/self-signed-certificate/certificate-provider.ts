import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeProviderFindings } from '../rule-acknowledgements';
import { stackSingleton } from '../stack-singleton';
import { CertificateCleanupFunction } from './certificate-cleanup-function';
import { CertificateImportFunction } from './certificate-import-function';
import { OWNER_TAG_KEY } from './properties';

const PROVIDER_ID = 'SsoClientVpnBastionSelfSignedCertificateProvider';

/**
 * The custom resource provider for self-signed server certificates: one per
 * stack, shared by every bastion in it. Its handlers may touch only ACM
 * certificates tagged as this stack's.
 */
export class SelfSignedCertificateProvider extends Construct {
  /** Returns the stack's provider, creating it on first use. */
  public static of(scope: Construct): SelfSignedCertificateProvider {
    return stackSingleton(scope, PROVIDER_ID, (stack, id) => new SelfSignedCertificateProvider(stack, id));
  }

  public readonly serviceToken: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const certificates = Stack.of(this).formatArn({ service: 'acm', resource: 'certificate', resourceName: '*' });

    const onEvent = new CertificateImportFunction(this, 'Import', {
      description: 'Issues a self-signed CA and server certificate for Client VPN and imports them into ACM',
      // RSA key generation plus one ACM call.
      timeout: Duration.minutes(1),
      memorySize: 512,
    });
    // ImportCertificate with tags also needs AddTagsToCertificate; both only
    // when the request carries this stack's owner tag, so the handler cannot
    // import certificates that it would not be allowed to delete.
    onEvent.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:ImportCertificate', 'acm:AddTagsToCertificate'],
      resources: [certificates],
      conditions: { StringEquals: { [`aws:RequestTag/${OWNER_TAG_KEY}`]: Aws.STACK_ID } },
    }));

    const isComplete = new CertificateCleanupFunction(this, 'Cleanup', {
      description: 'Deletes a self-signed Client VPN server certificate from ACM once no endpoint uses it',
      timeout: Duration.seconds(30),
    });
    // Delete only the certificates this stack imported (tagged with its ID).
    isComplete.addToRolePolicy(new iam.PolicyStatement({
      actions: ['acm:DeleteCertificate'],
      resources: [certificates],
      conditions: { StringEquals: { [`aws:ResourceTag/${OWNER_TAG_KEY}`]: Aws.STACK_ID } },
    }));

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      // ACM reports a certificate in use for a while after the endpoint let go of it.
      queryInterval: Duration.seconds(30),
      totalTimeout: Duration.minutes(30),
    });
    this.serviceToken = provider.serviceToken;

    acknowledgeProviderFindings(this, provider);
  }
}
