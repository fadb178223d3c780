import { Token } from 'aws-cdk-lib';
import { propError } from '../core/errors';

/** The largest gp3 volume. */
const MAX_VOLUME_GIB = 16384;

/** Checks the server props: the root volume's size (a token is checked by EC2 at deploy time). */
export function checkServer(inputs: { readonly rootVolumeSize?: number }): void {
  const size = inputs.rootVolumeSize;
  if (size !== undefined && !Token.isUnresolved(size) && (!Number.isInteger(size) || size < 1 || size > MAX_VOLUME_GIB)) {
    throw propError('rootVolumeSize', inputs.rootVolumeSize,
      `is invalid: use a whole number of GiB from 1 to ${MAX_VOLUME_GIB}, at least the size of the image's root snapshot`);
  }
}
