#!/usr/bin/env node
// `pnpm start`: the whole product for a newcomer. Builds what is missing or out of date, starts
// the server (embedded PostgreSQL unless DATABASE_URL is set) with the demo on a fresh data folder,
// shows the first steps as progress lines and then a short banner: URL, logins, data, how to stop.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const startedAt = Date.now();
const seconds = (since) => `${Math.max(1, Math.round((Date.now() - since) / 1000))} s`;

buildIfStale({ log: console.log });

const env = { ...process.env };
let defaultAdmin = false;
if (!env.SWITCHBOARD_ADMIN_EMAIL && !env.SWITCHBOARD_ADMIN_PASSWORD) {
  env.SWITCHBOARD_ADMIN_EMAIL = 'admin@example.com';
  env.SWITCHBOARD_ADMIN_PASSWORD = 'switchboard';
  defaultAdmin = true;
}
// The demo's passwords are published: seed it on a fresh folder, but listen on this machine only.
// `pnpm serve` gets neither default.
if (env.SWITCHBOARD_DEMO === undefined) env.SWITCHBOARD_DEMO = 'on';
if (!env.HOST?.trim()) env.HOST = '127.0.0.1';
// Listening on this machine only, a webhook may point at this machine too: a receiver here is how
// one tries webhooks (docs/api.md's example). A server others reach keeps refusing private targets.
if (env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE === undefined && env.HOST === '127.0.0.1') env.SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE = 'true';

const dataLocation = env.DATABASE_URL?.trim()
  ? 'your DATABASE_URL'
  : path.resolve(root, env.SWITCHBOARD_DATA_DIR?.trim() || '.switchboard');
console.log(env.DATABASE_URL?.trim()
  ? 'starting the server on your DATABASE_URL…'
  : `starting the server and its PostgreSQL (data in ${dataLocation})…`);

const child = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], { cwd: root, env, stdio: ['inherit', 'pipe', 'inherit'] });

/** One progress line of the first steps, with the seconds the step took. */
let stepSince = startedAt;
function progress(text, timed = true) {
  console.log(`  ${text}${timed ? ` (${seconds(stepSince)})` : ''}`);
  stepSince = Date.now();
}

/** Server log lines that are first steps: shown as progress, not as raw logs. */
const STEPS = {
  'creating the embedded PostgreSQL cluster (first start)': () => progress('initialising a new database folder (first start)…', false),
  'embedded PostgreSQL is ready': () => progress('PostgreSQL is ready'),
  'migrations applied': ({ applied }) => progress(`database tables created (${Array.isArray(applied) ? applied.length : 'all'} migrations)`),
  'database schema is up to date': () => progress('database tables are up to date'),
  'created the ADMIN agent': ({ email }) => progress(`created the admin ${email}`, false),
  'the ADMIN agent exists': () => undefined,
  'breach timer: leading': () => undefined,
  'demo: ready': (entry) => {
    demo = entry;
    progress(entry.seeded ? 'demo seeded: a contact center with threads, agents and bots' : 'demo: continuing the one in this data folder (never reseeded)');
  },
  'demo bots: started': ({ bots }) => progress(`${bots} simulated agents at work, customers writing in`, false),
  'demo traffic: simulator started': () => undefined,
  'demo: off': (entry) => {
    demoOff = typeof entry.reason === 'string' ? entry.reason : 'off';
  },
};
let demo;
let demoOff;
const DEMO_NOISE = new Set(['agent signed in']);
let running = false;

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
readline.createInterface({ input: child.stdout }).on('line', (line) => {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    console.log(line);
    return;
  }
  const { level, time, msg, service: _service, ...rest } = entry;
  if (!running && level <= 30 && Object.hasOwn(STEPS, msg)) {
    STEPS[msg](entry);
    return;
  }
  // With the demo on, its own chatter (and its bots' sign-ins) would bury the banner: warnings
  // and errors still show.
  if (demo && level <= 30 && (rest.demo !== undefined || DEMO_NOISE.has(msg))) return;
  if (typeof msg === 'string' && msg.startsWith('Switchboard is running at')) {
    running = true;
    console.log(banner(msg.slice('Switchboard is running at'.length).trim()));
    return;
  }
  const extra = Object.keys(rest).filter((key) => key !== 'pid' && key !== 'hostname');
  const details = extra.length ? ` ${extra.map((key) => `${key}=${JSON.stringify(rest[key])}`).join(' ')}` : '';
  console.log(`${new Date(time).toLocaleTimeString()} ${LEVELS[level] ?? level} ${msg}${details}`);
});

/** At most 15 lines, none wider than 80 columns. */
function banner(url) {
  const admin = env.SWITCHBOARD_ADMIN_EMAIL.toLowerCase();
  const lines = ['', `  Switchboard is running at ${url}${env.HOST === '127.0.0.1' ? ' (this machine only)' : ''}`, ''];
  if (demo) {
    // The logger redacts fields named `password`; the demo's password is published anyway.
    const password = typeof demo.password === 'string' && demo.password !== '[redacted]' ? demo.password : 'switchboard';
    const logins = Array.isArray(demo.logins) ? demo.logins : [];
    const people = logins.filter((login) => !login.bot && login.email.toLowerCase() !== admin);
    const bots = logins.filter((login) => login.bot);
    const samePassword = defaultAdmin && password === env.SWITCHBOARD_ADMIN_PASSWORD;
    lines.push(`  Sign in with the password "${password}"${samePassword ? '' : ' (the admin: your own)'}:`);
    const width = Math.max(admin.length, ...people.map((login) => login.email.length)) + 2;
    lines.push(`    ${admin.padEnd(width)}admin: settings, agents, API keys`);
    for (const login of people) lines.push(`    ${login.email.padEnd(width)}${login.name}, ${roleWords(login.role)}`);
    if (bots.length > 0) {
      const domains = new Set(bots.map((login) => login.email.split('@')[1]));
      const names = domains.size === 1
        ? `${bots.map((login) => login.email.split('@')[0]).join(', ')}, all @${[...domains][0]}`
        : bots.map((login) => login.email).join(', ');
      lines.push(...wrap(`plus ${bots.length} simulated agents working beside you (${names})`, '  ', '    '));
    }
  } else {
    if (demoOff) lines.push(...wrap(`No demo: ${demoOff}.`, '  ', '  '));
    lines.push(defaultAdmin ? '  Sign in as admin@example.com with password "switchboard"' : `  Sign in as ${admin} with your password`);
  }
  lines.push('', ...wrap(`Data: ${dataLocation}`, '  ', '    '), '  Ctrl-C stops it (the database too).', '');
  return lines.join('\n');
}

function roleWords(role) {
  if (role === 'SUPERVISOR') return 'supervisor: board, reports';
  if (role === 'ADMIN') return 'admin';
  return 'agent: the queue';
}

function wrap(text, first, rest) {
  const out = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && `${line} ${word}`.length > 78) {
      out.push(line);
      line = `${rest}${word}`;
    } else {
      line = line ? `${line} ${word}` : `${first}${word}`;
    }
  }
  return [...out, line];
}

// Pass signals on (a terminal's Ctrl-C reaches both; a second one is harmless): the server drains,
// stops its database, and this script exits with its code.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
