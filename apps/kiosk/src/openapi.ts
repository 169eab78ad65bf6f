import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the admin API (@nestjs/swagger), served by the app: the UI at
 * /api/v1/docs and the JSON at /api/v1/openapi.json, open without a token (they describe the
 * API; every call still needs one). The document is built at the first request for it, not at
 * start: scanning every route and DTO took 30-45 ms of the start, and the document stayed in
 * memory in a service whose API documents are rarely read.
 */
export function serveOpenApi(app: INestApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Door kiosk admin API')
    .setDescription(
      'Holders and their cards, doors, enrolment by tap, live events. Authenticate with a bearer token from `kiosk token create`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'kiosk.<id>.<secret>' })
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup('api/v1/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/v1/openapi.json',
  });
}
