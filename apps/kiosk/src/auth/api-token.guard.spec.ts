import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import request from 'supertest';
import type { Principal } from '../tokens/api-token';
import { TokensService } from '../tokens/tokens.service';
import { HttpErrorsModule } from '../errors/http-errors.module';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import {
  CurrentPrincipal,
  Public,
  PublicOnLoopback,
  Roles,
  assertMayActOnDoor,
  isLoopbackHost,
} from './access-control';
import { AuthModule } from './auth.module';

@Controller('probe')
class ProbeController {
  @Get('public')
  @Public()
  open(): string {
    return 'open';
  }

  @Get('health')
  @PublicOnLoopback()
  @Roles('monitor', 'admin')
  health(): string {
    return 'health';
  }

  @Get('admin')
  adminOnly(): string {
    return 'admin';
  }

  @Get('doors/front')
  @Roles('admin', 'operator')
  front(@CurrentPrincipal() principal: Principal): string {
    assertMayActOnDoor(principal, 'front');
    return principal.name;
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const CLI = { kind: 'cli', user: 'spec' } as const;

describe('ApiTokenGuard through real HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tokens: Record<'admin' | 'operator' | 'backDoor' | 'auditor', string>;

  beforeAll(async () => {
    db = await openTestDatabase([
      LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
      HttpErrorsModule,
      AuthModule,
      ProbeModule,
    ]);
    app = db.module.createNestApplication({ logger: false });
    await app.init();
    const service = db.module.get(TokensService, { strict: false });
    tokens = {
      admin: (await service.create({ name: 'admin', role: 'admin' }, CLI)).token,
      operator: (await service.create({ name: 'operator', role: 'operator' }, CLI)).token,
      backDoor: (await service.create({ name: 'back', role: 'operator', doors: ['back'] }, CLI))
        .token,
      auditor: (await service.create({ name: 'auditor', role: 'auditor' }, CLI)).token,
    };
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const get = (path: string, token?: string) => {
    const req = request(app.getHttpServer()).get(path);
    return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
  };

  it('lets anyone call a public route', async () => {
    expect((await get('/probe/public')).status).toBe(200);
  });

  it('answers 401 without a token, with a malformed header and with a bad token', async () => {
    for (const res of [
      await get('/probe/admin'),
      await request(app.getHttpServer())
        .get('/probe/admin')
        .set('Authorization', `Basic ${tokens.admin}`),
      await get('/probe/admin', 'kiosk.nope'),
      await get('/probe/admin', `${tokens.admin.slice(0, -2)}xx`),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        statusCode: 401,
        code: 'unauthenticated',
        message: 'A valid API token is required',
      });
    }
  });

  it('keeps a route that names no role for admin tokens, and answers 403 to the others', async () => {
    expect((await get('/probe/admin', tokens.admin)).status).toBe(200);
    for (const token of [tokens.operator, tokens.auditor]) {
      const res = await get('/probe/admin', token);
      expect(res.status).toBe(403);
      expect((res.body as { code: string }).code).toBe('forbidden');
    }
  });

  it('lets an operator act on its doors only, and knows who called', async () => {
    expect((await get('/probe/doors/front', tokens.operator)).text).toBe('operator');
    const scoped = await get('/probe/doors/front', tokens.backDoor);
    expect(scoped.status).toBe(403);
    expect((scoped.body as { message: string }).message).toBe(
      'This token may not act on door "front"',
    );
    expect((await get('/probe/doors/front', tokens.auditor)).status).toBe(403);
  });

  it('answers 429 to a client that keeps sending bad tokens, even with a good one', async () => {
    let status = 0;
    for (let i = 0; i < 20 && status !== 429; i++)
      status = (await get('/probe/admin', 'kiosk.guess')).status;
    expect(status).toBe(429);
    expect((await get('/probe/admin', tokens.admin)).status).toBe(429);
    expect((await get('/probe/public')).status).toBe(200); // public routes stay open
  });
});

describe('routes open on loopback only (health, metrics)', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['127.0.0.1.example.com', false],
    ['1270.0.0.1', false],
  ])('%s is loopback only: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });

  async function appListeningOn(host: string) {
    const db = await openTestDatabase(
      [
        LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }),
        HttpErrorsModule,
        AuthModule,
        ProbeModule,
      ],
      { KIOSK_HTTP_HOST: host },
    );
    const app = db.module.createNestApplication({ logger: false });
    await app.init();
    const service = db.module.get(TokensService, { strict: false });
    const monitor = (await service.create({ name: 'prometheus', role: 'monitor' }, CLI)).token;
    const operator = (await service.create({ name: 'desk', role: 'operator' }, CLI)).token;
    const get = (path: string, token?: string) => {
      const req = request(app.getHttpServer()).get(path);
      return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
    };
    const close = async () => {
      await app.close();
      await db.close();
    };
    return { get, monitor, operator, close };
  }

  it('needs no token while the API listens on loopback', async () => {
    const app = await appListeningOn('127.0.0.1');
    try {
      expect((await app.get('/probe/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('needs a token of its roles when the API listens on the network; monitor may do nothing else', async () => {
    const app = await appListeningOn('0.0.0.0');
    try {
      expect((await app.get('/probe/health')).status).toBe(401);
      expect((await app.get('/probe/health', app.monitor)).status).toBe(200);
      expect((await app.get('/probe/health', app.operator)).status).toBe(403);
      expect((await app.get('/probe/admin', app.monitor)).status).toBe(403);
      expect((await app.get('/probe/doors/front', app.monitor)).status).toBe(403);
    } finally {
      await app.close();
    }
  });
});
