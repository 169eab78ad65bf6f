import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '../openapi/openapi.decorators';
import { SkipThrottle } from '@nestjs/throttler';
import { Registry } from 'prom-client';
import { PublicOnLoopback, Roles } from '../auth/access-control';
import { MetricsService } from './metrics.service';

/** `GET /metrics` (outside /api/v1, where Prometheus looks): the text exposition format. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly service: MetricsService) {}

  @Get()
  @PublicOnLoopback()
  @Roles('monitor', 'admin')
  @SkipThrottle()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.service.metrics.text();
  }
}
