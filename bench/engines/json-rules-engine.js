// Public Service Award 2558 in json-rules-engine, for bench/run.sh.
//
//   node bench/engines/json-rules-engine.js DATA.jsonl OUT.csv
//
// One engine, run once per application with the application's fields as
// facts.  Rules (JSON) decide the category (`type` is a number or a name),
// each category's eligibility, and the tier band of the total; their events
// are assembled into the row.  json-rules-engine has no arithmetic, so the
// total is a computed fact (a JS function, the way the library is meant to be
// used): the sum, capped part 1, rounded to integer hundredths so that a true
// 750.00 summed in binary floating point is never graded `fail`.
// `2558 - invented_year <= 3` is written `invented_year >= 2555` (and the
// same for outstanding_year): the engine compares facts with constants.
// Category 5 (`excellent`) is a rule too, run once per agency on the wins
// the JS glue collected, after the last application.
'use strict';
const path = require('path');
const { Engine } = require(path.join(__dirname, '..', 'node_modules', 'json-rules-engine'));
const { forEachLine, Out, Agencies, row, args } = require('./common');

const is = (fact, value) => ({ fact, operator: 'equal', value });
const ge = (fact, value) => ({ fact, operator: 'greaterThanInclusive', value });
const le = (fact, value) => ({ fact, operator: 'lessThanInclusive', value });
const lt = (fact, value) => ({ fact, operator: 'lessThan', value });
const typeIs = (n, name) => ({ any: [is('type', n), is('type', name)] });

const rules = [
  ...[[1, 'standard'], [2, 'integrated'], [3, 'innovation'], [4, 'development'], [6, 'continuous']]
    .map(([n, name]) => ({
      name: `category-${n}`,
      conditions: { all: [typeIs(n, name)] },
      event: { type: 'category', params: { t: n } },
    })),
  {
    name: 'eligible-1',
    conditions: { all: [typeIs(1, 'standard'), is('core_mission', true), is('prior_award', true),
      is('complaints', 0), ge('unit_coverage_pct', 80), ge('standard_pct', 80),
      ge('months_in_use', 12)] },
    event: { type: 'eligible' },
  },
  {
    name: 'eligible-2',
    conditions: { all: [typeIs(2, 'integrated'), ge('partners_total', 3), ge('partners_gov', 2),
      is('agreement', true), is('objectives_met', true), ge('months_in_use', 12),
      is('joint_plan', true)] },
    event: { type: 'eligible' },
  },
  {
    name: 'eligible-3',
    conditions: { all: [typeIs(3, 'innovation'),
      { any: [is('novel', true), is('ip_protected', true)] },
      ge('invented_year', 2555), ge('months_in_use', 12), is('public_accepted', true),
      is('improves_efficiency', true)] },
    event: { type: 'eligible' },
  },
  {
    name: 'eligible-4',
    conditions: { all: [typeIs(4, 'development'), is('applies_tools', true), ge('months_in_use', 12),
      { any: [{ not: is('same_as_prior', true) }, is('further_developed', true)] }] },
    event: { type: 'eligible' },
  },
  {
    name: 'eligible-6',
    conditions: { all: [typeIs(6, 'continuous'), ge('outstanding_year', 2555),
      le('outstanding_year', 2555), is('standard_kept', true),
      { fact: 'reports_sent', operator: 'contains', value: 2556 },
      { fact: 'reports_sent', operator: 'contains', value: 2557 },
      { fact: 'reports_sent', operator: 'contains', value: 2558 }] },
    event: { type: 'eligible' },
  },
  { name: 'outstanding', conditions: { all: [ge('total', 80000)] },
    event: { type: 'tier', params: { tier: 'outstanding' } } },
  { name: 'good', conditions: { all: [ge('total', 75000), lt('total', 80000)] },
    event: { type: 'tier', params: { tier: 'good' } } },
  { name: 'fail', conditions: { all: [lt('total', 75000)] },
    event: { type: 'tier', params: { tier: 'fail' } } },
];

const engine = new Engine(rules, { allowUndefinedFacts: true });

// total in integer hundredths, or null for an application with no scores
engine.addFact('total', async (params, almanac) => {
  const f = (n) => almanac.factValue(n);
  const [e, q, p, a, n, o, s, v, u, b1, b2, b3, b4, b5] = await Promise.all([
    'efficiency', 'quality', 'partnership', 'access', 'new_ideas',
    'objectives', 'service_quality', 'value', 'sustainability',
    'one_stop', 'e_service', 'database', 'complaint_system', 'transparency'].map(f));
  if (typeof e !== 'number') return null;
  const part1 = Math.min(600, e + q + p + a + n + (b1 || b2 || b3 || b4 || b5 ? 50 : 0));
  return Math.round((part1 + o + s + v + u) * 100);
});

const excellent = new Engine([{
  name: 'excellent',
  conditions: { all: [is('w1', true), is('w2', true), { any: [is('w3', true), is('w4', true)] }] },
  event: { type: 'excellent' },
}]);

async function main() {
  const { input, output } = args();
  const out = new Out(output);
  const agencies = new Agencies();
  await forEachLine(input, async (a) => {
    const { events, almanac } = await engine.run(a);
    let t = 0, ok = false, tier = null;
    for (const ev of events) {
      if (ev.type === 'category') t = ev.params.t;
      else if (ev.type === 'eligible') ok = true;
      else if (ev.type === 'tier') tier = ev.params.tier;
    }
    if (t === 0) { out.line(`${a.id},,false,,error`); return; }
    agencies.seen(a.agency);
    if (t === 6) { out.line(row(a.id, t, ok, null, ok ? 'awarded' : 'ineligible')); return; }
    const total = await almanac.factValue('total');
    if (!ok) tier = 'ineligible';
    else if (tier === 'outstanding') agencies.won(a.agency, t);
    out.line(row(a.id, t, ok, total, tier));
  });
  for (const [code, wins] of agencies.m) {
    const { events } = await excellent.run(wins);
    const ok = events.length > 0;
    out.line(`${code},excellent,${ok},,${ok ? 'awarded' : 'ineligible'}`);
  }
  out.close();
}

main().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
