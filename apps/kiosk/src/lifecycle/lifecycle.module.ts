import { Global, Module } from '@nestjs/common';
import { ServiceState } from './service-state';

/** The service's phase, for health and the process's supervisor (systemd). */
@Global()
@Module({ providers: [ServiceState], exports: [ServiceState] })
export class LifecycleModule {}
