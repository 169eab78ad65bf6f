// @kiosk/card/virtual: virtual cards for tests and demos (vpcd). Never used in production.
// It exports what the e2e harness (test/) and the tap tool (tools/) use.
export { VirtualCard, VirtualCardError, type VpcdControl } from './vpcd-card';
export type { CardProfile } from './card-profile';
export { contactlessUidProfile } from './profiles/contactless-uid.profile';
export {
  profileByName,
  PROFILE_NAMES,
  type ProfileName,
  type ProfileChoice,
} from './profiles/profile-catalogue';
export { HOSTILE_BEHAVIOURS, type HostileBehaviour } from './profiles/hostile-card.profile';
export { tap, type TapStep } from './tap';
