// @kiosk/door/simulator: the door board in software, for tests and the console demo.
export { OsdpPdSimulator } from './osdp-pd.simulator';
export type { OsdpPdFaults, OsdpPdSimulatorEvents, OsdpPdSimulatorOptions } from './osdp-pd-faults';
export { LcdView, type LcdViewOptions, type LcdViewState, type TextSink } from './lcd-view';
export { PtyPair } from './pty-pair';
export { SimulatedBus } from './simulated-bus';
export {
  attachPdKeyboard,
  PD_KEYBOARD_HELP,
  type PdKeyboardOptions,
  type KeyboardInput,
} from './pd-keyboard';
export { MemoryTransport, type MemoryTransportOptions } from '../link/memory.transport';
