import net from 'node:net';
import { GraphQLError } from 'graphql';
import pg from 'pg';
import { pino } from 'pino';
import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../../errors.js';
import { isDatabaseUnreachable } from '../database-unavailable.js';
import { createErrorFormatter } from '../errors.js';
import { contextFailure, httpStatusOf } from '../http-status.js';

/** A real connect() to a port nobody listens on: node-postgres's own ECONNREFUSED. */
async function refusedConnect(): Promise<Error> {
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
  return new pg.Client({ host: '127.0.0.1', port }).connect().then(() => {
    throw new Error('connected to a closed port');
  }, (error: Error) => error);
}

const sqlError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const typeorm = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnreachable', () => {
  it('recognises a refused connection, also inside an AggregateError and a GraphQL error', async () => {
    const refused = await refusedConnect();
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isDatabaseUnreachable(refused)).toBe(true);
    // Node's happy-eyeballs connect to `localhost` fails with one error per address.
    expect(isDatabaseUnreachable(new AggregateError([refused]))).toBe(true);
    expect(isDatabaseUnreachable(new GraphQLError('wrapped', { originalError: refused }))).toBe(true);
  });

  it.each([
    ['a fast shutdown (57P01)', typeorm(sqlError('57P01', 'terminating connection due to administrator command'))],
    ['a crash of another backend (57P02)', typeorm(sqlError('57P02', 'terminating connection because of crash of another server process'))],
    ['a server starting up (57P03)', sqlError('57P03', 'the database system is starting up')],
    ['too many connections (53300)', sqlError('53300', 'sorry, too many clients already')],
    ['a connection exception (08006)', sqlError('08006', 'connection failure')],
    ['a dropped socket', typeorm(new Error('Connection terminated unexpectedly'))],
    ['a connect timeout', new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated') })],
    ['an exhausted pool', new Error('timeout exceeded when trying to connect')],
    ['a client whose connection failed', new Error('Client has encountered a connection error and is not queryable')],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it.each([
    ['a missing table (42P01)', typeorm(sqlError('42P01', 'relation "x" does not exist'))],
    ['a unique violation (23505)', typeorm(sqlError('23505', 'duplicate key value violates unique constraint'))],
    ['a statement timeout (57014)', typeorm(sqlError('57014', 'canceling statement due to statement timeout'))],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a domain error', new DomainError(ErrorCode.NOT_FOUND, 'Thread thr_1 was not found')],
    ['not an error', 'ECONNREFUSED'],
  ])('leaves %s alone', (_name, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
  });
});

describe('the error formatter and the HTTP status', () => {
  it('answers an unreachable database with SERVICE_UNAVAILABLE and 503, logged as one warning without a stack', async () => {
    const logs: Array<Record<string, unknown>> = [];
    const format = createErrorFormatter(pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }));
    const error = new GraphQLError('connect ECONNREFUSED 127.0.0.1:5432', { originalError: await refusedConnect(), path: ['threads'] });
    const formatted = format(error.toJSON(), error);
    expect(formatted).toEqual({ message: 'The database is unreachable; retry shortly', path: ['threads'], locations: undefined, extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(httpStatusOf([formatted])).toBe(503);
    expect(logs).toEqual([expect.objectContaining({ level: 40, msg: 'database unreachable', cause: { message: expect.stringContaining('ECONNREFUSED'), code: 'ECONNREFUSED' } })]);
    expect(JSON.stringify(logs)).not.toContain('stack');
  });

  it('gives a context that failed on the database the 503 Apollo reads, and leaves other failures alone', async () => {
    const refused = await refusedConnect();
    expect(contextFailure(refused)).toMatchObject({ originalError: refused, extensions: { http: { status: 503 } } });
    const bug = new TypeError('bug');
    expect(contextFailure(bug)).toBe(bug);
  });

  it('takes the status from the codes that have one, the highest first', () => {
    expect(httpStatusOf([{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }])).toBeUndefined();
    expect(httpStatusOf([{ message: 'x', extensions: { code: 'PAYLOAD_TOO_LARGE' } }])).toBe(413);
    expect(httpStatusOf([{ message: 'x', extensions: { code: 'BAD_USER_INPUT' } }, { message: 'y', extensions: { code: 'SERVICE_UNAVAILABLE' } }])).toBe(503);
  });
});
