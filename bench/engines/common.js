// Shared plumbing of the Node.js adapters in bench/engines/: read JSON lines,
// write the CSV rows, keep the per-agency outstanding wins that category 5
// (`excellent`) is decided on.  Nothing here decides an application's
// category, eligibility, total or tier: each adapter's rule engine does.
'use strict';
const fs = require('fs');
const { StringDecoder } = require('string_decoder');

// Calls fn(app) for each JSON line of `path` (streamed, 1 MiB at a time).
// fn may return a promise; it is awaited before the next line.
async function forEachLine(path, fn) {
  const fd = path === '-' ? 0 : fs.openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  const dec = new StringDecoder('utf8');
  let rest = '';
  for (;;) {
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    const chunk = rest + dec.write(buf.subarray(0, n));
    let start = 0, nl;
    while ((nl = chunk.indexOf('\n', start)) !== -1) {
      if (nl > start) {
        const r = fn(JSON.parse(chunk.slice(start, nl)));
        if (r && typeof r.then === 'function') await r;
      }
      start = nl + 1;
    }
    rest = chunk.slice(start);
  }
  if (rest.trim() !== '') {
    const r = fn(JSON.parse(rest));
    if (r && typeof r.then === 'function') await r;
  }
  if (fd !== 0) fs.closeSync(fd);
}

// Buffered writer of CSV lines.
class Out {
  constructor(path) {
    this.fd = path === '-' ? 1 : fs.openSync(path, 'w');
    this.parts = [];
    this.size = 0;
    this.line('id,category,eligible,total,tier');
  }
  line(s) {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > (1 << 19)) this.flush();
  }
  flush() {
    if (this.parts.length) fs.writeSync(this.fd, this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }
  close() {
    this.flush();
    if (this.fd !== 1) fs.closeSync(this.fd);
  }
}

const CATEGORY = ['', 'standard', 'integrated', 'innovation', 'development', 'excellent', 'continuous'];

// integer hundredths -> "d.dd"
function fmt2(h) {
  const r = h % 100;
  return Math.floor(h / 100) + (r < 10 ? '.0' : '.') + r;
}

// Per agency, in order of first appearance: which of categories 1-4 it won at
// `outstanding`.  (A Map keeps insertion order.)
class Agencies {
  constructor() { this.m = new Map(); }
  seen(code) {
    let a = this.m.get(code);
    if (!a) { a = { w1: false, w2: false, w3: false, w4: false }; this.m.set(code, a); }
    return a;
  }
  won(code, t) { this.seen(code)['w' + t] = true; }
}

function row(id, t, ok, total, tier) {
  return `${id},${CATEGORY[t]},${ok},${total === null ? '' : fmt2(total)},${tier}`;
}

function args() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write(`usage: node ${process.argv[1]} DATA.jsonl OUT.csv\n`);
    process.exit(2);
  }
  return { input, output };
}

module.exports = { forEachLine, Out, Agencies, CATEGORY, fmt2, row, args };
