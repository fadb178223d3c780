import { X509Certificate } from 'crypto';
import { Annotations, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { bastionError } from '../core/errors';

/** Where a person finds the right file. */
const WHERE_TO_DOWNLOAD =
  'Download it from IAM Identity Center > Applications > your Client VPN application > "IAM Identity Center SAML metadata file".';

/** Signing certificates that end within this many days get a warning. */
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** IAM's limits on a SAML metadata document. */
export const SAML_METADATA_LENGTH = { min: 1000, max: 10_000_000 };

type XmlNode = Record<string, unknown>;

/**
 * Checks, before anything is deployed, that a metadata document is what
 * IAM and Client VPN need: well-formed XML without a DOCTYPE (no entity
 * expansion, no external entities), SAML 2.0 identity provider metadata with
 * a single sign-on service and a signing certificate. Warns when that
 * certificate has expired or will within 30 days.
 *
 * @param scope where the warning is attached
 * @param prop the prop name, for the messages
 * @param xml the document; an unresolved token is left for deploy time
 * @param now the time to compare the certificate's validity with
 */
export function checkSamlMetadata(scope: IConstruct, prop: string, xml: string, now: Date = new Date()): void {
  if (Token.isUnresolved(xml)) {
    return;
  }
  const fail = (problem: string) => bastionError(`${prop} ${problem}. ${WHERE_TO_DOWNLOAD}`, scope);

  if (xml.length < SAML_METADATA_LENGTH.min || xml.length > SAML_METADATA_LENGTH.max) {
    throw fail(`is ${xml.length} characters long; IAM accepts ${SAML_METADATA_LENGTH.min} to ${SAML_METADATA_LENGTH.max}`);
  }
  if (xml.includes('\uFFFD')) {
    throw fail('is not UTF-8 text (it holds undecodable bytes); save the metadata file as downloaded, without converting it');
  }
  // Entity declarations only come with a DOCTYPE; refusing it rules out entity
  // expansion and external entities (XXE) whatever the parser would do.
  if (/<!DOCTYPE/i.test(xml)) {
    throw fail('contains a DOCTYPE declaration, which SAML metadata never needs; refused so that no entity is expanded or fetched');
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw fail(`is not well-formed XML: ${validation.err.msg} (line ${validation.err.line}, column ${validation.err.col})`);
  }

  // The parser is stricter than the validator in places (found by the
  // property-based tests: an unclosed processing instruction passes the
  // validator), so its errors are reported the same way.
  let document: XmlNode;
  try {
    document = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      removeNSPrefix: true,
      processEntities: false,
      isArray: (name) => ['EntityDescriptor', 'IDPSSODescriptor', 'KeyDescriptor', 'SingleSignOnService', 'X509Certificate'].includes(name),
    }).parse(xml) as XmlNode;
  } catch (error) {
    throw fail(`is not well-formed XML: ${(error as Error).message}`);
  }

  const entities = [
    ...asArray((document.EntityDescriptor as XmlNode[] | undefined)),
    ...asArray(((document.EntitiesDescriptor as XmlNode | undefined)?.EntityDescriptor as XmlNode[] | undefined)),
  ];
  const idp = entities.flatMap((entity) => asArray(entity.IDPSSODescriptor as XmlNode[] | undefined))
    .find((descriptor) => String(descriptor['@protocolSupportEnumeration'] ?? '').includes('urn:oasis:names:tc:SAML:2.0:protocol'));
  if (!idp) {
    throw fail('is XML but not SAML 2.0 identity provider metadata: it has no IDPSSODescriptor for urn:oasis:names:tc:SAML:2.0:protocol (is it a service provider\'s metadata, or another file?)');
  }
  if (asArray(idp.SingleSignOnService as XmlNode[] | undefined).length === 0) {
    throw fail('has no SingleSignOnService in its IDPSSODescriptor, so no sign-in URL');
  }

  const signingCertificates = asArray(idp.KeyDescriptor as XmlNode[] | undefined)
    .filter((key) => key['@use'] === undefined || key['@use'] === 'signing')
    .flatMap((key) => asArray((((key.KeyInfo as XmlNode | undefined)?.X509Data as XmlNode | undefined)?.X509Certificate) as string[] | undefined));
  if (signingCertificates.length === 0) {
    throw fail('has no signing certificate (KeyDescriptor use="signing" with an X509Certificate), so IAM cannot verify sign-ins');
  }

  for (const encoded of signingCertificates) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(String(encoded).replace(/\s+/g, ''), 'base64'));
    } catch {
      throw fail('has a signing certificate that is not a valid base64 X.509 certificate');
    }
    const validTo = new Date(certificate.validTo);
    const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
    if (daysLeft < 0) {
      Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:samlCertificateExpired',
        `${prop}: the signing certificate (${certificate.subject.replace(/\n/g, ', ')}) expired on ${validTo.toISOString().slice(0, 10)}; ` +
        'sign-ins fail until IAM Identity Center has a new certificate and you deploy its new metadata.');
    } else if (daysLeft < EXPIRY_WARNING_DAYS) {
      Annotations.of(scope).addWarningV2('sso-client-vpn-bastion:samlCertificateExpiring',
        `${prop}: the signing certificate (${certificate.subject.replace(/\n/g, ', ')}) expires on ${validTo.toISOString().slice(0, 10)}, ` +
        `in ${daysLeft} days; rotate it in IAM Identity Center and deploy the new metadata before then.`);
    }
  }
}

function asArray<T>(value: T[] | T | undefined): T[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}
