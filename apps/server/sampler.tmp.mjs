import pg from 'pg';
import fs from 'node:fs';
const dir = process.argv[2]; const port = process.argv[3];
const pw = fs.readFileSync(`${dir}/password`, 'utf8').trim();
const c = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${port}/postgres` });
await c.connect();
const agg = new Map(); let n = 0;
const end = Date.now() + 8000;
while (Date.now() < end) {
  const { rows } = await c.query(`SELECT state, coalesce(wait_event_type||':'||wait_event,'CPU') w, left(query,60) q FROM pg_stat_activity WHERE application_name='switchboard' AND pid<>pg_backend_pid()`);
  n++;
  for (const r of rows) { const k = `${r.state} | ${r.w} | ${r.state==='active'||r.state==='idle in transaction'? r.q.replace(/\s+/g,' '):''}`; agg.set(k, (agg.get(k) ?? 0) + 1); }
  await new Promise(r => setTimeout(r, 20));
}
console.log('samples', n);
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / n).toFixed(2), k);
await c.end();
