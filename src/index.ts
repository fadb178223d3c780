export * from './sso-client-vpn-bastion';
export * from './server-certificate';
export * from './saml-application';
