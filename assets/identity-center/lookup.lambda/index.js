"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/identity-center/lookup.lambda.ts
var lookup_lambda_exports = {};
__export(lookup_lambda_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(lookup_lambda_exports);
var import_client_identitystore2 = require("@aws-sdk/client-identitystore");
var import_client_sso_admin2 = require("@aws-sdk/client-sso-admin");

// src/identity-center/lookup.ts
var import_client_identitystore = require("@aws-sdk/client-identitystore");
var import_client_sso_admin = require("@aws-sdk/client-sso-admin");
async function lookUpIdentityCenter(clients2, request) {
  const instance = await findInstance(clients2.ssoAdmin, request);
  const identityStoreId = instance.IdentityStoreId;
  const groupIds = [];
  for (const groupName of request.groupNames) {
    groupIds.push(await findGroupId(clients2.identityStore, identityStoreId, groupName));
  }
  return { instanceArn: instance.InstanceArn, identityStoreId, groupIds };
}
async function findInstance(ssoAdmin, request) {
  const instances = [];
  try {
    for await (const page of (0, import_client_sso_admin.paginateListInstances)({ client: ssoAdmin }, {})) {
      instances.push(...page.Instances ?? []);
    }
  } catch (error) {
    throw describeFailure(error, "sso:ListInstances", `listing the IAM Identity Center instances in ${request.region}`);
  }
  if (request.instanceArn !== void 0) {
    const wanted = instances.find((instance) => instance.InstanceArn === request.instanceArn);
    if (!wanted) {
      throw new Error(
        `IAM Identity Center instance ${request.instanceArn} (identityCenterInstanceArn) is not visible from this account in ${request.region}; the instances found are: ${instances.map((i) => i.InstanceArn).join(", ") || "none"}.`
      );
    }
    return wanted;
  }
  if (instances.length === 0) {
    throw new Error(
      `No IAM Identity Center instance is visible from this account in ${request.region}. IAM Identity Center lives in one region and is managed from the organization's management account or a delegated administrator: deploy this stack there, or give group IDs (authorizedGroupIds) instead of names.`
    );
  }
  if (instances.length > 1) {
    throw new Error(
      `${instances.length} IAM Identity Center instances are visible in ${request.region} (${instances.map((i) => i.InstanceArn).join(", ")}); choose one with identityCenterInstanceArn.`
    );
  }
  return instances[0];
}
async function findGroupId(identityStore, identityStoreId, groupName) {
  try {
    const result = await identityStore.send(new import_client_identitystore.GetGroupIdCommand({
      IdentityStoreId: identityStoreId,
      AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: groupName } }
    }));
    return result.GroupId;
  } catch (error) {
    if (error.name === "ResourceNotFoundException") {
      throw new Error(
        `IAM Identity Center group "${groupName}" (authorizedGroupNames) does not exist in identity store ${identityStoreId}. Group names are case-sensitive: check IAM Identity Center > Groups, or give the group's ID in authorizedGroupIds.`
      );
    }
    throw describeFailure(error, "identitystore:GetGroupId", `looking up the IAM Identity Center group "${groupName}"`);
  }
}
function describeFailure(error, action, doing) {
  const { name, message } = error;
  if (name === "AccessDeniedException" || name === "AccessDenied" || name === "UnauthorizedException") {
    return new Error(
      `Access denied (${action}) while ${doing}: ${message}. IAM Identity Center can only be read from the organization's management account or a delegated administrator account, and the lookup's role needs ${action}.`
    );
  }
  return new Error(`${doing} failed: ${name}: ${message}`);
}

// src/identity-center/lookup.lambda.ts
var region = process.env.AWS_REGION ?? "this region";
var clients = { ssoAdmin: new import_client_sso_admin2.SSOAdminClient({}), identityStore: new import_client_identitystore2.IdentitystoreClient({}) };
async function handler(event) {
  if (event.RequestType === "Delete") {
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const properties = event.ResourceProperties;
  const result = await lookUpIdentityCenter(clients, {
    groupNames: properties.GroupNames ?? [],
    instanceArn: properties.InstanceArn,
    region
  });
  const data = { InstanceArn: result.instanceArn, IdentityStoreId: result.identityStoreId };
  result.groupIds.forEach((groupId, index) => {
    data[`GroupId${index}`] = groupId;
  });
  return { PhysicalResourceId: `${result.instanceArn}/lookup`, Data: data };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
