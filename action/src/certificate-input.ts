import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { ServerCertificate } from '../../src';

/**
 * The server certificate the inputs choose: an existing one (certificate-arn),
 * a new DNS-validated one (domain-name + hosted-zone-id), or a self-signed one
 * (neither). Each choice makes its certificate and names the input that set
 * it, so that nothing outside this file compares kinds.
 */
export abstract class CertificateInput {
  /** certificate-arn: an existing ACM certificate. */
  public static fromArn(certificateArn: string): CertificateInput {
    return new ArnCertificateInput(certificateArn);
  }

  /** domain-name + hosted-zone-id: a public certificate validated in that hosted zone. */
  public static dnsValidated(domainName: string, hostedZoneId: string): CertificateInput {
    return new DnsCertificateInput(domainName, hostedZoneId);
  }

  /** Neither: the construct's self-signed certificate. */
  public static selfSigned(): CertificateInput {
    return new SelfSignedCertificateInput();
  }

  /** What was chosen, for reading (tests, logs); the behaviour is in the methods. */
  public abstract readonly kind: 'arn' | 'dns' | 'self-signed';

  /** The input a message about the construct's `serverCertificate` prop names. */
  public abstract get input(): string;

  /** The construct's certificate; `scope` holds what it imports (the hosted zone). */
  public abstract serverCertificate(scope: Construct): ServerCertificate;
}

class ArnCertificateInput extends CertificateInput {
  public readonly kind = 'arn';
  constructor(public readonly certificateArn: string) {
    super();
  }
  public get input(): string {
    return 'certificate-arn';
  }
  public serverCertificate(): ServerCertificate {
    return ServerCertificate.fromCertificateArn(this.certificateArn);
  }
}

class DnsCertificateInput extends CertificateInput {
  public readonly kind = 'dns';
  constructor(public readonly domainName: string, public readonly hostedZoneId: string) {
    super();
  }
  public get input(): string {
    return 'domain-name';
  }
  public serverCertificate(scope: Construct): ServerCertificate {
    return ServerCertificate.fromDnsValidatedDomain({
      domainName: this.domainName,
      hostedZone: route53.HostedZone.fromHostedZoneId(scope, 'HostedZone', this.hostedZoneId),
    });
  }
}

class SelfSignedCertificateInput extends CertificateInput {
  public readonly kind = 'self-signed';
  /** The construct's self-signed options have no inputs; its errors are about the certificate's inputs as a whole. */
  public get input(): string {
    return 'certificate-arn';
  }
  public serverCertificate(): ServerCertificate {
    return ServerCertificate.selfSigned();
  }
}
