import net from 'node:net';

// Counting the SQL statements a process sends, whatever its driver: a TCP relay in front of
// PostgreSQL that reads the frontend protocol as it passes. Only a second, short-lived instance
// of each system connects through it; the measured ones talk to PostgreSQL directly.

export interface StatementTap {
  /** The database URL with the relay's host and port. */
  url: string;
  /** Starts recording, forgetting what was recorded before. */
  record(): void;
  /** Stops recording; the statements executed since `record()`, in order. */
  take(): string[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/** Reads one connection's frontend messages: simple queries ('Q'), and extended ones at their Execute. */
function frontendReader(onStatement: (sql: string) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  let startup = true;
  const prepared = new Map<string, string>();
  const portals = new Map<string, string>();
  const cstrings = (body: Buffer, count: number): string[] => {
    const out: string[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      const end = body.indexOf(0, at);
      out.push(body.toString('utf8', at, end < 0 ? body.length : end));
      at = end < 0 ? body.length : end + 1;
    }
    return out;
  };
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (startup) {
        // Startup, SSL and GSS requests have no type byte.
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const type = String.fromCharCode(pending[0]!);
      const total = 1 + pending.readInt32BE(1);
      if (pending.length < total) return;
      const body = pending.subarray(5, total);
      pending = pending.subarray(total);
      if (type === 'Q') onStatement(cstrings(body, 1)[0]!);
      else if (type === 'P') {
        const [name, sql] = cstrings(body, 2);
        prepared.set(name!, sql!);
      } else if (type === 'B') {
        const [portal, statement] = cstrings(body, 2);
        portals.set(portal!, prepared.get(statement!) ?? '(unknown prepared statement)');
      } else if (type === 'E') onStatement(portals.get(cstrings(body, 1)[0]!) ?? '(unknown portal)');
    }
  };
}

export async function startStatementTap(databaseUrl: string): Promise<StatementTap> {
  const upstream = new URL(databaseUrl);
  const host = upstream.hostname;
  const port = Number(upstream.port || 5432);
  let recorded: string[] | null = null;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const db = net.connect(port, host);
    sockets.add(client).add(db);
    const read = frontendReader((sql) => void recorded?.push(sql));
    client.on('data', (chunk: Buffer) => {
      db.write(chunk);
      read(chunk);
    });
    db.pipe(client);
    const end = () => {
      client.destroy();
      db.destroy();
      sockets.delete(client);
      sockets.delete(db);
    };
    client.on('close', end).on('error', end);
    db.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the statement tap has no port');
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString(),
    record: () => void (recorded = []),
    take: () => {
      const out = recorded ?? [];
      recorded = null;
      return out;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A statement's first words, one line, for the report. */
export const shortSql = (sql: string): string => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 87)}...` : flat;
};
