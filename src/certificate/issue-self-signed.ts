// Must load before @peculiar/x509 (its dependency injection needs the Reflect API).
import 'reflect-metadata';
import { KeyObject, randomBytes, webcrypto } from 'crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** What to issue: a private CA and a server certificate signed by it. */
export interface CertificateRequest {
  readonly commonName: string;
  readonly caCommonName: string;
  readonly caValidityDays: number;
  readonly serverValidityDays: number;
  /** RSA modulus length in bits. */
  readonly keySize: number;
  /** The issuing time; a parameter so that tests can pin it. */
  readonly now?: Date;
}

/** PEM texts, as ACM's ImportCertificate takes them. */
export interface IssuedCertificates {
  readonly caCertificatePem: string;
  readonly serverCertificatePem: string;
  /** PKCS#1 PEM of the server key. Never log it, return it or store it outside ACM. */
  readonly serverPrivateKeyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Tolerate clocks a little behind ours. */
const BACKDATE_MS = 5 * 60 * 1000;

/**
 * Issues a CA and a server certificate signed by it, with the key usages
 * OpenVPN (and so Client VPN) expects of a TLS server: digital signature and
 * key encipherment, extended key usage serverAuth, and the name as a DNS SAN.
 * Keys come from Node's WebCrypto; the X.509 encoding from @peculiar/x509.
 */
export async function issueCertificates(request: CertificateRequest): Promise<IssuedCertificates> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: request.keySize,
  };
  const notBefore = new Date((request.now ?? new Date()).getTime() - BACKDATE_MS);
  const daysAfter = (days: number) => new Date(notBefore.getTime() + BACKDATE_MS + days * DAY_MS);

  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [request.caCommonName] }],
    notBefore,
    notAfter: daysAfter(request.caValidityDays),
    signingAlgorithm: algorithm,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      // eslint-disable-next-line no-bitwise -- key usages are a bit set
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const serverKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const serverCertificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [request.commonName] }],
    issuer: caCertificate.subject,
    notBefore,
    notAfter: daysAfter(request.serverValidityDays),
    signingAlgorithm: algorithm,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // eslint-disable-next-line no-bitwise -- key usages are a bit set
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: request.commonName }]),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCertificate),
    ],
  });

  return {
    caCertificatePem: caCertificate.toString('pem'),
    serverCertificatePem: serverCertificate.toString('pem'),
    serverPrivateKeyPem: KeyObject.from(serverKeys.privateKey).export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

/** A positive random 128-bit serial number, as RFC 5280 asks (at most 20 octets, unique per CA). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] % 0x80;
  return bytes.toString('hex');
}
