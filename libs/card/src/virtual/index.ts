// @kiosk/card/virtual: virtual cards for tests and demos (vpcd). Never used in production.
export {
  VirtualCard,
  VirtualCardError,
  type VirtualCardOptions,
  type VirtualCardEvents,
  type VpcdControl,
} from './vpcd-card';
export type { CardProfile } from './card-profile';
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
