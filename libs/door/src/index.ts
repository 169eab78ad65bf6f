// @kiosk/door: the door controller on the serial line, spoken to in OSDP v2.2 (the kiosk is the ACU).
export {
  DoorModule,
  DOOR_MODULE_OPTIONS,
  createOsdpAcu,
  type DoorModuleOptions,
} from './door.module';
export { OsdpAcu } from './link/osdp-acu';
export {
  OSDP_ACU_DEFAULTS,
  type OsdpAcuOptions,
  type OsdpAcuEvents,
  type OsdpPdOfflineReason,
} from './link/osdp-acu.options';
export type { OsdpPdInfo } from './link/osdp-pd-state';
export type { ByteTransport, ByteTransportEvents } from './link/byte-transport';
export { SerialTransport, type SerialTransportOptions } from './link/serial.transport';
export { DoorLinkFault, type DoorLinkFaultCode } from './link/door-link.errors';
export type { DoorLogger } from './link/door-logger';
export {
  DoorBoard,
  type BeepPattern,
  type BeepTiming,
  type ShowTextOptions,
  type DoorBoardOptions,
} from './link/door-board';
export {
  DoorSupervisor,
  systemDoorClock,
  type DoorConfig,
  type DoorClock,
  type DoorEvent,
  type DoorSupervisorEvents,
  type DoorSupervisorOptions,
  type DoorSupervisorState,
} from './door/door-supervisor';
export {
  doorTransition,
  doorCondition,
  INITIAL_DOOR_STATE,
  type DoorCondition,
  type DoorEventType,
  type DoorInput,
  type DoorState,
} from './door/door-state';
export type { OsdpCardRead, OsdpCardFormat, OsdpKeypadEntry } from './link/osdp-reader-events';
export { fitLcdText, type LcdLines, type LcdFitOptions } from './link/lcd-text';
export type { Decoded } from './decoded';
export { osdpCrc16, osdpChecksum } from './osdp/osdp-crc';
export {
  encodeOsdpFrame,
  decodeOsdpFrame,
  scanOsdpFrames,
  type OsdpFrame,
  type OsdpFrameProblem,
  type OsdpSequence,
  type OsdpCheck,
} from './osdp/osdp-frame.codec';
export {
  encodeOsdpCommand,
  decodeOsdpCommand,
  type OsdpCommand,
  type OsdpCommandProblem,
} from './osdp/osdp-command.codec';
export {
  encodeOsdpReply,
  decodeOsdpReply,
  type OsdpReply,
  type OsdpReplyProblem,
  type OsdpPdId,
  type OsdpCapability,
} from './osdp/osdp-reply.codec';
export type { OsdpNakReason, OsdpLedColor } from './osdp/osdp-codes';
