import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document of the admin API (@nestjs/swagger), served by the app: the UI at
 * /api/v1/docs and the JSON at /api/v1/openapi.json, open without a token (they describe the
 * API; every call still needs one).
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
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/v1/docs', app, document, {
    jsonDocumentUrl: 'api/v1/openapi.json',
  });
}
