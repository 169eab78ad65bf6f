// @kiosk/door: the door controller on the serial line, spoken to in OSDP v2.2 (the kiosk is the ACU).
// It exports what a caller outside the lib uses (apps/, test/, tools/) and the Nest module; the
// lib's parts (codecs, the bus, the door state machine, option and event types) stay inside,
// free to change.

// The Nest module, or an OsdpAcu on a SerialTransport outside Nest.
export { DoorModule, type DoorModuleOptions } from './door.module';
export { OsdpAcu } from './link/osdp-acu';
export { OSDP_ACU_DEFAULTS, type OsdpAcuEvents } from './link/osdp-acu.options';
export { SerialTransport } from './link/serial.transport';

// One board's commands, one door's supervision, and what a failed command means.
export { DoorBoard } from './link/door-board';
export {
  DoorSupervisor,
  type DoorConfig,
  type DoorEvent,
  type DoorSupervisorState,
} from './door/door-supervisor';
export { DoorLinkFault } from './link/door-link.errors';

// A card read by an OSDP reader on the board.
export type { OsdpCardRead } from './link/osdp-reader-events';
