;;; Public Service Award 2558 in CLIPS, for bench/run.sh.
;;;
;;;   node bench/engines/clips-facts.js apps.jsonl \
;;;     | clips -f2 bench/engines/award.clp 3> out.csv > /dev/null
;;;
;;; CLIPS cannot read JSON: clips-facts.js turns each JSON line into a fact
;;; (notation only).  The loop below asserts one application, runs the rules
;;; and lets the printing rule retract it, so memory stays flat.  Rules:
;;; the category from `type` (a number or a name), each category's
;;; conditions, the total (CLIPS floats are binary doubles: the total is
;;; rounded to integer hundredths before the tiers compare it), the tier,
;;; and category 5 (`excellent`) per agency from (won AGENCY CATEGORY) facts.
;;; The CSV goes to file descriptor 3 (CLIPS prints its banner on stdout).

(defglobal ?*nagency* = 0)

(deftemplate app
  (slot id) (slot agency) (slot type)
  (slot core_mission (default FALSE)) (slot prior_award (default FALSE))
  (slot complaints) (slot unit_coverage_pct) (slot standard_pct) (slot months_in_use)
  (slot partners_total) (slot partners_gov)
  (slot agreement (default FALSE)) (slot objectives_met (default FALSE)) (slot joint_plan (default FALSE))
  (slot novel (default FALSE)) (slot ip_protected (default FALSE)) (slot invented_year)
  (slot public_accepted (default FALSE)) (slot improves_efficiency (default FALSE))
  (slot applies_tools (default FALSE)) (slot same_as_prior (default FALSE))
  (slot further_developed (default FALSE))
  (slot outstanding_year) (slot standard_kept (default FALSE)) (multislot reports_sent)
  (slot efficiency) (slot quality) (slot partnership) (slot access) (slot new_ideas)
  (slot objectives) (slot service_quality) (slot value) (slot sustainability)
  (slot one_stop (default FALSE)) (slot e_service (default FALSE)) (slot database (default FALSE))
  (slot complaint_system (default FALSE)) (slot transparency (default FALSE))
  ;; decided by the rules
  (slot t (default 0)) (slot ok (default FALSE)) (slot total))

(deftemplate agency (slot code) (slot seq) (slot excellent (default FALSE)))

;;; ---- category (salience 40) ----
(defrule category-1 (declare (salience 40)) ?a <- (app (t 0) (type 1|standard))    => (modify ?a (t 1)))
(defrule category-2 (declare (salience 40)) ?a <- (app (t 0) (type 2|integrated))  => (modify ?a (t 2)))
(defrule category-3 (declare (salience 40)) ?a <- (app (t 0) (type 3|innovation))  => (modify ?a (t 3)))
(defrule category-4 (declare (salience 40)) ?a <- (app (t 0) (type 4|development)) => (modify ?a (t 4)))
(defrule category-6 (declare (salience 40)) ?a <- (app (t 0) (type 6|continuous))  => (modify ?a (t 6)))

(defrule unknown-category (declare (salience 35))
  ?a <- (app (id ?id) (t 0))
  =>
  (printout out ?id ",,false,,error" crlf)
  (retract ?a))

;;; ---- agencies, in order of first appearance (salience 30) ----
(defrule new-agency (declare (salience 30))
  (app (agency ?g) (t ~0))
  (not (agency (code ?g)))
  =>
  (bind ?*nagency* (+ ?*nagency* 1))
  (assert (agency (code ?g) (seq ?*nagency*))))

;;; ---- conditions (salience 20) ----
(defrule eligible-1 (declare (salience 20))
  ?a <- (app (t 1) (ok FALSE) (core_mission TRUE) (prior_award TRUE) (complaints 0)
             (unit_coverage_pct ?u&:(>= ?u 80)) (standard_pct ?s&:(>= ?s 80))
             (months_in_use ?m&:(>= ?m 12)))
  => (modify ?a (ok TRUE)))

(defrule eligible-2 (declare (salience 20))
  ?a <- (app (t 2) (ok FALSE) (partners_total ?p&:(>= ?p 3)) (partners_gov ?g&:(>= ?g 2))
             (agreement TRUE) (objectives_met TRUE) (months_in_use ?m&:(>= ?m 12)) (joint_plan TRUE))
  => (modify ?a (ok TRUE)))

(defrule eligible-3 (declare (salience 20))
  ?a <- (app (t 3) (ok FALSE) (novel ?n) (ip_protected ?i&:(or (eq ?n TRUE) (eq ?i TRUE)))
             (invented_year ?y&:(<= (- 2558 ?y) 3)) (months_in_use ?m&:(>= ?m 12))
             (public_accepted TRUE) (improves_efficiency TRUE))
  => (modify ?a (ok TRUE)))

