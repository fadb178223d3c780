import { CustomResource } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { SELF_SIGNED_CERTIFICATE_TYPE } from './self-signed-contract';
import type { SelfSignedCertificateProperties } from './self-signed-contract';
import { SelfSignedCertificateProvider, ownerTagValue } from './self-signed-provider';
import { handlerLoggingOf } from '../core/handler-logs';

export interface SelfSignedServerCertificateProps {
  readonly commonName: string;
  readonly caCommonName: string;
  readonly caValidityDays: number;
  readonly serverValidityDays: number;
  readonly keySize: number;
}

/**
 * A private CA and a server certificate issued at deploy time by a custom
 * resource and imported into ACM. Changing any property issues a new pair.
 */
export class SelfSignedServerCertificate extends Construct {
  public readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: SelfSignedServerCertificateProps) {
    super(scope, id);

    const properties: SelfSignedCertificateProperties = {
      CommonName: props.commonName,
      CaCommonName: props.caCommonName,
      CaValidityDays: String(props.caValidityDays),
      ServerValidityDays: String(props.serverValidityDays),
      KeySize: String(props.keySize),
      Owner: ownerTagValue(),
    };
    const resource = new CustomResource(this, 'Resource', {
      // The handler logging of the bastion this certificate is bound in.
      serviceToken: SelfSignedCertificateProvider.of(this, handlerLoggingOf(this)).serviceToken,
      resourceType: SELF_SIGNED_CERTIFICATE_TYPE,
      properties: { ...properties },
    });
    this.certificate = acm.Certificate.fromCertificateArn(this, 'Imported', resource.getAttString('CertificateArn'));
  }
}
