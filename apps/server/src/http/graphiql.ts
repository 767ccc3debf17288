import type { RequestHandler } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/**
 * GET /graphql from a browser: GraphiQL, bundled from npm by the console's build
 * (`graphiql.html` in the console's dist), so it works offline. Apollo's own landing page loads
 * from Apollo's site and is disabled. Anything that is not a browser asking for a page (curl,
 * GraphQL over HTTP GET with `Accept: application/json`, POST) passes on to the GraphQL endpoint.
 */
export function graphiqlHandler(consoleDir: string): RequestHandler {
  const page = path.join(consoleDir, 'graphiql.html');
  return (req, res, next) => {
    if (req.method !== 'GET' || !prefersHtml(req.get('accept'))) return next();
    if (!fs.existsSync(page)) {
      res.status(503).type('text').send('GraphiQL is not built yet: run "pnpm build" (pnpm start does it for you).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page);
  };
}

// Browsers put text/html first; `*/*` (curl, fetch) and JSON clients must still reach GraphQL.
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const first = accept.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  return first === 'text/html';
}
