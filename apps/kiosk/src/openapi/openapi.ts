import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express/adapters/express-adapter';
import { applyOpenApiDecorators } from './openapi.decorators';

type Handler = (req: { path: string }, res: unknown, next: (error?: unknown) => void) => void;

const DOCS = '/api/v1/docs';
const DOCUMENT = '/api/v1/openapi.json';

/**
 * The OpenAPI document of the admin API (@nestjs/swagger), served by the app: the UI at
 * /api/v1/docs (its YAML at /api/v1/docs-yaml) and the JSON at /api/v1/openapi.json, open without
 * a token (they describe the API; every call still needs one).
 *
 * Nothing of it is loaded at start: the first request for one of those paths loads
 * @nestjs/swagger, applies the decorators recorded on the API's classes (openapi.decorators.ts),
 * and builds the routes that serve the documents; the document itself is built at its first
 * request (scanning every route and DTO took 30-45 ms, and it stays in memory once built). This
 * takes 100-130 ms and 6 MiB of idle RSS off a service whose API documents are rarely read. The
 * paths are claimed here, before Nest registers its own routes, as SwaggerModule.setup at start
 * claimed them: no guard, limiter or request log applies to them, as before.
 */
export function serveOpenApi(app: INestApplication, version: string): void {
  let documentRoutes: Handler | undefined;
  app.use(((req, res, next) => {
    if (req.path !== DOCUMENT && !req.path.startsWith(DOCS)) return next();
    documentRoutes ??= openApiRoutes(app, version);
    documentRoutes(req, res, next);
  }) satisfies Handler);
}

/** The routes SwaggerModule.setup makes, in an Express router of their own. */
function openApiRoutes(app: INestApplication, version: string): Handler {
  const { DocumentBuilder, SwaggerModule } = applyOpenApiDecorators();
  const config = new DocumentBuilder()
    .setTitle('Door kiosk admin API')
    .setDescription(
      'Holders and their cards, doors, enrolment by tap, live events. Authenticate with a bearer token from `kiosk token create`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'kiosk.<id>.<secret>' })
    .addSecurityRequirements('bearer')
    .build();
  // SwaggerModule.setup adds its routes through the application's HTTP adapter, and the UI's
  // files with `useStaticAssets`. The application's own Express app is closed to new routes
  // once Nest has added its 404 after its routes, so setup is given an adapter of its own
  // (Express underneath, as the app's) and only those two members of an application: the
  // document is still made from the real application's routes.
  const documents = new ExpressAdapter();
  const routesOnly = {
    getHttpAdapter: () => documents,
    useStaticAssets: (path: string, options: { prefix: string }): void => {
      documents.useStaticAssets(path, options);
    },
  } as unknown as INestApplication;
  SwaggerModule.setup(DOCS.slice(1), routesOnly, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: DOCUMENT.slice(1),
  });
  // The router alone, not the Express app around it: an app handling a request would give it its
  // own request and response prototypes.
  return documents.getInstance<{ router: Handler }>().router;
}
