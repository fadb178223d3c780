import { CustomResource, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { IMAGE_PIN_TYPE } from './image-pin-contract';
import type { ImagePinProperties } from './image-pin-contract';
import { ImagePinFunction } from './image-pin-function';
import { createLogGroup, handlerLoggingOf } from '../core/handler-logs';
import { acknowledgeHandlerFindings } from '../core/rule-acknowledgements';
import { stackSingleton } from '../core/stack-singleton';

/** The construct ID of aws-cdk-lib's AwsCustomResource function, a singleton of the stack (its uuid without dashes). */
const AWS_SDK_CALL_FUNCTION_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Options of `ServerImage.amazonLinux2023`. */
export interface ServerImageOptions {
  /**
   * Any text; changing it moves the server to the newest image at the next
   * deploy, which replaces the server (new private IP, new host key, root
   * volume lost).
   *
   * @default - the image found at the first deployment, kept for the stack's life
   */
  readonly revision?: string;

  /**
   * The processor architecture of the image; it must match the instance type.
   *
   * @default ec2.AmazonLinuxCpuType.X86_64
   */
  readonly cpuType?: ec2.AmazonLinuxCpuType;
}

/**
 * Images for the SSH server that do not change behind your back.
 *
 * aws-cdk-lib's `MachineImage.latestAmazonLinux2023()` is a stack parameter
 * that CloudFormation resolves again at every update, so the first deploy (or
 * off-hours switch) after AWS publishes a new image replaces the server.
 */
export abstract class ServerImage {
  /**
   * The newest Amazon Linux 2023 at the first deployment, kept from then on.
   *
   * The image ID is read from AWS's public SSM parameter
   * (`/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-<arch>`) once,
   * by a deploy-time lookup, and kept in the stack: later deploys and switches
   * never change it. To move to a newer image, a deliberate step: set or
   * change `revision` and deploy.
   *
   * @param options the revision that moves the server to a newer image, and the architecture
   */
  public static amazonLinux2023(options: ServerImageOptions = {}): ec2.IMachineImage {
    // A pin keeps the image of the first deployment (or of the last revision) through every other update.
    return new PinnedAmazonLinux2023(options);
  }
}

/** Resolves AWS's public "latest" parameter once, with an AWS SDK call at deploy time. */
class PinnedAmazonLinux2023 implements ec2.IMachineImage {
  constructor(private readonly options: ServerImageOptions) {}

  public getImage(scope: Construct): ec2.MachineImageConfig {
    const stack = Stack.of(scope);
    const architecture = (this.options.cpuType ?? ec2.AmazonLinuxCpuType.X86_64) === ec2.AmazonLinuxCpuType.ARM_64 ? 'arm64' : 'x86_64';
    const parameterName = `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-${architecture}`;
    // One call, on create and when the revision changes: CloudFormation sends an
    // update to a custom resource only when its properties change.
    const call: cr.AwsSdkCall = {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: parameterName },
      physicalResourceId: cr.PhysicalResourceId.of(`${parameterName}@${this.options.revision ?? 'first-deploy'}`),
      outputPaths: ['Parameter.Value'],
    };
    const lookup = new cr.AwsCustomResource(scope, 'ImageLookup', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: [stack.formatArn({ service: 'ssm', account: '', resource: 'parameter', resourceName: parameterName.slice(1) })],
      }),
      // The provider function is shared by the stack; so is its log group.
      logGroup: stackSingleton(scope, 'SsoClientVpnBastionAwsSdkCallLogs', (s, id) => createLogGroup(s, id, handlerLoggingOf(scope))),
      installLatestAwsSdk: false,
    });
    acknowledgeHandlerFindings(lookup);
    const provider = stack.node.tryFindChild(AWS_SDK_CALL_FUNCTION_ID);
    if (provider) {
      acknowledgeHandlerFindings(provider);
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'aws-cdk-lib picks the runtime of its AwsCustomResource function; the construct\'s own handlers use the newest Node.js runtime.',
      });
    }
    // The lookup runs again on any Update of its resource (a property change by a future aws-cdk-lib or this
    // library, a rollback): the pin takes its answer on create and when the revision changes, and keeps its image otherwise.
    const pinFunction = stackSingleton(scope, 'SsoClientVpnBastionImagePin', (s, id) => {
      const created = new ImagePinFunction(s, id, {
        description: 'Pins the SSO Client VPN bastion server\'s image: takes the lookup\'s answer on create and when the revision changes, keeps it otherwise',
        logGroup: createLogGroup(s, `${id}Logs`, handlerLoggingOf(scope)),
      });
      acknowledgeHandlerFindings(created);
      return created;
    });
    const properties: ImagePinProperties = { Candidate: lookup.getResponseField('Parameter.Value'), Revision: this.options.revision ?? 'first-deploy' };
    const pin = new CustomResource(scope, 'ImagePin', {
      serviceToken: pinFunction.functionArn,
      resourceType: IMAGE_PIN_TYPE,
      properties,
    });
    return {
      // The pin's physical ID is the image ID.
      imageId: pin.ref,
      osType: ec2.OperatingSystemType.LINUX,
      userData: ec2.UserData.forLinux(),
    };
  }
}
