/**
 * A CloudFormation custom resource served directly by a Lambda function (no
 * provider framework): CloudFormation waits for the function to PUT its
 * answer to the presigned S3 URL in the request, and fails the operation
 * after an hour if nothing arrives. So every path, a failure included,
 * answers.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */

/** The request CloudFormation sends (the fields the switch reads). */
export interface CustomResourceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
}

/** How the answer is sent; tests pass their own. */
export type Put = (url: string, body: string) => Promise<{ readonly status: number }>;

/** An HTTPS PUT with the global fetch of the Lambda runtime; the presigned URL expects no content type. */
export const fetchPut: Put = async (url, body) => {
  const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
  return { status: response.status };
};

/** CloudFormation shows the reason in the stack's events; it refuses a response body over 4 KB. */
const MAX_REASON = 2000;

/** Runs `work` and answers CloudFormation with its outcome; the physical ID stays the same on every request. */
export async function serveCustomResource(request: CustomResourceRequest, put: Put, work: () => Promise<string>): Promise<string> {
  const physicalResourceId = request.PhysicalResourceId ?? `${request.LogicalResourceId}-${request.RequestId}`.slice(0, 1024);
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason: string;
  try {
    reason = await work();
  } catch (error) {
    status = 'FAILED';
    reason = (error as Error).message;
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason.slice(0, MAX_REASON),
    PhysicalResourceId: physicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
  });
  const answer = await put(request.ResponseURL, body);
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`CloudFormation's response URL answered HTTP ${answer.status} to the ${status} answer for ${request.LogicalResourceId}.`);
  }
  return `${request.RequestType} of ${request.LogicalResourceId}: ${status} (${reason})`;
}
