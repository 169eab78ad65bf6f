// @kiosk/card/virtual: virtual cards for tests and demos (vpcd). Never used in production.
export {
  VirtualCard,
  VirtualCardError,
  type VirtualCardOptions,
  type VirtualCardEvents,
  type VpcdControl,
} from './vpcd-card';
export type { CardProfile, CardAnswer, PlainCardProfile } from './card-profile';
export { emvCardProfile, type EmvCardProfileOptions } from './profiles/emv-card.profile';
export { purseCardProfile } from './profiles/purse-card.profile';
export { phoneProfile } from './profiles/phone.profile';
export {
  hostileCardProfile,
  HOSTILE_BEHAVIOURS,
  GARBAGE_ATR,
  type HostileBehaviour,
} from './profiles/hostile-card.profile';
export {
  profileByName,
  PROFILE_NAMES,
  type ProfileName,
  type ProfileChoice,
} from './profiles/profile-catalogue';
export {
  contactlessUidProfile,
  contactlessStorageAtr,
  type ContactlessUidKind,
  type ContactlessUidProfileOptions,
} from './profiles/contactless-uid.profile';
export { tap, type TapOptions, type TapReport, type TapStep } from './tap';
export {
  VPCD_DEFAULT_PORT,
  decodeVpcdFrame,
  encodeVpcdFrame,
  VpcdFrameReader,
} from './vpcd-frame.codec';
