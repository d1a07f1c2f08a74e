// node-postgres against a live `wirehouse serve`: tests/test_serve_node.py runs it.
// node pg_check.js  (connection from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE; ids as JSON in argv[2])
// Prints one JSON object: each check's rows, or {error: message}.
'use strict';
const { Client } = require('pg');

async function check(client, out, name, sql, params) {
  try {
    const result = await client.query(sql, params);
    out[name] = { rows: result.rows, types: result.fields.map((f) => f.dataTypeID) };
  } catch (err) {
    out[name] = { error: String(err.message) };
  }
}

async function main() {
  const ids = JSON.parse(process.argv[2]);
  const client = new Client({ connectionTimeoutMillis: 10000 });
  await client.connect();
  const out = {};
  try {
    await check(client, out, 'any', 'select article_id from article where article_id = ANY($1) order by article_id', [ids]);
    await check(client, out, 'authors', 'select article_id, authors from article order by article_id');
    await check(client, out, 'literals', "select [1, 2, 3]::INTEGER[] as ints, ['a', null, 'b c', '{x}'] as strs, "
      + '[1.5, 2.5]::DOUBLE[] as doubles, [true, false] as bools, []::VARCHAR[] as empty');
    await check(client, out, 'intparam', 'select list_sum($1::INTEGER[]) as total', [[4, 5, 6]]);
  } finally {
    await client.end();
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ connect: String(err.message) }) + '\n');
  process.exit(1);
});
