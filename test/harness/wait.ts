// The same waiting helpers as the unit specs use (one implementation, in the app's testing folder).
export { nextEvent, sleep, waitFor } from '../../apps/kiosk/src/testing/wait';
