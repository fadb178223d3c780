import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';

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
      throw new Error(
        `serverCertificate: ServerCertificate.fromCertificateArn got '${certificateArn}', which is not an ACM certificate ARN; ` +
        'expected arn:<partition>:acm:<region>:<account-id>:certificate/<certificate-id>.',
      );
    }
    return new ImportedServerCertificate(certificateArn);
  }

  /**
   * A new public ACM certificate for a domain of yours, validated through DNS
   * in its Route 53 hosted zone (as the article does). ACM renews it.
   */
  public static fromDnsValidatedDomain(options: DnsValidatedDomainOptions): ServerCertificate {
    if (!Token.isUnresolved(options.domainName) && !DOMAIN_NAME.test(options.domainName)) {
      throw new Error(
        `serverCertificate: ServerCertificate.fromDnsValidatedDomain got domainName '${options.domainName}', ` +
        'which is not a DNS name; expected labels of letters, digits and hyphens separated by dots, such as vpn.example.com (a leading *. is allowed).',
      );
    }
    return new DnsValidatedServerCertificate(options);
  }

  /**
   * Creates or imports the certificate in the scope of the construct that uses it.
   *
   * @param scope the construct that owns the certificate
   */
  public abstract bind(scope: Construct): acm.ICertificate;
}

const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
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
    // ACM's default key algorithm, RSA 2048, is one Client VPN accepts.
    return new acm.Certificate(scope, 'ServerCertificate', {
      domainName: this.options.domainName,
      validation: acm.CertificateValidation.fromDns(this.options.hostedZone),
    });
  }
}
