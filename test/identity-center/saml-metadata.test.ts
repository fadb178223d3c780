import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SsoClientVpnBastion } from '../../src';
import { issueCertificates } from '../../src/certificate/issue-self-signed';
import { checkSamlMetadata } from '../../src/identity-center/saml-metadata';
import { newStack, requiredProps } from '../fixtures';

const DAY_MS = 86_400_000;
const NOW = new Date();

/** A certificate's base64 body, as metadata carries it. */
async function certificateBody(validFrom: Date, validDays: number): Promise<string> {
  const issued = await issueCertificates({
    commonName: 'portal.sso.ap-northeast-1.amazonaws.com',
    caCommonName: 'Test IdP',
    caValidityDays: validDays,
    serverValidityDays: validDays,
    keySize: 2048,
    now: validFrom,
  });
  return issued.serverCertificatePem.replace(/-----[A-Z ]+-----|\s/g, '');
}

/** A document shaped like IAM Identity Center's metadata file for a custom SAML application. */
function identityCenterMetadata(certificate: string, options: { keyUse?: string; withSso?: boolean; descriptor?: string } = {}): string {
  const descriptor = options.descriptor ?? 'IDPSSODescriptor';
  const sso = options.withSso ?? true;
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://portal.sso.ap-northeast-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEyX2lucy0xMjM0">
  <md:${descriptor} WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="${options.keyUse ?? 'signing'}">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>${certificate}</ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://portal.sso.ap-northeast-1.amazonaws.com/saml/logout/MTIzNDU2Nzg5MDEyX2lucy0xMjM0"/>
    <md:NameIDFormat/>
    ${sso ? '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://portal.sso.ap-northeast-1.amazonaws.com/saml/assertion/MTIzNDU2Nzg5MDEyX2lucy0xMjM0"/>' : ''}
  </md:${descriptor}>
</md:EntityDescriptor>
`;
}

let validCertificate: string;
let expiringCertificate: string;
let expiredCertificate: string;

beforeAll(async () => {
  validCertificate = await certificateBody(new Date(NOW.getTime() - DAY_MS), 365);
  expiringCertificate = await certificateBody(new Date(NOW.getTime() - 300 * DAY_MS), 310);
  expiredCertificate = await certificateBody(new Date(NOW.getTime() - 400 * DAY_MS), 365);
});

function check(xml: string) {
  const stack = new Stack(new App(), 'Check');
  checkSamlMetadata(stack, 'samlMetadataDocument', xml, NOW);
  return Annotations.fromStack(stack);
}

describe('a valid IAM Identity Center metadata file', () => {
  test('passes without a warning', () => {
    check(identityCenterMetadata(validCertificate)).hasNoWarning('*', Match.anyValue());
  });

  test('passes through the construct, whose SAML provider gets the document unchanged', () => {
    const stack = newStack();
    const xml = identityCenterMetadata(validCertificate);
    new SsoClientVpnBastion(stack, 'Bastion', requiredProps({ samlMetadataDocument: iam.SamlMetadataDocument.fromXml(xml) }));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('signing certificate'));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::SAMLProvider', { SamlMetadataDocument: xml });
  });

  test('an EntitiesDescriptor wrapping the entity is accepted', () => {
    const wrapped = identityCenterMetadata(validCertificate)
      .replace('<md:EntityDescriptor', '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><md:EntityDescriptor')
      .replace('</md:EntityDescriptor>', '</md:EntityDescriptor></md:EntitiesDescriptor>');
    expect(() => check(wrapped)).not.toThrow();
  });
});

describe('warnings about the signing certificate', () => {
  test('one that expires within 30 days', () => {
    check(identityCenterMetadata(expiringCertificate)).hasWarning('/Check', Match.stringLikeRegexp('samlMetadataDocument: the signing certificate .* expires on \\d{4}-\\d{2}-\\d{2}, in \\d+ days; rotate it'));
  });

  test('one that has expired', () => {
    check(identityCenterMetadata(expiredCertificate)).hasWarning('/Check', Match.stringLikeRegexp('samlMetadataDocument: the signing certificate .* expired on \\d{4}-\\d{2}-\\d{2}; sign-ins fail'));
  });
});

describe('rejected documents say what is wrong and where to download the right file', () => {
  const download = 'Download it from IAM Identity Center > Applications > your Client VPN application > "IAM Identity Center SAML metadata file".';

  test('text that is not XML', () => {
    const text = 'This is the page I saved instead of the metadata file. '.repeat(30);
    expect(() => check(text)).toThrow(/samlMetadataDocument is not well-formed XML: .*\(line 1, column \d+\)\. Download it from IAM Identity Center/);
  });

  test('broken XML', () => {
    const broken = identityCenterMetadata(validCertificate).replace('</md:IDPSSODescriptor>', '');
    expect(() => check(broken)).toThrow(/samlMetadataDocument is not well-formed XML: Expected closing tag/);
  });

  test('XML that is not SAML 2.0 identity provider metadata (a service provider descriptor)', () => {
    expect(() => check(identityCenterMetadata(validCertificate, { descriptor: 'SPSSODescriptor' })))
      .toThrow(`samlMetadataDocument is XML but not SAML 2.0 identity provider metadata: it has no IDPSSODescriptor for urn:oasis:names:tc:SAML:2.0:protocol (is it a service provider's metadata, or another file?). ${download}`);
  });

  test('no SingleSignOnService', () => {
    expect(() => check(identityCenterMetadata(validCertificate, { withSso: false })))
      .toThrow(`samlMetadataDocument has no SingleSignOnService in its IDPSSODescriptor, so no sign-in URL. ${download}`);
  });

  test('no signing certificate (only an encryption key)', () => {
    expect(() => check(identityCenterMetadata(validCertificate, { keyUse: 'encryption' })))
      .toThrow(`samlMetadataDocument has no signing certificate (KeyDescriptor use="signing" with an X509Certificate), so IAM cannot verify sign-ins. ${download}`);
  });

  test('a signing certificate that is not a certificate', () => {
    expect(() => check(identityCenterMetadata('bm90IGEgY2VydGlmaWNhdGU='.padEnd(1200, 'A'))))
      .toThrow(/samlMetadataDocument has a signing certificate that is not a valid base64 X.509 certificate/);
  });

  test('a DOCTYPE with entities (XXE) is refused before parsing', () => {
    const xxe = identityCenterMetadata(validCertificate).replace('<?xml version="1.0" encoding="UTF-8"?>',
      '<?xml version="1.0"?><!DOCTYPE md [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    expect(() => check(xxe)).toThrow(/samlMetadataDocument contains a DOCTYPE declaration, which SAML metadata never needs; refused so that no entity is expanded or fetched/);
  });

  test('text that is not UTF-8', () => {
    const latin1 = Buffer.from(identityCenterMetadata(validCertificate).replace('Location=', 'Name="Caf\u00e9" Location='), 'latin1').toString('utf8');
    expect(() => check(latin1)).toThrow(/samlMetadataDocument is not UTF-8 text/);
  });

  test('a document too short to be metadata', () => {
    expect(() => check('<xml/>')).toThrow(/samlMetadataDocument is 6 characters long; IAM accepts 1000 to 10000000\. Download it/);
  });

  test('a huge document is refused by its size, without being parsed', () => {
    expect(() => check(`<a>${'x'.repeat(10_000_001)}</a>`)).toThrow(/samlMetadataDocument is 10000008 characters long; IAM accepts 1000 to 10000000/);
  });

  test('the self-service document is checked too, under its own name', () => {
    expect(() => new SsoClientVpnBastion(newStack(), 'Bastion', requiredProps({
      selfServiceSamlMetadataDocument: iam.SamlMetadataDocument.fromXml(identityCenterMetadata(validCertificate, { withSso: false })),
    }))).toThrow(/selfServiceSamlMetadataDocument has no SingleSignOnService/);
  });
});
