// @kiosk/door/simulator: the door board in software, for tests and the console demo. It exports
// what a caller outside the lib uses; MemoryTransport and the option types stay inside.
export { OsdpPdSimulator } from './osdp-pd.simulator';
export { LcdView } from './lcd-view';
export { PtyPair } from './pty-pair';
export { SimulatedBus } from './simulated-bus';
export { attachPdKeyboard, PD_KEYBOARD_HELP } from './pd-keyboard';
