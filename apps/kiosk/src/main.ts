import './node-guard';
import 'reflect-metadata';
import { serve } from './serve';

// What systemd's unit and the README's first command start; `kiosk serve` is the same.
void serve();
