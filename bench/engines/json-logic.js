// Public Service Award 2558 in JsonLogic (json-logic-js), for bench/run.sh.
//
//   node bench/engines/json-logic.js DATA.jsonl OUT.csv
//
// Every decision is a JsonLogic rule, applied per application: the category
// (from `type`, a number or a name), the conditions of that category, the
// total, the tier; and, per agency after the last application, category 5
// (`excellent`) on the agency's outstanding wins, which the JS glue collects.
// JsonLogic numbers are binary doubles, so one operation is added,
// `hundredths` (round x * 100 to an integer), and the tiers compare integer
// hundredths: a true 750.00 summed as 749.9999999999999 is still `good`.
'use strict';
const path = require('path');
const jsonLogic = require(path.join(__dirname, '..', 'node_modules', 'json-logic-js'));
const { forEachLine, Out, Agencies, row, args } = require('./common');

jsonLogic.add_operation('hundredths', (x) => Math.round(x * 100));

const v = (name) => ({ var: name });

const categoryRule = {
  if: [
    { in: [v('type'), [1, 'standard']] }, 1,
    { in: [v('type'), [2, 'integrated']] }, 2,
    { in: [v('type'), [3, 'innovation']] }, 3,
    { in: [v('type'), [4, 'development']] }, 4,
    { in: [v('type'), [6, 'continuous']] }, 6,
    0,
  ],
};

const inUseAYear = { '>=': [v('months_in_use'), 12] };

const eligibleRule = {
  1: { '!!': { and: [
    v('core_mission'), v('prior_award'), { '==': [v('complaints'), 0] },
    { '>=': [v('unit_coverage_pct'), 80] }, { '>=': [v('standard_pct'), 80] }, inUseAYear] } },
  2: { '!!': { and: [
    { '>=': [v('partners_total'), 3] }, { '>=': [v('partners_gov'), 2] },
    v('agreement'), v('objectives_met'), inUseAYear, v('joint_plan')] } },
  3: { '!!': { and: [
    { or: [v('novel'), v('ip_protected')] },
    { '<=': [{ '-': [2558, v('invented_year')] }, 3] },
    inUseAYear, v('public_accepted'), v('improves_efficiency')] } },
  4: { '!!': { and: [
    v('applies_tools'), inUseAYear,
    { or: [{ '!': v('same_as_prior') }, v('further_developed')] }] } },
  6: { '!!': { and: [
    { '!=': [v('outstanding_year'), null] },
    { '>=': [v('outstanding_year'), 2555] },
    { '>=': [{ '-': [2558, v('outstanding_year')] }, 3] },
    v('standard_kept'),
    { in: [2556, v('reports_sent')] }, { in: [2557, v('reports_sent')] },
    { in: [2558, v('reports_sent')] }] } },
};

// total, in integer hundredths
const totalRule = {
  hundredths: {
    '+': [
      { min: [600, { '+': [
        v('efficiency'), v('quality'), v('partnership'), v('access'), v('new_ideas'),
        { if: [{ or: [v('one_stop'), v('e_service'), v('database'), v('complaint_system'),
                      v('transparency')] }, 50, 0] }] }] },
      v('objectives'), v('service_quality'), v('value'), v('sustainability'),
    ],
  },
};

// on {ok, total}
const tierRule = {
  if: [
    { '!': v('ok') }, 'ineligible',
    { '>=': [v('total'), 80000] }, 'outstanding',
    { '>=': [v('total'), 75000] }, 'good',
    'fail',
  ],
};
const continuousTierRule = { if: [v('ok'), 'awarded', 'ineligible'] };

// on an agency's wins {w1, w2, w3, w4}
const excellentRule = { '!!': { and: [v('w1'), v('w2'), { or: [v('w3'), v('w4')] }] } };

async function main() {
  const { input, output } = args();
  const out = new Out(output);
  const agencies = new Agencies();
  await forEachLine(input, (a) => {
    const t = jsonLogic.apply(categoryRule, a);
    if (t === 0) { out.line(`${a.id},,false,,error`); return; }
    const ok = jsonLogic.apply(eligibleRule[t], a);
    agencies.seen(a.agency);
    if (t === 6) {
      out.line(row(a.id, t, ok, null, jsonLogic.apply(continuousTierRule, { ok })));
      return;
    }
    const total = jsonLogic.apply(totalRule, a);
    const tier = jsonLogic.apply(tierRule, { ok, total });
    if (tier === 'outstanding') agencies.won(a.agency, t);
    out.line(row(a.id, t, ok, total, tier));
  });
  for (const [code, wins] of agencies.m) {
    const ok = jsonLogic.apply(excellentRule, wins);
    out.line(`${code},excellent,${ok},,${ok ? 'awarded' : 'ineligible'}`);
  }
  out.close();
}

main().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
