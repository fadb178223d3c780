import { CreateGroupCommand, GetGroupIdCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import type { IdentitystoreClientResolvedConfig, ServiceInputTypes as IdentitystoreInput, ServiceOutputTypes as IdentitystoreOutput } from '@aws-sdk/client-identitystore';
import { ListInstancesCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import type { SSOAdminClientResolvedConfig, ServiceInputTypes as SsoAdminInput, ServiceOutputTypes as SsoAdminOutput } from '@aws-sdk/client-sso-admin';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsStub } from 'aws-sdk-client-mock';
import { lookUpIdentityCenter } from '../../src/identity-center/lookup';
import { handler } from '../../src/identity-center/lookup.lambda';
import { motoClientConfig, motoFound, startMoto } from '../moto';
import type { MotoServer } from '../moto';

const REGION = 'ap-northeast-1';

// Runs against moto_server: ListInstances (moto has one instance per account),
// CreateGroup to seed the identity store, and GetGroupId.
(motoFound ? describe : describe.skip)('against moto_server (SSO Admin and Identity Store)', () => {
  let moto: MotoServer;
  let clients: { ssoAdmin: SSOAdminClient; identityStore: IdentitystoreClient };
  let instanceArn: string;
  let identityStoreId: string;
  const groupIds: Record<string, string> = {};

  beforeAll(async () => {
    moto = await startMoto();
    clients = {
      ssoAdmin: new SSOAdminClient(motoClientConfig(moto.endpoint, REGION)),
      identityStore: new IdentitystoreClient(motoClientConfig(moto.endpoint, REGION)),
    };
    const { Instances } = await clients.ssoAdmin.send(new ListInstancesCommand({}));
    instanceArn = Instances![0].InstanceArn!;
    identityStoreId = Instances![0].IdentityStoreId!;
    for (const name of ['SampleQiitaGroup', 'Operators']) {
      const { GroupId } = await clients.identityStore.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: name }));
      groupIds[name] = GroupId!;
    }
  }, 30_000);

  afterAll(async () => {
    await moto?.stop();
  });

  test('finds the instance and resolves each name to its group ID, in order', async () => {
    const result = await lookUpIdentityCenter(clients, { groupNames: ['Operators', 'SampleQiitaGroup'], region: REGION });
    expect(result).toEqual({
      instanceArn,
      identityStoreId,
      groupIds: [groupIds.Operators, groupIds.SampleQiitaGroup],
    });
  });

  test('uses the given instance', async () => {
    const result = await lookUpIdentityCenter(clients, { groupNames: [], instanceArn, region: REGION });
    expect(result).toEqual({ instanceArn, identityStoreId, groupIds: [] });
  });

  test('a missing group fails with its name, the identity store and what to do', async () => {
    await expect(lookUpIdentityCenter(clients, { groupNames: ['SampleQiitaGroup', 'sampleqiitagroup'], region: REGION }))
      .rejects.toThrow(
        `IAM Identity Center group "sampleqiitagroup" (authorizedGroupNames) does not exist in identity store ${identityStoreId}. ` +
        'Group names are case-sensitive: check IAM Identity Center > Groups, or give the group\'s ID in authorizedGroupIds.',
      );
  });

  test('an instance ARN that is not there fails and lists what is', async () => {
    await expect(lookUpIdentityCenter(clients, { groupNames: [], instanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000', region: REGION }))
      .rejects.toThrow(`IAM Identity Center instance arn:aws:sso:::instance/ssoins-0000000000000000 (identityCenterInstanceArn) is not visible from this account in ${REGION}; the instances found are: ${instanceArn}.`);
  });
});

// moto always has an instance and never denies access: these cases use aws-sdk-client-mock.
describe('with mocked clients', () => {
  // mockClient patches the client classes, so it is set up only for these tests.
  let ssoAdmin: AwsStub<SsoAdminInput, SsoAdminOutput, SSOAdminClientResolvedConfig>;
  let identityStore: AwsStub<IdentitystoreInput, IdentitystoreOutput, IdentitystoreClientResolvedConfig>;
  const clients = { ssoAdmin: new SSOAdminClient({ region: REGION }), identityStore: new IdentitystoreClient({ region: REGION }) };

  beforeAll(() => {
    ssoAdmin = mockClient(SSOAdminClient);
    identityStore = mockClient(IdentitystoreClient);
  });

  beforeEach(() => {
    ssoAdmin.reset();
    identityStore.reset();
  });

  afterAll(() => {
    ssoAdmin.restore();
    identityStore.restore();
  });

  test('the handler returns the instance and the group IDs as attributes, and Delete does nothing', async () => {
    ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111', IdentityStoreId: 'd-1111111111' }] });
    identityStore.on(GetGroupIdCommand, { AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'A' } } }).resolves({ GroupId: 'id-a' });
    identityStore.on(GetGroupIdCommand, { AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'B' } } }).resolves({ GroupId: 'id-b' });
    const event = { RequestType: 'Create', ResourceProperties: { ServiceToken: 't', GroupNames: ['A', 'B'] } } as unknown as CloudFormationCustomResourceEvent;
    expect(await handler(event)).toEqual({
      PhysicalResourceId: 'arn:aws:sso:::instance/ssoins-1111111111111111/lookup',
      Data: { InstanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111', IdentityStoreId: 'd-1111111111', GroupId0: 'id-a', GroupId1: 'id-b' },
    });
    const deleteEvent = { RequestType: 'Delete', PhysicalResourceId: 'x/lookup', ResourceProperties: {} } as unknown as CloudFormationCustomResourceEvent;
    expect(await handler(deleteEvent)).toEqual({ PhysicalResourceId: 'x/lookup' });
    expect(identityStore.calls()).toHaveLength(2);
  });

  test('Delete succeeds without a call when the instance and the groups are gone', async () => {
    // What the services answer once IAM Identity Center or the group was deleted: no instance
    // (SSO Admin API Reference, ListInstances: https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_ListInstances.html)
    // and ResourceNotFoundException (Identity Store API Reference, GetGroupId, Errors:
    // https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_GetGroupId.html).
    // Delete must not depend on either: the lookup created nothing.
    ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [] });
    identityStore.on(GetGroupIdCommand).rejects(Object.assign(new Error('GROUP not found.'), { name: 'ResourceNotFoundException', ResourceType: 'GROUP' }));
    const deleteEvent = {
      RequestType: 'Delete',
      PhysicalResourceId: 'arn:aws:sso:::instance/ssoins-1111111111111111/lookup',
      ResourceProperties: { ServiceToken: 't', GroupNames: ['Deleted'], InstanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111' },
    } as unknown as CloudFormationCustomResourceEvent;
    expect(await handler(deleteEvent)).toEqual({ PhysicalResourceId: 'arn:aws:sso:::instance/ssoins-1111111111111111/lookup' });
    expect(ssoAdmin.calls()).toHaveLength(0);
    expect(identityStore.calls()).toHaveLength(0);
  });

  test('no instance fails with the region and what to do', async () => {
    ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [] });
    await expect(lookUpIdentityCenter(clients, { groupNames: ['SampleQiitaGroup'], region: REGION })).rejects.toThrow(
      `No IAM Identity Center instance is visible from this account in ${REGION}. IAM Identity Center lives in one region and is managed from ` +
      'the organization\'s management account or a delegated administrator: deploy this stack there, or give group IDs (authorizedGroupIds) instead of names.',
    );
  });

  test('two instances ask for identityCenterInstanceArn', async () => {
    ssoAdmin.on(ListInstancesCommand).resolves({
      Instances: [
        { InstanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111', IdentityStoreId: 'd-1111111111' },
        { InstanceArn: 'arn:aws:sso:::instance/ssoins-2222222222222222', IdentityStoreId: 'd-2222222222' },
      ],
    });
    await expect(lookUpIdentityCenter(clients, { groupNames: ['X'], region: REGION }))
      .rejects.toThrow(/2 IAM Identity Center instances are visible in ap-northeast-1 .*; choose one with identityCenterInstanceArn/);
  });

  test('access denied on ListInstances says which permission and which account', async () => {
    ssoAdmin.on(ListInstancesCommand).rejects(Object.assign(new Error('User is not authorized to perform: sso:ListInstances'), { name: 'AccessDeniedException' }));
    await expect(lookUpIdentityCenter(clients, { groupNames: ['X'], region: REGION })).rejects.toThrow(
      `Access denied (sso:ListInstances) while listing the IAM Identity Center instances in ${REGION}: User is not authorized to perform: sso:ListInstances. ` +
      'IAM Identity Center can only be read from the organization\'s management account or a delegated administrator account, and the lookup\'s role needs sso:ListInstances.',
    );
  });

  test('access denied on GetGroupId names the group', async () => {
    ssoAdmin.on(ListInstancesCommand).resolves({ Instances: [{ InstanceArn: 'arn:aws:sso:::instance/ssoins-1111111111111111', IdentityStoreId: 'd-1111111111' }] });
    identityStore.onAnyCommand().rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(lookUpIdentityCenter(clients, { groupNames: ['SampleQiitaGroup'], region: REGION }))
      .rejects.toThrow('Access denied (identitystore:GetGroupId) while looking up the IAM Identity Center group "SampleQiitaGroup": denied.');
  });

  test('other errors keep their name and message', async () => {
    ssoAdmin.on(ListInstancesCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(lookUpIdentityCenter(clients, { groupNames: ['X'], region: REGION }))
      .rejects.toThrow(`listing the IAM Identity Center instances in ${REGION} failed: ThrottlingException: Rate exceeded`);
  });
});
