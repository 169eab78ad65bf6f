import { Logger, type Provider } from '@nestjs/common';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { loadOrCreateAuditSigningKey, type AuditSigningKey } from './audit-signing-key';

/** Injection token of the terminal's AuditSigningKey source: the key, loaded (or made) when first needed. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

/** The key, read on first use: a CLI command that signs nothing never touches the key file. */
export type AuditSigningKeySource = () => AuditSigningKey;

export const auditSigningKeyProvider: Provider = {
  provide: AUDIT_SIGNING_KEY,
  inject: [kioskConfig.KEY],
  useFactory: (config: KioskConfigType): AuditSigningKeySource => {
    let key: AuditSigningKey | null = null;
    return () => (key ??= loadKey(config));
  },
};

function loadKey(config: KioskConfigType): AuditSigningKey {
  const { created, ...key } = loadOrCreateAuditSigningKey(config.auditKeyFile);
  if (created)
    new Logger('AuditSigningKey').warn(
      `Created a new audit signing key at ${config.auditKeyFile} (fingerprint ${key.fingerprint.slice(0, 16)}): back it up apart from the database, and give its public half (kiosk audit public-key) to the auditors`,
    );
  return key;
}
