import { ACMClient, DeleteCertificateCommand, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { ACM_CERTIFICATE_ARN } from './self-signed-contract';

/** The custom resource provider's isComplete response. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
}

const acm = new ACMClient({});

/**
 * isComplete of the self-signed server certificate custom resource.
 *
 * Create and Update are complete at once. Delete removes the imported
 * certificate; while the endpoint still uses it (ACM says ResourceInUse for a
 * while after the endpoint changed or went away) it answers "not yet", and
 * the provider framework asks again until its total timeout. A certificate
 * already gone (deleted by hand) counts as deleted, so the stack can always
 * be deleted.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<IsCompleteResponse> {
  if (event.RequestType !== 'Delete') {
    return { IsComplete: true };
  }
  const certificateArn = event.PhysicalResourceId;
  if (!ACM_CERTIFICATE_ARN.test(certificateArn)) {
    // The create failed before anything was imported: nothing to delete.
    return { IsComplete: true };
  }
  try {
    await acm.send(new DeleteCertificateCommand({ CertificateArn: certificateArn }));
    return { IsComplete: true };
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'ResourceNotFoundException') {
      return { IsComplete: true };
    }
    if (name === 'AccessDeniedException' && await isGone(certificateArn)) {
      // The role may delete only certificates tagged as this stack's, and a
      // certificate that no longer exists has no tag to match.
      return { IsComplete: true };
    }
    if (name === 'ResourceInUseException') {
      console.log(`${certificateArn} is still in use; waiting for the endpoint to release it.`);
      return { IsComplete: false };
    }
    throw new Error(`Deleting the self-signed server certificate ${certificateArn} from ACM failed: ${name}: ${message}`);
  }
}

/** Whether ACM no longer knows the certificate (DescribeCertificate: ResourceNotFoundException). */
async function isGone(certificateArn: string): Promise<boolean> {
  try {
    await acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn }));
    return false;
  } catch (error) {
    return (error as Error).name === 'ResourceNotFoundException';
  }
}
