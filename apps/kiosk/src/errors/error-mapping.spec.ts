import { Body, Controller, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { IsString, Length } from '../validation/class-validator';
import { Test } from '@nestjs/testing';
import { LoggerModule } from 'nestjs-pino';
import request from 'supertest';
import { describeFailure } from '../cli/cli-failure';
import { DOMAIN_ERROR_CODES, DomainError, type DomainErrorCode } from './domain-error';
import { ExitCode, exitCodeOf } from './exit-code';
import { HttpErrorsModule } from './http-errors.module';
import { httpStatusOf } from './http-status';

class ProbeError extends DomainError {
  constructor(code: DomainErrorCode) {
    super(code, `probe ${code}`);
  }
}

class NameDto {
  @IsString()
  @Length(1, 8)
  name!: string;
}

@Controller('probe')
class ProbeController {
  @Post('name')
  name(@Body() body: NameDto): { name: string } {
    return { name: body.name };
  }

  @Get('domain/:code')
  domain(@Param('code') code: string): never {
    throw new ProbeError(code as DomainErrorCode);
  }

  @Get('crash')
  crash(): never {
    throw new TypeError('secret internals');
  }
}

@Module({
  imports: [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } }), HttpErrorsModule],
  controllers: [ProbeController],
})
class ProbeModule {}

describe('one error model, mapped at the edges', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = module.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it.each(DOMAIN_ERROR_CODES)('%s reaches HTTP as its status, code and message', async (code) => {
    const res = await request(app.getHttpServer()).get(`/probe/domain/${code}`);
    expect(res.status).toBe(httpStatusOf(code));
    expect(res.body).toEqual({ statusCode: res.status, code, message: `probe ${code}` });
  });

  it.each(DOMAIN_ERROR_CODES)('%s reaches the CLI as its exit code and one line', (code) => {
    expect(describeFailure(new ProbeError(code))).toEqual({
      message: `probe ${code}`,
      code: exitCodeOf(code),
    });
  });

  it('answers anything unexpected with 500 and a correlation id, never the error itself', async () => {
    const res = await request(app.getHttpServer()).get('/probe/crash');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      code: 'internal-error',
      message: 'Internal error',
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('validates every body against its DTO, refusing unknown fields', async () => {
    const server = app.getHttpServer();
    expect((await request(server).post('/probe/name').send({ name: 'Ada' })).body).toEqual({
      name: 'Ada',
    });
    const long = await request(server).post('/probe/name').send({ name: 'Ada Lovelace' });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({
      statusCode: 400,
      code: 'invalid-input',
      message: ['name must be shorter than or equal to 8 characters'],
    });
    const extra = await request(server).post('/probe/name').send({ name: 'Ada', admin: true });
    expect(extra.status).toBe(400);
    expect((extra.body as { message: unknown }).message).toEqual([
      'property admin should not exist',
    ]);
  });

  it('keeps the answer Nest makes for an unknown route, with a code', async () => {
    const res = await request(app.getHttpServer()).get('/nowhere');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'not-found' });
  });

  it('gives an unexpected CLI fault its stack and exit code 70', () => {
    const failure = describeFailure(new TypeError('bug'));
    expect(failure.code).toBe(ExitCode.internal);
    expect(failure.message).toContain('TypeError: bug\n    at ');
  });

  it('keeps each code on one status and one exit code (a refused request is never a 5xx)', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const refused = exitCodeOf(code) === ExitCode.refused;
      expect(Number(httpStatusOf(code)) < 500).toBe(refused);
    }
  });
});
