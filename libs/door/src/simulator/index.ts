// @kiosk/door/simulator: the door board in software, for tests and the console demo.
export { OsdpPdSimulator } from './osdp-pd.simulator';
export type { OsdpPdFaults, OsdpPdSimulatorEvents, OsdpPdSimulatorOptions } from './osdp-pd-faults';
export { LcdView, type LcdViewState, type TextSink } from './lcd-view';
export { PtyPair } from './pty-pair';
export { MemoryTransport, type MemoryTransportOptions } from '../link/memory.transport';
