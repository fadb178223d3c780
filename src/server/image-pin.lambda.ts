import type { ImagePinProperties } from './image-pin-contract';
import { fetchPut, serveCustomResource } from '../core/custom-resource-handler';
import type { CustomResourceRequest, Put } from '../core/custom-resource-handler';

/**
 * The server's image, pinned: the custom resource's physical ID is the image
 * ID, and it changes only when the revision does.
 *
 * The candidate comes from the image lookup (AWS's public "latest" SSM
 * parameter, read by aws-cdk-lib's AwsCustomResource). That lookup runs
 * again on any Update of its own resource: a property change by a future
 * aws-cdk-lib or this library, or a rollback. Without the pin, its new answer
 * would replace the server on an unrelated deploy. The pin takes the candidate
 * on Create and when `Revision` changes, and keeps its image on every other
 * Update, whatever the candidate says.
 */


interface ImagePinRequest extends CustomResourceRequest {
  readonly ResourceProperties: ImagePinProperties;
  readonly OldResourceProperties?: ImagePinProperties;
}

/** An image ID as EC2 spells it. */
const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

export async function handler(event: ImagePinRequest): Promise<string> {
  return pin(event, fetchPut);
}

/** The handler with the HTTP PUT given (tests pass their own). */
export async function pin(event: ImagePinRequest, put: Put): Promise<string> {
  if (event.RequestType === 'Delete') {
    // Nothing was made; a Delete (after a failed create too) always succeeds, or the stack would stick.
    return serveCustomResource(event, put, async () => 'nothing to delete');
  }
  const { Candidate: candidate, Revision: revision } = event.ResourceProperties;
  const keep = event.RequestType !== 'Create' && event.OldResourceProperties?.Revision === revision
    && IMAGE_ID.test(event.PhysicalResourceId ?? '');
  const image = keep ? event.PhysicalResourceId! : candidate;
  if (!IMAGE_ID.test(image)) {
    return serveCustomResource(event, put, async () => {
      throw new Error(`The image lookup answered ${JSON.stringify(image)}, which is not an image ID (ami-...).`);
    });
  }
  // The physical ID is the image ID: a new one (Create, a new revision) is a replacement of the pin, and the server follows it.
  const response = await serveCustomResource({ ...event, PhysicalResourceId: image }, put, async () =>
    keep ? `kept ${image} (revision ${JSON.stringify(revision)} unchanged; the lookup now says ${candidate})` : `pinned ${image} (revision ${JSON.stringify(revision)})`);
  console.log(response);
  return response;
}
