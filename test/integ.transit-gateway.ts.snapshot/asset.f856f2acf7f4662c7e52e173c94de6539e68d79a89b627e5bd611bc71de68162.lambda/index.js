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

// src/server/image-pin.lambda.ts
var image_pin_lambda_exports = {};
__export(image_pin_lambda_exports, {
  handler: () => handler,
  pin: () => pin
});
module.exports = __toCommonJS(image_pin_lambda_exports);

// src/core/custom-resource-handler.ts
var fetchPut = async (url, body) => {
  const response = await fetch(url, { method: "PUT", body, headers: { "content-type": "" } });
  return { status: response.status };
};
var MAX_REASON = 2e3;
async function serveCustomResource(request, put, work) {
  const physicalResourceId = request.PhysicalResourceId ?? `${request.LogicalResourceId}-${request.RequestId}`.slice(0, 1024);
  let status = "SUCCESS";
  let reason;
  try {
    reason = await work();
  } catch (error) {
    status = "FAILED";
    reason = error.message;
  }
  const body = JSON.stringify({
    Status: status,
    Reason: reason.slice(0, MAX_REASON),
    PhysicalResourceId: physicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId
  });
  const answer = await put(request.ResponseURL, body);
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(`CloudFormation's response URL answered HTTP ${answer.status} to the ${status} answer for ${request.LogicalResourceId}.`);
  }
  return `${request.RequestType} of ${request.LogicalResourceId}: ${status} (${reason})`;
}

// src/server/image-pin.lambda.ts
var IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;
async function handler(event) {
  return pin(event, fetchPut);
}
async function pin(event, put) {
  if (event.RequestType === "Delete") {
    return serveCustomResource(event, put, async () => "nothing to delete");
  }
  const { Candidate: candidate, Revision: revision } = event.ResourceProperties;
  const keep = event.RequestType !== "Create" && event.OldResourceProperties?.Revision === revision && IMAGE_ID.test(event.PhysicalResourceId ?? "");
  const image = keep ? event.PhysicalResourceId : candidate;
  if (!IMAGE_ID.test(image)) {
    return serveCustomResource(event, put, async () => {
      throw new Error(`The image lookup answered ${JSON.stringify(image)}, which is not an image ID (ami-...).`);
    });
  }
  const response = await serveCustomResource({ ...event, PhysicalResourceId: image }, put, async () => keep ? `kept ${image} (revision ${JSON.stringify(revision)} unchanged; the lookup now says ${candidate})` : `pinned ${image} (revision ${JSON.stringify(revision)})`);
  console.log(response);
  return response;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler,
  pin
});
