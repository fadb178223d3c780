export * from './sso-client-vpn-bastion';
export * from './server-certificate';
export * from './saml-application';
export * from './identity-center/permission-set-options';
