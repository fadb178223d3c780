import { Duration, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { SelfSignedServerCertificate } from './self-signed';
import type { SelfSignedServerCertificateProps } from './self-signed';
import { ACM_CERTIFICATE_ARN } from './self-signed-contract';
import { propError } from '../core/errors';

/**
 * Options for a public ACM certificate validated through a Route 53 hosted zone.
 */
export interface DnsValidatedDomainOptions {
  /**
   * The domain name of the certificate, for example `vpn.example.com`.
   *
   * Clients never connect to this name (they connect to the endpoint's
   * `*.cvpn-endpoint-*.amazonaws.com` name); Client VPN only needs a valid
   * certificate in ACM, so any name in a zone you own will do.
   */
  readonly domainName: string;

  /**
   * The public hosted zone that holds `domainName`. ACM's DNS validation record
   * (a CNAME) is created in it, and ACM renews the certificate automatically
   * while that record exists.
   */
  readonly hostedZone: route53.IHostedZone;
}

/**
 * The key algorithm of a self-signed server certificate.
 *
 * A Client VPN endpoint supports 1024-bit and 2048-bit RSA keys only, and
 * 1024 bits is too weak to offer, so RSA 2048 is the one choice today.
 *
 * @see https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/mutual.html
 */
export class CertificateKeyAlgorithm {
  /** RSA with a 2048-bit modulus. */
  public static readonly RSA_2048 = new CertificateKeyAlgorithm('RSA', 2048);

  private constructor(
    /** The algorithm family. */
    public readonly family: string,
    /** The key size in bits. */
    public readonly keySize: number,
  ) {}
}

/**
 * Options for a self-signed server certificate.
 */
export interface SelfSignedCertificateOptions {
  /**
   * The common name (and DNS subject alternative name) of the server certificate.
   *
   * Clients never resolve it; it only has to be a DNS-shaped name of at most 64 characters.
   *
   * @default 'server.sso-client-vpn-bastion.internal'
   */
  readonly commonName?: string;

  /**
   * The common name of the private CA that signs the server certificate.
   *
   * @default 'SsoClientVpnBastion CA'
   */
  readonly caCommonName?: string;

  /**
   * How long the private CA is valid.
   *
   * @default Duration.days(3650), ten years
   */
  readonly caValidity?: Duration;

  /**
   * How long the server certificate is valid. At most `caValidity`.
   *
   * ACM does not renew imported certificates: before it ends, change any option
   * here (for example this one) and deploy, which issues and imports a new pair.
   *
   * @default Duration.days(1825), five years
   */
  readonly serverValidity?: Duration;

  /**
   * The key algorithm of both certificates.
   *
   * @default CertificateKeyAlgorithm.RSA_2048
   */
  readonly keyAlgorithm?: CertificateKeyAlgorithm;
}

/**
 * The server certificate of the Client VPN endpoint.
 *
 * Client VPN needs a server certificate in ACM even when users sign in with
 * SAML. Pick one with a static factory.
 */
export abstract class ServerCertificate {
  /**
   * An existing certificate in ACM, in the endpoint's region.
   *
   * @param certificateArn the ARN, `arn:aws:acm:<region>:<account>:certificate/<id>`
   */
  public static fromCertificateArn(certificateArn: string): ServerCertificate {
    if (!Token.isUnresolved(certificateArn) && !ACM_CERTIFICATE_ARN.test(certificateArn)) {
      throw propError('serverCertificate', certificateArn, 'is not an ACM certificate ARN (ServerCertificate.fromCertificateArn); ' +
        'expected arn:<partition>:acm:<region>:<account-id>:certificate/<certificate-id>');
    }
    return new ImportedServerCertificate(certificateArn);
  }

  /**
   * A new public ACM certificate for a domain of yours, validated through DNS
   * in its Route 53 hosted zone. ACM renews it.
   *
   * @param options the domain name and the hosted zone that holds it
   */
  public static fromDnsValidatedDomain(options: DnsValidatedDomainOptions): ServerCertificate {
    if (!Token.isUnresolved(options.domainName) && !DOMAIN_NAME.test(options.domainName)) {
      throw propError('serverCertificate domainName', options.domainName, 'is not a DNS name (ServerCertificate.fromDnsValidatedDomain); ' +
        'expected labels of letters, digits and hyphens separated by dots, such as vpn.example.com (a leading *. is allowed)');
    }
    return new DnsValidatedServerCertificate(options);
  }

  /**
   * A private CA and a server certificate signed by it, generated at deploy
   * time by a custom resource and imported into ACM with the CA as chain. No
   * domain needed. The private keys exist only in the handler's run and in ACM.
   *
   * The certificate is deleted from ACM when it leaves the stack, once the
   * endpoint no longer uses it.
   *
   * Its handlers log to log groups of the stack, kept as the bastion keeps
   * its logs (`logRetention`, `logRemovalPolicy`, `logEncryptionKey`; the
   * first bastion's when a stack has several). Bound outside a bastion, they
   * are kept a year and retained.
   *
   * @param options the names, lifetimes and key algorithm, all optional
   */
  public static selfSigned(options: SelfSignedCertificateOptions = {}): ServerCertificate {
    const commonName = options.commonName ?? 'server.sso-client-vpn-bastion.internal';
    const caCommonName = options.caCommonName ?? 'SsoClientVpnBastion CA';
    const caValidity = options.caValidity ?? Duration.days(3650);
    const serverValidity = options.serverValidity ?? Duration.days(1825);
    if (!Token.isUnresolved(commonName) && (commonName.length > MAX_COMMON_NAME || !DOMAIN_NAME.test(commonName) || commonName.startsWith('*'))) {
      throw propError('serverCertificate commonName', commonName, `is invalid (ServerCertificate.selfSigned); expected a DNS name of at most ${MAX_COMMON_NAME} characters ` +
        'without wildcard, such as server.vpn.internal');
    }
    if (!Token.isUnresolved(caCommonName) && (caCommonName.length === 0 || caCommonName.length > MAX_COMMON_NAME)) {
      throw propError('serverCertificate caCommonName', caCommonName, `is invalid (ServerCertificate.selfSigned); expected 1 to ${MAX_COMMON_NAME} characters`);
    }
    const caValidityDays = caValidity.toDays({ integral: false });
    const serverValidityDays = serverValidity.toDays({ integral: false });
    if (!Number.isInteger(caValidityDays) || caValidityDays < 1 || !Number.isInteger(serverValidityDays) || serverValidityDays < 1) {
      throw propError('serverCertificate serverValidity', serverValidity.toHumanString(),
        `or caValidity ${JSON.stringify(caValidity.toHumanString())} is invalid (ServerCertificate.selfSigned); expected whole numbers of days, at least one`);
    }
    if (serverValidityDays > caValidityDays) {
      throw propError('serverCertificate serverValidity', `${serverValidityDays} days`,
        `is longer than caValidity (${caValidityDays} days) (ServerCertificate.selfSigned); a certificate cannot outlive the CA that signs it`);
    }
    return new SelfSignedServerCertificateChoice({
      commonName,
      caCommonName,
      caValidityDays,
      serverValidityDays,
      keySize: (options.keyAlgorithm ?? CertificateKeyAlgorithm.RSA_2048).keySize,
    });
  }

  /**
   * Creates or imports the certificate in the scope of the construct that uses it.
   *
   * @param scope the construct that owns the certificate
   */
  public abstract bind(scope: Construct): acm.ICertificate;
}

/** RFC 5280's upper bound for a common name. */
const MAX_COMMON_NAME = 64;
const DOMAIN_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

class ImportedServerCertificate extends ServerCertificate {
  constructor(private readonly certificateArn: string) {
    super();
  }

  public bind(scope: Construct): acm.ICertificate {
    return acm.Certificate.fromCertificateArn(scope, 'ServerCertificate', this.certificateArn);
  }
}

class DnsValidatedServerCertificate extends ServerCertificate {
  constructor(private readonly options: DnsValidatedDomainOptions) {
    super();
  }

  public bind(scope: Construct): acm.ICertificate {
    return new acm.Certificate(scope, 'ServerCertificate', {
      domainName: this.options.domainName,
      validation: acm.CertificateValidation.fromDns(this.options.hostedZone),
      // Client VPN accepts RSA 2048 (not the ECDSA keys ACM also offers).
      keyAlgorithm: acm.KeyAlgorithm.RSA_2048,
    });
  }
}

class SelfSignedServerCertificateChoice extends ServerCertificate {
  constructor(private readonly props: SelfSignedServerCertificateProps) {
    super();
  }

  public bind(scope: Construct): acm.ICertificate {
    return new SelfSignedServerCertificate(scope, 'ServerCertificate', this.props).certificate;
  }
}
