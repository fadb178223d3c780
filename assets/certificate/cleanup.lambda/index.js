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

// src/certificate/cleanup.lambda.ts
var cleanup_lambda_exports = {};
__export(cleanup_lambda_exports, {
  handler: () => handler
});
module.exports = __toCommonJS(cleanup_lambda_exports);
var import_client_acm = require("@aws-sdk/client-acm");

// src/certificate/self-signed-contract.ts
var ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

// src/certificate/cleanup.lambda.ts
var acm = new import_client_acm.ACMClient({});
async function handler(event) {
  if (event.RequestType !== "Delete") {
    return { IsComplete: true };
  }
  const certificateArn = event.PhysicalResourceId;
  if (!ACM_CERTIFICATE_ARN.test(certificateArn)) {
    return { IsComplete: true };
  }
  try {
    await acm.send(new import_client_acm.DeleteCertificateCommand({ CertificateArn: certificateArn }));
    return { IsComplete: true };
  } catch (error) {
    const { name, message } = error;
    if (name === "ResourceNotFoundException") {
      return { IsComplete: true };
    }
    if (name === "AccessDeniedException" && await isGone(certificateArn)) {
      return { IsComplete: true };
    }
    if (name === "ResourceInUseException") {
      console.log(`${certificateArn} is still in use; waiting for the endpoint to release it.`);
      return { IsComplete: false };
    }
    throw new Error(`Deleting the self-signed server certificate ${certificateArn} from ACM failed: ${name}: ${message}`);
  }
}
async function isGone(certificateArn) {
  try {
    await acm.send(new import_client_acm.DescribeCertificateCommand({ CertificateArn: certificateArn }));
    return false;
  } catch (error) {
    return error.name === "ResourceNotFoundException";
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  handler
});
