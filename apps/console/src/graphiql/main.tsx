import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readStoredToken } from '../app/session';
import { createSwitchboardFetcher } from './fetcher';

// Served by the server for a browser's GET /graphql; bundled here so it works offline.
const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql.html has no #graphiql element');

// Signed in to the console in this browser: start with that session's token in the header editor.
const token = readStoredToken();
const defaultHeaders = JSON.stringify({ Authorization: `Bearer ${token ?? '<token from login, or an sbk_ API key>'}` }, null, 2);

const defaultQuery = `# Switchboard GraphQL API: see docs/api.md.
# Put your token in the Headers tab below ("Authorization": "Bearer …"), or sign in:
#   mutation { login(email: "…", password: "…") { token } }

query Me {
  me { id name role }
  serverTime
}
`;

createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={createSwitchboardFetcher(window.location)}
      defaultHeaders={defaultHeaders}
      defaultQuery={defaultQuery}
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
