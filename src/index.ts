export * from './sso-client-vpn-bastion';
export * from './server-certificate';
export * from './server-image';
export * from './saml-application';
export * from './identity-center/permission-set-options';
export * from './nat-gateways';
export * from './schedule/schedule';
export * from './cost/cost-estimate';
