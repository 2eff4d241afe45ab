// JSON lines -> one CLIPS fact per line, for bench/engines/award.clp:
//   {"id": "PS-1", "type": "standard", "core_mission": true, "reports_sent": [2556, 2557], ...}
//   (app (id "PS-1") (type standard) (core_mission TRUE) (reports_sent 2556 2557) ...)
// CLIPS cannot read JSON; this only changes the notation (no field is
// interpreted; the title, which no rule reads, is dropped).
//   node clips-facts.js DATA.jsonl | clips -f2 award.clp 3> OUT.csv
'use strict';
const fs = require('fs');
const { forEachLine } = require('./common');

const parts = [];
let size = 0;
const flush = () => { if (parts.length) fs.writeSync(1, parts.join('')); parts.length = 0; size = 0; };

function value(key, v) {
  if (typeof v === 'string') return key === 'type' ? v : JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (Array.isArray(v)) return v.join(' ');
  return String(v);
}

forEachLine(process.argv[2] || '-', (a) => {
  let s = '(app';
  for (const k in a) {
    const v = a[k];
    if (k !== 'title' && v !== null) s += ` (${k} ${value(k, v)})`;
  }
  s += ')\n';
  parts.push(s);
  size += s.length;
  if (size > (1 << 19)) flush();
}).then(flush).catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
