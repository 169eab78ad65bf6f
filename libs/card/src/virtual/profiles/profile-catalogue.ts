import type { CardProfile } from '../card-profile';
import { contactlessUidProfile } from './contactless-uid.profile';
import { emvCardProfile } from './emv-card.profile';
import { geldKarteProfile } from './geldkarte.profile';
import { hostileCardProfile, type HostileBehaviour } from './hostile-card.profile';
import { phoneProfile } from './phone.profile';
import { purseCardProfile } from './purse-card.profile';

/** The virtual cards `npm run tap -- --profile <name>` and the tests present. */
export type ProfileName =
  | 'ntag216'
  | 'mifare-classic-1k'
  | 'phone'
  | 'purse-card'
  | 'emv-contact'
  | 'emv-contactless'
  | 'emv-gpo-retry'
  | 'emv-select-warning'
  | 'emv-gpo-template-70'
  | 'emv-track2-9f6b'
  | 'emv-track1-56'
  | 'emv-pan-inconsistent'
  | 'emv-stale-pse'
  | 'geldkarte'
  | 'hostile';

export const PROFILE_NAMES: readonly ProfileName[] = [
  'ntag216',
  'mifare-classic-1k',
  'phone',
  'purse-card',
  'emv-contact',
  'emv-contactless',
  'emv-gpo-retry',
  'emv-select-warning',
  'emv-gpo-template-70',
  'emv-track2-9f6b',
  'emv-track1-56',
  'emv-pan-inconsistent',
  'emv-stale-pse',
  'geldkarte',
  'hostile',
];

export interface ProfileChoice {
  name: ProfileName;
  /** The UID of ntag216 / mifare-classic-1k (defaults: 04A224E2C35E80, DEADBEEF). */
  uid?: string;
  /** A public test PAN for the bank cards (defaults: 4111111111111111, 4761739001010010, 5413330089600010). */
  pan?: string;
  hostile?: HostileBehaviour;
}

/** Builds a profile by name; throws RangeError on a bad UID or PAN (a test's own mistake). */
export function profileByName(choice: ProfileChoice): CardProfile {
  switch (choice.name) {
    case 'ntag216':
      return contactlessUidProfile(choice.uid ?? '04A224E2C35E80', { kind: 'ntag216' });
    case 'mifare-classic-1k':
      return contactlessUidProfile(choice.uid ?? 'DEADBEEF', { kind: 'mifare-classic-1k' });
    case 'phone':
      return phoneProfile();
    case 'purse-card':
      return purseCardProfile(choice.pan ?? '4111111111111111');
    case 'emv-contact':
      return emvCardProfile({ pan: choice.pan ?? '4761739001010010', contactless: false });
    case 'emv-contactless':
      return emvCardProfile({ pan: choice.pan ?? '5413330089600010', contactless: true });
    // The bank cards of issue 20, each leaving the textbook in one way (see EmvQuirk).
    case 'emv-gpo-retry':
      return emvCardProfile({
        pan: choice.pan ?? '5555555555554444',
        contactless: true,
        quirk: 'gpo-retry',
      });
    case 'emv-select-warning':
      return emvCardProfile({
        pan: choice.pan ?? '4012888888881881',
        contactless: true,
        quirk: 'select-warning',
      });
    case 'emv-gpo-template-70':
      return emvCardProfile({
        pan: choice.pan ?? '4761739001010010',
        contactless: true,
        quirk: 'gpo-template-70',
      });
    case 'emv-track2-9f6b':
      return emvCardProfile({
        pan: choice.pan ?? '5413330089600010',
        contactless: true,
        quirk: 'track2-9f6b',
      });
    case 'emv-track1-56':
      return emvCardProfile({
        pan: choice.pan ?? '5555555555554444',
        contactless: true,
        quirk: 'track1-56',
      });
    case 'emv-pan-inconsistent':
      return emvCardProfile({
        pan: choice.pan ?? '5413330089600010',
        contactless: true,
        quirk: 'pan-inconsistent',
      });
    case 'emv-stale-pse':
      return emvCardProfile({
        pan: choice.pan ?? '4012888888881881',
        contactless: false,
        quirk: 'stale-pse',
      });
    case 'geldkarte':
      return geldKarteProfile();
    case 'hostile':
      return hostileCardProfile(choice.hostile ?? 'class-not-supported');
  }
}
