import { HealthCheck } from '@nestjs/terminus';
import type * as Swagger from '@nestjs/swagger';

/**
 * The OpenAPI decorators the API's classes use, recorded where they are written and applied only
 * when the OpenAPI document is first asked for (`applyOpenApiDecorators`). Loading
 * @nestjs/swagger took 100-130 ms of the start and 6 MiB of the idle RSS (issue 19,
 * bench/README.md, "Start-up and idle memory"), for metadata that nothing but the document reads,
 * and the document is rarely read on a door terminal. Import these, not @nestjs/swagger's: the
 * architecture spec keeps @nestjs/swagger out of every other file.
 */

/** What TypeScript's decorator call passed: a class; or a prototype and a member's name (and a method's descriptor). */
type DecoratorCall = [target: object, key?: string | symbol, descriptor?: PropertyDescriptor];
type Decorator = (...call: DecoratorCall) => void;

interface RecordedDecorator {
  /** Makes the real decorator (loading @nestjs/swagger, the first time). */
  make: () => Decorator;
  call: DecoratorCall;
}

const recorded: RecordedDecorator[] = [];
let applied = false;

function deferred<A extends unknown[]>(make: (...args: A) => Decorator) {
  return (...args: A): Decorator =>
    (...call: DecoratorCall) => {
      const decorator = { make: () => make(...args), call };
      if (applied) apply(decorator);
      else recorded.push(decorator);
    };
}

const apply = ({ make, call }: RecordedDecorator): void => make()(...call);

function requireSwagger(): typeof Swagger {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand: the point of this file
  return require('@nestjs/swagger') as typeof Swagger;
}

type SwaggerDecoratorName =
  | 'ApiProperty'
  | 'ApiPropertyOptional'
  | 'ApiProduces'
  | 'ApiConsumes'
  | 'ApiBody'
  | 'ApiExcludeController';

const swagger = (name: SwaggerDecoratorName) =>
  deferred((...args: unknown[]) =>
    (requireSwagger()[name] as (...a: unknown[]) => Decorator)(...args),
  );

export const ApiProperty: typeof Swagger.ApiProperty = swagger('ApiProperty');
export const ApiPropertyOptional: typeof Swagger.ApiPropertyOptional =
  swagger('ApiPropertyOptional');
export const ApiProduces: typeof Swagger.ApiProduces = swagger('ApiProduces');
export const ApiConsumes: typeof Swagger.ApiConsumes = swagger('ApiConsumes');
export const ApiBody: typeof Swagger.ApiBody = swagger('ApiBody');
export const ApiExcludeController: typeof Swagger.ApiExcludeController =
  swagger('ApiExcludeController');

/**
 * The responses of a health check route (200 and 503, with terminus's schema of its answer).
 * @nestjs/terminus's `@HealthCheck()` documents its route itself, but only by loading
 * @nestjs/swagger as it decorates: health routes say `@HealthCheck({ swaggerDocumentation: false
 * })` and this, which is terminus's own documentation (its cache header left out), deferred.
 */
export const ApiHealthCheckResponses = deferred(
  () => HealthCheck({ noCache: false, swaggerDocumentation: true }) as Decorator,
);

/**
 * Loads @nestjs/swagger and applies every recorded decorator to what it was written on, in the
 * order TypeScript applied them (a member's decorators before its class's), each once; one on a
 * class defined later is applied at once. Returns the loaded module.
 */
export function applyOpenApiDecorators(): typeof Swagger {
  const loaded = requireSwagger();
  if (!applied) {
    applied = true;
    recorded.splice(0).forEach(apply);
  }
  return loaded;
}
