import type { Credential } from '@kiosk/card';

/**
 * What a person may see of a credential, for the audit log, logs and the LCD: a UID as it is,
 * a PAN only masked (its digits never leave PanCredential except as a keyed HMAC).
 */
export function credentialDisplay(credential: Credential): string {
  switch (credential.kind) {
    case 'uid':
      return credential.uid;
    case 'pan':
      return credential.pan.masked;
  }
}
