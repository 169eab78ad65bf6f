import './node-guard';
import { readNtpSyncAtStart } from './clock/start-up-ntp-sync';
// Before Nest loads: a process spawned now costs less and its wait runs beside the loading.
readNtpSyncAtStart();
import 'reflect-metadata';
import { serve } from './serve';

// What systemd's unit and the README's first command start; `kiosk serve` is the same.
void serve();
