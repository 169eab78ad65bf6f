import 'reflect-metadata';
import * as Swagger from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import * as Deferred from './openapi.decorators';

type Decorators = Pick<
  typeof Swagger,
  | 'ApiProperty'
  | 'ApiPropertyOptional'
  | 'ApiProduces'
  | 'ApiConsumes'
  | 'ApiBody'
  | 'ApiExcludeController'
> & { healthCheck: () => MethodDecorator[] };

// As the API's classes are written with @nestjs/swagger's decorators, and as they are with the
// deferred ones (a health route: terminus's HealthCheck without, then with, its OpenAPI part).
const SWAGGER: Decorators = { ...Swagger, healthCheck: () => [HealthCheck()] };
const DEFERRED: Decorators = {
  ...Deferred,
  healthCheck: () => [
    HealthCheck({ noCache: true, swaggerDocumentation: false }),
    Deferred.ApiHealthCheckResponses(),
  ],
};

const MEMBERS = ['name', 'limit', 'importCsv', 'check'] as const;

function defineApi(d: Decorators) {
  class Page {
    @d.ApiProperty({ description: 'Who', example: 'Ada' })
    name!: string;

    @d.ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
    limit?: number;
  }
  @d.ApiExcludeController()
  class Controller {
    @d.ApiProduces('text/csv')
    @d.ApiConsumes('text/csv')
    @d.ApiBody({ schema: { type: 'string' } })
    importCsv(): void {}

    check(): void {}
  }
  Reflect.decorate(d.healthCheck(), Controller.prototype, 'check', {
    value: Controller.prototype.check,
  });
  return [Page, Controller] as const;
}

/** Every metadata of a class: on it, on each member of its prototype, and on each method. */
function metadataOf(cls: abstract new () => unknown): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const collect = (where: string, target: object, key?: string) => {
    const keys: unknown[] =
      key === undefined
        ? Reflect.getOwnMetadataKeys(target)
        : Reflect.getOwnMetadataKeys(target, key);
    for (const name of keys) {
      found[`${where} ${String(name)}`] =
        key === undefined
          ? Reflect.getOwnMetadata(name, target)
          : Reflect.getOwnMetadata(name, target, key);
    }
  };
  const prototype = cls.prototype as Record<string, unknown>;
  collect('class', cls);
  collect('prototype', prototype);
  for (const member of MEMBERS) {
    collect(`prototype.${member}`, prototype, member);
    const method = Object.getOwnPropertyDescriptor(prototype, member)?.value as object | undefined;
    if (method) collect(`${member}()`, method);
  }
  return found;
}

const swaggerKeys = (metadata: Record<string, unknown>) =>
  Object.keys(metadata).filter((key) => key.includes('swagger/'));

describe('OpenAPI decorators, deferred', () => {
  const withSwagger = defineApi(SWAGGER).map(metadataOf);
  const deferred = defineApi(DEFERRED);

  it('record their arguments and apply nothing of OpenAPI while the document is not asked for', () => {
    const before = deferred.map(metadataOf);
    expect(before.flatMap(swaggerKeys)).toEqual([]);
    // terminus's own part, the cache header, is applied at once.
    expect(before[1]!['check() __headers__']).toEqual(withSwagger[1]!['check() __headers__']);
  });

  it("give, once applied, exactly the metadata of @nestjs/swagger's own decorators", () => {
    expect(withSwagger.flatMap(swaggerKeys).length).toBeGreaterThanOrEqual(8);
    expect(Deferred.applyOpenApiDecorators().SwaggerModule).toBe(Swagger.SwaggerModule);
    expect(deferred.map(metadataOf)).toEqual(withSwagger);
  });

  it('apply each decorator once, however often the document is built', () => {
    Deferred.applyOpenApiDecorators();
    expect(deferred.map(metadataOf)).toEqual(withSwagger);
  });

  it('apply at once the decorators of a class defined after that', () => {
    expect(defineApi(DEFERRED).map(metadataOf)).toEqual(withSwagger);
  });
});
