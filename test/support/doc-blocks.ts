import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** A fenced code block of a Markdown document, with its info string parsed. */
export interface DocBlock {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  runnable: boolean;
  /** `key=value`, `key="value with spaces"` or `key='value with "quotes"'` words of the info string. */
  attrs: Record<string, string>;
  code: string;
}

/** Every fenced block of `markdown` in order (```lang runnable key=value …). */
export function parseDocBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) body.push(lines[j++]!.slice(indent));
    const info = open[3]!.trim();
    const attrs: Record<string, string> = {};
    for (const match of info.matchAll(/(\w[\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/g)) attrs[match[1]!] = match[2] ?? match[3] ?? match[4]!;
    blocks.push({ line: i + 1, lang: open[2]!, runnable: /(^|\s)runnable(\s|$)/.test(info), attrs, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` without blocking the event loop (the server under test may live in this
 * process). With `stopOn`, the process is stopped as soon as its stdout contains that text and
 * the result has code 0; without, it must exit by itself within `timeoutMs`.
 */
export function run(command: string, args: string[], options: { env: Record<string, string>; cwd?: string; timeoutMs?: number; stopOn?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish in ${options.timeoutMs ?? 15_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.stopOn && !stopped && stdout.includes(options.stopOn)) {
        stopped = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: stopped ? 0 : code, stdout, stderr });
    });
  });
}

/** Shell variables a block assigns (`NAME=…` at the start of a line), to carry into later blocks. */
export function assignedVariables(code: string): string[] {
  return [...new Set([...code.matchAll(/^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!))];
}

/** Runs a `sh` block in bash with `env`; returns its output and the variables it assigned. */
export async function runShell(code: string, env: Record<string, string>, scratchDir: string): Promise<RunResult & { assigned: Record<string, string> }> {
  const stateFile = path.join(scratchDir, `state-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const names = assignedVariables(code);
  const script = ['set -eo pipefail', code, ...names.map((name) => `printf '%s\\0%s\\0' ${name} "\${${name}-}" >> '${stateFile}'`)].join('\n');
  const result = await run('bash', ['-c', script], { env });
  const assigned: Record<string, string> = {};
  if (fs.existsSync(stateFile)) {
    const parts = fs.readFileSync(stateFile, 'utf8').split('\0');
    for (let i = 0; i + 1 < parts.length; i += 2) assigned[parts[i]!] = parts[i + 1]!;
    fs.rmSync(stateFile);
  }
  return { ...result, assigned };
}

/** Runs a `ts`/`js` block as an ES module with node, from `moduleDir` so its imports resolve. */
export async function runModule(code: string, env: Record<string, string>, moduleDir: string, options: { stopOn?: string; timeoutMs?: number }): Promise<RunResult> {
  const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = path.join(moduleDir, `block-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(file, js);
  try {
    return await run(process.execPath, [file], { env, cwd: moduleDir, ...options });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Every JSON document a command printed, one per line (other lines, like headers, are skipped). */
export function jsonLines(stdout: string): Array<{ data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }> {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as never);
}

/** `threadId` → `THREAD_ID`: a GraphQL variable's value comes from the shell variable of that name. */
export function shellName(variable: string): string {
  return variable.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