(defrule eligible-4 (declare (salience 20))
  ?a <- (app (t 4) (ok FALSE) (applies_tools TRUE) (months_in_use ?m&:(>= ?m 12))
             (same_as_prior ?s) (further_developed ?f&:(or (eq ?s FALSE) (eq ?f TRUE))))
  => (modify ?a (ok TRUE)))

(defrule eligible-6 (declare (salience 20))
  ?a <- (app (t 6) (ok FALSE)
             (outstanding_year ?y&:(integerp ?y)&:(>= ?y 2555)&:(>= (- 2558 ?y) 3))
             (standard_kept TRUE)
             (reports_sent $?r&:(member$ 2556 ?r)&:(member$ 2557 ?r)&:(member$ 2558 ?r)))
  => (modify ?a (ok TRUE)))

;;; ---- score (salience 10) ----
(defrule score (declare (salience 10))
  ?a <- (app (t 1|2|3|4) (total nil)
             (efficiency ?e1) (quality ?e2) (partnership ?e3) (access ?e4) (new_ideas ?e5)
             (objectives ?o1) (service_quality ?o2) (value ?o3) (sustainability ?o4)
             (one_stop ?b1) (e_service ?b2) (database ?b3) (complaint_system ?b4) (transparency ?b5))
  =>
  (bind ?p1 (+ ?e1 ?e2 ?e3 ?e4 ?e5))
  (if (or (eq ?b1 TRUE) (eq ?b2 TRUE) (eq ?b3 TRUE) (eq ?b4 TRUE) (eq ?b5 TRUE))
    then (bind ?p1 (+ ?p1 50)))
  (modify ?a (total (round (* 100 (+ (min ?p1 600) ?o1 ?o2 ?o3 ?o4))))))

;;; ---- tiers, printed in input order (salience 0) ----
(deffunction put-row (?id ?cat ?ok ?h ?tier)
  (printout out ?id "," ?cat "," (lowcase ?ok) ","
            (if (integerp ?h) then (format nil "%d.%02d" (div ?h 100) (mod ?h 100)) else "")
            "," ?tier crlf))

(deffunction category-name (?t)
  (nth$ ?t (create$ standard integrated innovation development excellent continuous)))

(defrule outstanding
  ?a <- (app (id ?id) (agency ?g) (t ?t&1|2|3|4) (ok TRUE) (total ?h&:(integerp ?h)&:(>= ?h 80000)))
  =>
  (put-row ?id (category-name ?t) TRUE ?h outstanding)
  (assert (won ?g ?t))
  (if (>= ?t 3) then (assert (won ?g 34)))
  (retract ?a))

(defrule good
  ?a <- (app (id ?id) (t ?t&1|2|3|4) (ok TRUE)
             (total ?h&:(integerp ?h)&:(>= ?h 75000)&:(< ?h 80000)))
  => (put-row ?id (category-name ?t) TRUE ?h good) (retract ?a))

(defrule fail
  ?a <- (app (id ?id) (t ?t&1|2|3|4) (ok TRUE) (total ?h&:(integerp ?h)&:(< ?h 75000)))
  => (put-row ?id (category-name ?t) TRUE ?h fail) (retract ?a))

(defrule ineligible
  ?a <- (app (id ?id) (t ?t&1|2|3|4) (ok FALSE) (total ?h&:(integerp ?h)))
  => (put-row ?id (category-name ?t) FALSE ?h ineligible) (retract ?a))

(defrule continuous
  ?a <- (app (id ?id) (t 6) (ok ?ok))
  => (put-row ?id continuous ?ok nil (if (eq ?ok TRUE) then awarded else ineligible)) (retract ?a))

;;; ---- category 5, per agency ----
(defrule excellent
  ?a <- (agency (code ?g) (excellent FALSE))
  (won ?g 1) (won ?g 2) (won ?g 34)
  => (modify ?a (excellent TRUE)))

(deffunction main ()
  (open "/dev/stdin" data "r")
  (open "/dev/fd/3" out "w")
  (printout out "id,category,eligible,total,tier" crlf)
  (bind ?line (readline data))
  (while (neq ?line EOF) do
    (if (neq ?line "") then
      (assert-string ?line)
      (run))
    (bind ?line (readline data)))
  (run)
  (loop-for-count (?i 1 ?*nagency*) do
    (do-for-fact ((?a agency)) (= ?a:seq ?i)
      (printout out ?a:code ",excellent," (lowcase ?a:excellent) ",,"
                (if (eq ?a:excellent TRUE) then awarded else ineligible) crlf)))
  (close data)
  (close out))

(main)
(exit)
