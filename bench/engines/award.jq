# Public Service Award 2558 in jq, for bench/run.sh.
#
#   jq -n -r -f bench/engines/award.jq < apps.jsonl > out.csv
#
# Reads JSON lines, writes id,category,eligible,total,tier, then one
# `excellent` row per agency in order of first appearance (category 5, done
# in the same pass: the agencies are kept in the foreach state).
# jq numbers are binary doubles: the total is rounded to hundredths
# (an integer) before it is compared with 750 and 800.

def catnum:
  if type == "number" then .
  else {"standard": 1, "integrated": 2, "innovation": 3, "development": 4,
        "excellent": 5, "continuous": 6}[.] // 0
  end;

def catname: ["", "standard", "integrated", "innovation", "development",
              "excellent", "continuous"][.];

# integer hundredths -> "d.dd"
def fmt2:
  ((. / 100) | floor | tostring) + "."
  + ((. % 100) as $r | (if $r < 10 then "0" else "" end) + ($r | tostring));

def eligible($t):
  if $t == 1 then
    .core_mission and .prior_award and .complaints == 0
    and .unit_coverage_pct >= 80 and .standard_pct >= 80 and .months_in_use >= 12
  elif $t == 2 then
    .partners_total >= 3 and .partners_gov >= 2 and .agreement and .objectives_met
    and .months_in_use >= 12 and .joint_plan
  elif $t == 3 then
    (.novel or .ip_protected) and 2558 - .invented_year <= 3 and .months_in_use >= 12
    and .public_accepted and .improves_efficiency
  elif $t == 4 then
    .applies_tools and .months_in_use >= 12 and ((.same_as_prior | not) or .further_developed)
  else
    .outstanding_year != null and .outstanding_year >= 2555 and 2558 - .outstanding_year >= 3
    and .standard_kept
    and ((.reports_sent // []) as $r | ($r | index([2556])) != null
         and ($r | index([2557])) != null and ($r | index([2558])) != null)
  end;

# total in integer hundredths
def total:
  (([.efficiency, .quality, .partnership, .access, .new_ideas] | add)
   + (if .one_stop or .e_service or .database or .complaint_system or .transparency
      then 50 else 0 end)) as $p1
  | ([.objectives, .service_quality, .value, .sustainability] | add) as $p2
  | ((if $p1 > 600 then 600 else $p1 end) + $p2) * 100 | round;

# -> {id, agency, t, ok, total, tier}
def judge:
  (.type | catnum) as $t
  | if $t < 1 or $t == 5 or $t > 6 then {id, agency, t: 0}
    else eligible($t) as $ok
    | if $t == 6 then {id, agency, t: $t, ok: $ok, total: null,
                       tier: (if $ok then "awarded" else "ineligible" end)}
      else total as $s
      | {id, agency, t: $t, ok: $ok, total: $s,
         tier: (if ($ok | not) then "ineligible" elif $s >= 80000 then "outstanding"
                elif $s >= 75000 then "good" else "fail" end)}
      end
    end;

"id,category,eligible,total,tier",
foreach ((inputs | judge), null) as $r
  ({order: [], won: {}, out: null};
   if $r == null then .out = null | .done = true
   elif $r.t == 0 then .out = "\($r.id),,false,,error"
   else
     (if .won[$r.agency] == null then .order += [$r.agency] | .won[$r.agency] = {} else . end)
     | (if $r.tier == "outstanding" then .won[$r.agency]["w\($r.t)"] = true else . end)
     | .out = "\($r.id),\($r.t | catname),\($r.ok),\(if $r.total == null then "" else ($r.total | fmt2) end),\($r.tier)"
   end;
   if .done then
     .won as $w
     | .order[]
     | $w[.] as $g
     | if $g.w1 and $g.w2 and ($g.w3 or $g.w4) then "\(.),excellent,true,,awarded"
       else "\(.),excellent,false,,ineligible" end
   else .out end)
