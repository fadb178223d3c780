import { pin } from '../src/server/image-pin.lambda';

/**
 * The image pin against CloudFormation's custom resource protocol: each
 * request is answered once, with a PUT to its response URL.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */

const FIRST = 'ami-0aaaaaaaaaaaaaaaa';
const NEWER = 'ami-0bbbbbbbbbbbbbbbb';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Bastion/8f2c1a90-ae11-11f0-9e7b-0a1b2c3d4e5f';

type RequestType = 'Create' | 'Update' | 'Delete';
function request(requestType: RequestType, candidate: string, revision: string, old?: { physicalId: string; revision: string }) {
  return {
    RequestType: requestType,
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/presigned',
    StackId: STACK_ID,
    RequestId: `request-${requestType}`,
    ResourceType: 'Custom::SsoClientVpnBastionImagePin',
    LogicalResourceId: 'BastionImagePin',
    PhysicalResourceId: old?.physicalId,
    ResourceProperties: { Candidate: candidate, Revision: revision },
    OldResourceProperties: old ? { Candidate: FIRST, Revision: old.revision } : undefined,
  } as const;
}

async function answer(event: ReturnType<typeof request>): Promise<Record<string, string>> {
  const bodies: string[] = [];
  await pin(event as never, async (_url, body) => {
    bodies.push(body);
    return { status: 200 };
  });
  expect(bodies).toHaveLength(1);
  return JSON.parse(bodies[0]);
}

describe('the server image pin', () => {
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

  test('Create pins the lookup\'s answer: the physical ID is the image ID', async () => {
    expect(await answer(request('Create', FIRST, 'first-deploy'))).toEqual(expect.objectContaining({
      Status: 'SUCCESS', PhysicalResourceId: FIRST, RequestId: 'request-Create', StackId: STACK_ID, LogicalResourceId: 'BastionImagePin',
    }));
  });

  test('an Update with the same revision keeps the pinned image, whatever the lookup now says (a new aws-cdk-lib, a rollback)', async () => {
    const body = await answer(request('Update', NEWER, 'first-deploy', { physicalId: FIRST, revision: 'first-deploy' }));
    expect(body).toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: FIRST }));
    expect(body.Reason).toContain(`the lookup now says ${NEWER}`);
  });

  test('an Update with a new revision moves to the lookup\'s answer (a new physical ID: the server follows)', async () => {
    expect(await answer(request('Update', NEWER, '2027-01', { physicalId: FIRST, revision: 'first-deploy' })))
      .toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: NEWER }));
  });

  test('Delete always succeeds with the same physical ID, also after a failed create', async () => {
    expect(await answer(request('Delete', FIRST, 'first-deploy', { physicalId: FIRST, revision: 'first-deploy' })))
      .toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: FIRST }));
    expect(await answer(request('Delete', 'garbage', 'first-deploy', { physicalId: 'BastionImagePin-request-Create', revision: 'first-deploy' })))
      .toEqual(expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'BastionImagePin-request-Create' }));
  });

  test('a lookup answer that is not an image ID fails the create, saying so', async () => {
    const body = await answer(request('Create', '/aws/service/ami-amazon-linux-latest/missing', 'first-deploy'));
    expect(body).toEqual(expect.objectContaining({ Status: 'FAILED' }));
    expect(body.Reason).toBe('The image lookup answered "/aws/service/ami-amazon-linux-latest/missing", which is not an image ID (ami-...).');
  });
});
