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

// src/schedule/switch-complete.lambda.ts
var switch_complete_lambda_exports = {};
__export(switch_complete_lambda_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(switch_complete_lambda_exports);
var import_client_ec22 = require("@aws-sdk/client-ec2");

// src/schedule/switch-steps.ts
var import_client_ec2 = require("@aws-sdk/client-ec2");

// src/schedule/switch-configuration.ts
var OWNER_TAG_KEY = "sso-client-vpn-bastion:switch";

// src/schedule/switch-steps.ts
var INTERNET = "0.0.0.0/0";
var LIVE_ASSOCIATION = ["associating", "associated"];
var LIVE_NAT = ["pending", "available"];
async function call(what, action) {
  try {
    return await action();
  } catch (error) {
    const { name, message } = error;
    throw new Error(`Off-hours switch: ${what} failed: ${name}: ${message}. The switch is idempotent: fix the cause and switch again.`);
  }
}
async function step(ec22, config, mode, options = {}) {
  const result = { complete: true, actions: [], waitingFor: [] };
  const wait = (what) => {
    result.waitingFor.push(what);
    result.complete = false;
  };
  if (mode === "on") {
    await instancesOn(ec22, config, result, wait, options);
    await natGatewaysOn(ec22, config, result, wait);
    await associationsOn(ec22, config, result, wait);
  } else {
    await associationsOff(ec22, config, result, wait);
    await natGatewaysOff(ec22, config, result, wait);
    await instancesOff(ec22, config, result, wait, options);
  }
  return result;
}
async function instanceStates(ec22, config) {
  const states = /* @__PURE__ */ new Map();
  const response = await call("DescribeInstances", () => ec22.send(new import_client_ec2.DescribeInstancesCommand({
    Filters: [
      { Name: `tag:${OWNER_TAG_KEY}`, Values: [config.Owner] },
      { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }
    ]
  })));
  for (const reservation of response.Reservations ?? []) {
    for (const instance of reservation.Instances ?? []) {
      states.set(instance.InstanceId, instance.State?.Name ?? "unknown");
    }
  }
  return states;
}
async function instancesOn(ec22, config, result, wait, options) {
  if (options.skipInstances) {
    return;
  }
  const states = await instanceStates(ec22, config);
  const stopped = [...states].filter(([, state]) => state === "stopped").map(([id]) => id);
  if (stopped.length > 0) {
    await call(`StartInstances ${stopped.join(", ")}`, () => ec22.send(new import_client_ec2.StartInstancesCommand({ InstanceIds: stopped })));
    result.actions.push(`started ${stopped.join(", ")}`);
  }
  for (const [id, state] of states) {
    if (state === "stopping") {
      wait(`instance ${id} to finish stopping before it can start`);
    }
  }
}
async function instancesOff(ec22, config, result, _wait, options) {
  if (options.skipInstances) {
    return;
  }
  const states = await instanceStates(ec22, config);
  const running = [...states].filter(([, state]) => state === "running" || state === "pending").map(([id]) => id);
  if (running.length > 0) {
    await call(`StopInstances ${running.join(", ")}`, () => ec22.send(new import_client_ec2.StopInstancesCommand({ InstanceIds: running })));
    result.actions.push(`stopped ${running.join(", ")}`);
  }
}
async function ownedNatGateways(ec22, config) {
  const response = await call("DescribeNatGateways", () => ec22.send(new import_client_ec2.DescribeNatGatewaysCommand({
    Filter: [
      { Name: `tag:${OWNER_TAG_KEY}`, Values: [config.Owner] },
      { Name: "state", Values: ["pending", "available", "deleting"] }
    ]
  })));
  return (response.NatGateways ?? []).map((nat) => ({ id: nat.NatGatewayId, subnetId: nat.SubnetId, state: nat.State }));
}
async function defaultRoutes(ec22, routeTableIds) {
  const targets = /* @__PURE__ */ new Map();
  if (routeTableIds.length === 0) {
    return targets;
  }
  const response = await call("DescribeRouteTables", () => ec22.send(new import_client_ec2.DescribeRouteTablesCommand({ RouteTableIds: routeTableIds })));
  for (const table of response.RouteTables ?? []) {
    const route = (table.Routes ?? []).find((r) => r.DestinationCidrBlock === INTERNET);
    if (route) {
      targets.set(table.RouteTableId, route.NatGatewayId ?? route.GatewayId ?? "other");
    }
  }
  return targets;
}
async function natGatewaysOn(ec22, config, result, wait) {
  if (config.NatGateways.length === 0) {
    return;
  }
  const owned = await ownedNatGateways(ec22, config);
  const routes = await defaultRoutes(ec22, config.NatGateways.flatMap((nat) => nat.RouteTableIds));
  for (const wanted of config.NatGateways) {
    const live = owned.find((nat) => nat.subnetId === wanted.SubnetId && LIVE_NAT.includes(nat.state));
    if (!live) {
      if (owned.some((nat) => nat.subnetId === wanted.SubnetId && nat.state === "deleting")) {
        wait(`the previous NAT gateway in ${wanted.SubnetId} to be deleted, which frees the Elastic IP`);
        continue;
      }
      const created = await call(`CreateNatGateway in ${wanted.SubnetId} on ${wanted.AllocationId}`, () => ec22.send(new import_client_ec2.CreateNatGatewayCommand({
        SubnetId: wanted.SubnetId,
        AllocationId: wanted.AllocationId,
        TagSpecifications: [{ ResourceType: "natgateway", Tags: [{ Key: OWNER_TAG_KEY, Value: config.Owner }] }]
      })));
      result.actions.push(`created NAT gateway ${created.NatGateway?.NatGatewayId} in ${wanted.SubnetId} on ${wanted.AllocationId}`);
      wait(`NAT gateway ${created.NatGateway?.NatGatewayId} to become available`);
      continue;
    }
    if (live.state !== "available") {
      wait(`NAT gateway ${live.id} to become available`);
      continue;
    }
    for (const routeTableId of wanted.RouteTableIds) {
      const target = routes.get(routeTableId);
      if (target === live.id) {
        continue;
      }
      if (target === void 0) {
        await call(`CreateRoute ${INTERNET} in ${routeTableId}`, () => ec22.send(new import_client_ec2.CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: INTERNET, NatGatewayId: live.id })));
      } else {
        await call(`ReplaceRoute ${INTERNET} in ${routeTableId}`, () => ec22.send(new import_client_ec2.ReplaceRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: INTERNET, NatGatewayId: live.id })));
      }
      result.actions.push(`routed ${routeTableId} to ${live.id}`);
    }
  }
}
async function natGatewaysOff(ec22, config, result, wait) {
  if (config.NatGateways.length === 0) {
    return;
  }
  const subnets = config.NatGateways.map((nat) => nat.SubnetId);
  const owned = (await ownedNatGateways(ec22, config)).filter((nat) => subnets.includes(nat.subnetId));
  const ownedIds = new Set(owned.map((nat) => nat.id));
  const routeTableIds = config.NatGateways.flatMap((nat) => nat.RouteTableIds);
  const routes = await defaultRoutes(ec22, routeTableIds);
  for (const routeTableId of routeTableIds) {
    const target = routes.get(routeTableId);
    if (target !== void 0 && ownedIds.has(target)) {
      await call(`DeleteRoute ${INTERNET} in ${routeTableId}`, () => ec22.send(new import_client_ec2.DeleteRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: INTERNET })));
      result.actions.push(`removed the default route of ${routeTableId}`);
    }
  }
  for (const nat of owned) {
    if (LIVE_NAT.includes(nat.state)) {
      await call(`DeleteNatGateway ${nat.id}`, () => ec22.send(new import_client_ec2.DeleteNatGatewayCommand({ NatGatewayId: nat.id })));
      result.actions.push(`deleted NAT gateway ${nat.id}`);
    }
    wait(`NAT gateway ${nat.id} to be deleted`);
  }
}
async function describeAssociations(ec22, config) {
  const response = await call("DescribeClientVpnTargetNetworks", () => ec22.send(new import_client_ec2.DescribeClientVpnTargetNetworksCommand({ ClientVpnEndpointId: config.EndpointId })));
  return (response.ClientVpnTargetNetworks ?? []).map((target) => ({
    id: target.AssociationId,
    subnetId: target.TargetNetworkId,
    status: target.Status?.Code ?? "unknown",
    securityGroupIds: target.SecurityGroups ?? []
  }));
}
async function associationsOn(ec22, config, result, wait) {
  const associations = await describeAssociations(ec22, config);
  const associated = /* @__PURE__ */ new Set();
  for (const subnetId of config.AssociatedSubnetIds) {
    const live = associations.find((a) => a.subnetId === subnetId && LIVE_ASSOCIATION.includes(a.status));
    if (!live) {
      if (associations.some((a) => a.subnetId === subnetId && a.status === "disassociating")) {
        wait(`the association of ${subnetId} to finish disassociating`);
        continue;
      }
      await call(`AssociateClientVpnTargetNetwork ${subnetId}`, () => ec22.send(new import_client_ec2.AssociateClientVpnTargetNetworkCommand({ ClientVpnEndpointId: config.EndpointId, SubnetId: subnetId })));
      result.actions.push(`associated ${subnetId}`);
      wait(`the association of ${subnetId} (5 to 15 minutes)`);
      continue;
    }
    if (live.status !== "associated") {
      wait(`the association of ${subnetId} (5 to 15 minutes)`);
      continue;
    }
    associated.add(subnetId);
    const groups = [...live.securityGroupIds].sort().join(",");
    if (groups !== [...config.SecurityGroupIds].sort().join(",")) {
      await call("ApplySecurityGroupsToClientVpnTargetNetwork", () => ec22.send(new import_client_ec2.ApplySecurityGroupsToClientVpnTargetNetworkCommand({
        ClientVpnEndpointId: config.EndpointId,
        VpcId: config.VpcId,
        SecurityGroupIds: config.SecurityGroupIds
      })));
      result.actions.push(`applied security groups ${config.SecurityGroupIds.join(", ")}`);
    }
  }
  if (config.Routes.length === 0) {
    return;
  }
  const response = await call("DescribeClientVpnRoutes", () => ec22.send(new import_client_ec2.DescribeClientVpnRoutesCommand({ ClientVpnEndpointId: config.EndpointId })));
  const existing = (response.Routes ?? []).filter((r) => r.Status?.Code !== "deleting");
  for (const route of config.Routes) {
    if (!associated.has(route.TargetSubnetId)) {
      continue;
    }
    if (existing.some((r) => r.DestinationCidr === route.DestinationCidrBlock && r.TargetSubnet === route.TargetSubnetId)) {
      continue;
    }
    await call(`CreateClientVpnRoute ${route.DestinationCidrBlock} via ${route.TargetSubnetId}`, () => ec22.send(new import_client_ec2.CreateClientVpnRouteCommand({
      ClientVpnEndpointId: config.EndpointId,
      DestinationCidrBlock: route.DestinationCidrBlock,
      TargetVpcSubnetId: route.TargetSubnetId,
      Description: route.Description
    })));
    result.actions.push(`routed ${route.DestinationCidrBlock} via ${route.TargetSubnetId}`);
  }
}
async function associationsOff(ec22, config, result, wait) {
  const associations = await describeAssociations(ec22, config);
  for (const association of associations) {
    if (!config.AssociatedSubnetIds.includes(association.subnetId)) {
      continue;
    }
    if (LIVE_ASSOCIATION.includes(association.status)) {
      await call(`DisassociateClientVpnTargetNetwork ${association.id}`, () => ec22.send(new import_client_ec2.DisassociateClientVpnTargetNetworkCommand({
        ClientVpnEndpointId: config.EndpointId,
        AssociationId: association.id
      })));
      result.actions.push(`disassociated ${association.subnetId}`);
      wait(`the association of ${association.subnetId} to disassociate`);
    } else if (association.status === "disassociating") {
      wait(`the association of ${association.subnetId} to disassociate`);
    }
  }
}
function removedParts(old, current) {
  return {
    ...old,
    AssociatedSubnetIds: old.EndpointId === current.EndpointId ? old.AssociatedSubnetIds.filter((id) => !current.AssociatedSubnetIds.includes(id)) : [],
    Routes: [],
    NatGateways: old.Owner === current.Owner ? old.NatGateways.filter((nat) => !current.NatGateways.some((n) => n.SubnetId === nat.SubnetId && n.AllocationId === nat.AllocationId)) : []
  };
}

// src/schedule/switch-complete.lambda.ts
var ec2 = new import_client_ec22.EC2Client({});
async function handler(event) {
  const config = event.ResourceProperties.Configuration;
  const mode = event.Data?.Mode === "off" ? "off" : "on";
  let complete = true;
  if (event.RequestType === "Update") {
    const old = event.OldResourceProperties.Configuration;
    complete = (await step(ec2, removedParts(old, config), "off", { skipInstances: true })).complete;
  }
  const result = await step(ec2, config, mode, { skipInstances: event.RequestType === "Delete" });
  console.log(JSON.stringify({ mode, complete: result.complete, actions: result.actions, waitingFor: result.waitingFor }));
  return { IsComplete: complete && result.complete };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
