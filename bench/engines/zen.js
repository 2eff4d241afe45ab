// Public Service Award 2558 in GoRules ZEN (@gorules/zen-engine), for bench/run.sh.
//
//   node bench/engines/zen.js DATA.jsonl OUT.csv
//
// A JSON Decision Model (JDM) graph, evaluated once per application:
//   request -> expression node `judge` (category from `type`, eligibility of
//   that category, total in integer hundredths) -> decision table `tier`
//   (hit policy first) -> response.
// ZEN's expression language computes in decimals (0.1 + 0.2 = 0.3), so the
// sum is exact; it is still rounded to integer hundredths for the tiers.
// Category 5 (`excellent`) is a second decision, evaluated once per agency
// on the wins the JS glue collected, after the last application.
// Evaluations are asynchronous (the native engine runs them off the JS
// thread); the adapter keeps up to ZEN_BATCH (default 64) in flight and
// writes the rows in input order.
'use strict';
const path = require('path');
const { ZenEngine } = require(path.join(__dirname, '..', 'node_modules', '@gorules', 'zen-engine'));
const { forEachLine, Out, Agencies, row, args } = require('./common');

const pos = { x: 0, y: 0 };
const expr = (key, value) => ({ id: key, key, value });

const judge = {
  id: 'judge', type: 'expressionNode', name: 'judge', position: pos,
  content: {
    expressions: [
      expr('t', 'type in [1, "standard"] ? 1 : type in [2, "integrated"] ? 2 : '
        + 'type in [3, "innovation"] ? 3 : type in [4, "development"] ? 4 : '
        + 'type in [6, "continuous"] ? 6 : 0'),
      expr('ok',
        '$.t == 1 ? (core_mission and prior_award and complaints == 0 and unit_coverage_pct >= 80 '
        + 'and standard_pct >= 80 and months_in_use >= 12) : '
        + '$.t == 2 ? (partners_total >= 3 and partners_gov >= 2 and agreement and objectives_met '
        + 'and months_in_use >= 12 and joint_plan) : '
        + '$.t == 3 ? ((novel or ip_protected) and 2558 - invented_year <= 3 and months_in_use >= 12 '
        + 'and public_accepted and improves_efficiency) : '
        + '$.t == 4 ? (applies_tools and months_in_use >= 12 and (not same_as_prior or further_developed)) : '
        + '$.t == 6 ? (outstanding_year != null and outstanding_year >= 2555 and 2558 - outstanding_year >= 3 '
        + 'and standard_kept and contains(reports_sent, 2556) and contains(reports_sent, 2557) '
        + 'and contains(reports_sent, 2558)) : false'),
      expr('total',
        '$.t >= 1 and $.t <= 4 ? round((min([600, efficiency + quality + partnership + access + new_ideas + '
        + '(one_stop or e_service or database or complaint_system or transparency ? 50 : 0)]) '
        + '+ objectives + service_quality + value + sustainability) * 100) : null'),
    ],
  },
};

// decision table: inputs t, ok, total; outputs t, ok, total, tier
const tierRows = [
  ['0', '', '', '"error"'],
  ['6', 'true', '', '"awarded"'],
  ['6', '', '', '"ineligible"'],
  ['', 'false', '', '"ineligible"'],
  ['', '', '>= 80000', '"outstanding"'],
  ['', '', '>= 75000', '"good"'],
  ['', '', '', '"fail"'],
];
const tier = {
  id: 'tier', type: 'decisionTableNode', name: 'tier', position: pos,
  content: {
    hitPolicy: 'first',
    inputs: [
      { id: 'in_t', name: 't', field: 't' },
      { id: 'in_ok', name: 'ok', field: 'ok' },
      { id: 'in_total', name: 'total', field: 'total' },
    ],
    outputs: [
      { id: 'out_t', name: 't', field: 't' },
      { id: 'out_ok', name: 'ok', field: 'ok' },
      { id: 'out_total', name: 'total', field: 'total' },
      { id: 'out_tier', name: 'tier', field: 'tier' },
    ],
    rules: tierRows.map(([t, ok, total, tr], i) => ({
      _id: `r${i}`, in_t: t, in_ok: ok, in_total: total,
      out_t: 't', out_ok: 'ok', out_total: 'total', out_tier: tr,
    })),
  },
};

const graph = (nodes) => {
  const ids = ['request', ...nodes.map((n) => n.id), 'response'];
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'request', type: 'inputNode', name: 'request', position: pos },
      ...nodes,
      { id: 'response', type: 'outputNode', name: 'response', position: pos },
    ],
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, type: 'edge', sourceId: ids[i], targetId: id })),
  };
};

const excellentNode = {
  id: 'excellent', type: 'expressionNode', name: 'excellent', position: pos,
  content: { expressions: [expr('ok', 'w1 and w2 and (w3 or w4)')] },
};

const BATCH = Number(process.env.ZEN_BATCH || 64);

async function main() {
  const { input, output } = args();
  const engine = new ZenEngine();
  const decision = engine.createDecision(graph([judge, tier]));
  const excellent = engine.createDecision(graph([excellentNode]));
  const out = new Out(output);
  const agencies = new Agencies();

  const emit = (a, r) => {
    const { t, ok, total, tier: tr } = r.result;
    if (t === 0) { out.line(`${a.id},,false,,error`); return; }
    agencies.seen(a.agency);
    if (tr === 'outstanding') agencies.won(a.agency, t);
    out.line(row(a.id, t, ok, t === 6 ? null : total, tr));
  };
  let apps = [], pending = [];
  const drain = async () => {
    const results = await Promise.all(pending);
    for (let k = 0; k < apps.length; k++) emit(apps[k], results[k]);
    apps = []; pending = [];
  };
  await forEachLine(input, (a) => {
    apps.push(a);
    pending.push(decision.evaluate(a));
    if (pending.length >= BATCH) return drain();
    return undefined;
  });
  await drain();
  for (const [code, wins] of agencies.m) {
    const ok = (await excellent.evaluate(wins)).result.ok;
    out.line(`${code},excellent,${ok},,${ok ? 'awarded' : 'ineligible'}`);
  }
  out.close();
}

main().catch((e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
