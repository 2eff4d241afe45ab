/* eval_record.c -- the steps of one application (eval_record): pick its
 * id and category; then, stage by stage, whether the stage has been held,
 * convert the fields it reads first, and evaluate its conditions; then the
 * score and the tier.  Expressions and scores are eval.c's, fields
 * eval_fields.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"
#include "i18n.h"
#include "utext.h"

/* ---- one record ---- */

static const RawField *raw_slot(const Evaluator *ev, int slot)
{
    return slot >= 0 ? &ev->rec->fields[slot] : NULL;
}

/* Which category `type` names: its number or its identifier. */
static const CategoryDecl *find_type(Evaluator *ev, const RawField *f)
{
    const Rules *r = ev->r;
    char b[96];
    if (!f || raw_empty(f)) {
        const char *name = r->slot_type >= 0 ? r->inputs[r->slot_type]->name : "type";
        if (!f || f->kind == RAW_ABSENT)
            msg_add(ev, "field `%s` is missing: it says which category the application is for", name);
        else
            msg_add(ev, "field `%s` is empty: it says which category the application is for", name);
        return NULL;
    }
    if (f->kind == RAW_TEXT || f->kind == RAW_STRING || f->kind == RAW_NUMBER) {
        Dec d;
        int64_t n;
        bool numeric = parse_number(f->text, f->len, &d) == DEC_OK && dec_to_int(d, &n);
        for (size_t i = 0; i < r->ncategories; i++) {
            const CategoryDecl *c = r->categories[i];
            if (numeric ? c->number == n : (strlen(c->id) == f->len && memcmp(c->id, f->text, f->len) == 0))
                return c;
        }
    }
    char all[256];
    size_t k = 0;
    for (size_t i = 0; i < r->ncategories && k < sizeof all; i++)
        if (!r->categories[i]->per_agency)
            k += (size_t)snprintf(all + k, sizeof all - k, "%s%lld %s", k ? ", " : "",
                                  (long long)r->categories[i]->number, r->categories[i]->id);
    msg_add(ev, "field `%s`: %s names no category (the categories are %s)",
            r->inputs[r->slot_type]->name, raw_shown(f, b, sizeof b), all);
    return NULL;
}

/* Set the result's id: the id field when it is usable text, else "row N". */
static bool take_id(Evaluator *ev)
{
    const RawField *f = raw_slot(ev, ev->r->slot_id);
    AppResult *res = &ev->res;
    if (f && (f->kind == RAW_TEXT || f->kind == RAW_STRING || f->kind == RAW_NUMBER) && f->len > 0 &&
        utext_valid(f->text, f->len, NULL)) {
        res->id = f->text;
        res->id_len = f->len;
        return true;
    }
    /* TRANSLATORS: the id shown for an application whose own id is
     * missing or unusable: its record's number in the data file. */
    snprintf(ev->id_buf, sizeof ev->id_buf, _("row %zu"), ev->rec->number);
    res->id = ev->id_buf;
    res->id_len = strlen(ev->id_buf);
    return false;
}

/* Note the application's agency (first appearance fixes the order of the
 * agency-level rows); returns its index or -1. */
static long note_agency(Evaluator *ev)
{
    const Rules *r = ev->r;
    if (!r->has_agency_categories)
        return -1;
    const RawField *f = raw_slot(ev, r->slot_agency);
    if (!f || !(f->kind == RAW_TEXT || f->kind == RAW_STRING || f->kind == RAW_NUMBER) || f->len == 0 ||
        !utext_valid(f->text, f->len, NULL))
        return -1;
    bool added;
    size_t i = ev_textset_add(&ev->agencies, f->text, f->len, 0, &added);
    if (added) {
        if (i >= ev->nagency_info) {
            size_t n = ev->nagency_info ? ev->nagency_info * 2 : 64;
            ev->agency_info = mem_realloc(ev->agency_info, n * sizeof *ev->agency_info);
            memset(ev->agency_info + ev->nagency_info, 0, (n - ev->nagency_info) * sizeof *ev->agency_info);
            ev->nagency_info = n;
        }
        ev->agency_info[i].won = mem_calloc(r->ncategories * r->ntier_names + 1, sizeof(Winners));
    }
    return (long)i;
}

static const AppResult *finish_error(Evaluator *ev)
{
    AppResult *res = &ev->res;
    /* Every data error starts with the place of its record, so that an
     * evaluator can open the file there. */
    const char *msg = ev->msg.s ? ev->msg.s : "";
    if (res->source) {
        sb_reset(&ev->place_msg);
        sb_printf(&ev->place_msg, "%s:%zu: %s", res->source, res->line, msg);
        msg = ev->place_msg.s;
    }
    res->error = true;
    res->eligible = false;
    res->scored = false;
    res->nfailed = 0;
    res->tier = NULL;
    res->tier_id = "error";
    res->message = msg;
    ev->errors++;
    return res;
}

/* Add the record's id to those seen (`hash` from idset_prefetch); when it
 * was seen before, say where. */
static void check_id(Evaluator *ev, uint64_t hash, const char *source)
{
    /* Where each id was first seen: which input, which record. */
    if (!ev->nsources || ev->sources[ev->nsources - 1] != source) {
        ev->sources = mem_realloc(ev->sources, (ev->nsources + 1) * sizeof *ev->sources);
        ev->sources[ev->nsources++] = source;
    }
    const AppResult *res = &ev->res;
    uint64_t place = (uint64_t)(ev->nsources - 1) << 40 | ev->rec->number;
    uint64_t at;
    int added = idset_add_hashed(ev->ids, res->id, res->id_len, hash, place, &at);
    if (added < 0) {
        msg_add(ev, "id \"%.*s\" could not be checked against the others: out of memory",
                (int)res->id_len, res->id);
    } else if (added == 0) {
        const char *where = ev->sources[at >> 40];
        size_t record = (size_t)(at & ((UINT64_C(1) << 40) - 1));
        if (where != source && where)
            msg_add(ev, "id \"%.*s\" was already used by record %zu of %s; each application needs its own id",
                    (int)res->id_len, res->id, record, where);
        else
            msg_add(ev, "id \"%.*s\" was already used by record %zu; each application needs its own id",
                    (int)res->id_len, res->id, record);
    }
}

/* ---- the steps of one application ----
 *
 * pick (the id and the category), then, stage by stage: awaited? (a later
 * stage none of whose own fields has a value), convert (the fields the
 * stage reads first, and their ranges), conditions (every one of the
 * stage, so that each failure is reported); then score and tier.  Without
 * declared stages there is one. */

/* Whether none of the fields that stage `st` reads first, and that must
 * have a value, has one: the stage has not been held yet. */
/* How many of the fields stage `st` reads first, and that must have a
 * value, have one. */
static size_t stage_given(const Evaluator *ev, const CategoryDecl *cat, size_t st)
{
    const Plan *plan = &ev->plans[cat->index];
    size_t n = 0;
    for (size_t k = plan->convert_at[st]; k < plan->convert_at[st + 1]; k++) {
        uint32_t s = plan->convert[k];
        n += stage_field(ev->r, cat, s, st) && !raw_empty(&ev->rec->fields[s]);
    }
    return n;
}

/* Whether stage `st` has not been held: none of its own fields has a value,
 * and no later stage's has either (a later stage with data under an empty
 * one is a mistake in the data, not a wait). */
static bool stage_awaited(const Evaluator *ev, const CategoryDecl *cat, size_t st)
{
    const Plan *plan = &ev->plans[cat->index];
    if (plan->required[st] == 0 || stage_given(ev, cat, st) != 0)
        return false;
    size_t nst = ev->r->nstages ? ev->r->nstages : 1;
    for (size_t later = st + 1; later < nst; later++)
        if (stage_given(ev, cat, later) != 0)
            return false;
    return true;
}

/* After a field of a later stage is wrong: why it is an error and not a
 * wait, when the stage is partly entered or empty under a later one. */
static void stage_note(Evaluator *ev, const CategoryDecl *cat, size_t st)
{
    const Plan *plan = &ev->plans[cat->index];
    const Rules *r = ev->r;
    size_t given = stage_given(ev, cat, st);
    if (!r->nstages || plan->required[st] == 0 || given == plan->required[st])
        return;
    /* half or less entered: a stage being filled in, not a field forgotten
     * in a finished one (which the field's own message says well enough) */
    if (given && given * 2 <= plan->required[st])
        /* (the stage has two fields or more here: English never says the
         * first form, which languages with several plurals need) */
        msg_add(ev, P_("stage `%s` is partly entered (%zu of its %zu field): give all of them, or none while it "
                       "has not been held",
                       "stage `%s` is partly entered (%zu of its %zu fields): give all of them, or none while it "
                       "has not been held", plan->required[st]),
                r->stages[st]->id, given, plan->required[st]);
    else if (!given)
        for (size_t later = st + 1; later < r->nstages; later++)
            if (stage_given(ev, cat, later)) {
                msg_add(ev, "stage `%s` has no data, but the later stage `%s` has", r->stages[st]->id,
                        r->stages[later]->id);
                break;
            }
}

/* Whether v is past one bound of its field's range (lower: below it,
 * else above it); *known is cleared when the bound has no value. */
static bool past_bound(Evaluator *ev, const Expr *b, bool strict, bool lower, Dec v, Value *bv, bool *known)
{
    ev->rule = b;
    if (ev_bound(ev, b, bv) != EV_OK) {
        *known = false;
        return false;
    }
    int c = dec_cmp(v, bv->num);
    return lower ? (strict ? c <= 0 : c < 0) : (strict ? c >= 0 : c > 0);
}

/* Convert the fields stage `st` reads first, then check their ranges
 * (which may name fields of this stage or an earlier one).  False when
 * any is wrong (the message says which). */
static bool convert_stage(Evaluator *ev, const Plan *plan, size_t st)
{
    const Rules *r = ev->r;
    bool fields_ok = true;
    for (size_t k = plan->convert_at[st]; k < plan->convert_at[st + 1]; k++) {
        uint32_t s = plan->convert[k];
        fields_ok &= convert_field(ev, r->inputs[s], &ev->rec->fields[s]);
    }
    for (size_t k = plan->ranged_at[st]; k < plan->ranged_at[st + 1]; k++) {
        uint32_t s = plan->ranged[k];
        const InputDecl *in = r->inputs[s];
        if (!ev->slot_ok[s])
            continue;
        const Value *v = &ev->slots[s];
        const Value *items = v->tag == VAL_LIST ? v->p.items : v;
        uint32_t n = v->tag == VAL_LIST ? v->len : v->tag == VAL_NUM;
        for (uint32_t i = 0; i < n; i++) {
            if (range_fast(&ev->ranges[s], in, items[i].num) == 0)
                continue; /* inside: the common case, settled */
            Value lo, hi;
            bool bad = false, known = true;
            if (in->lo)
                bad |= past_bound(ev, in->lo, in->lo_strict, true, items[i].num, &lo, &known);
            if (known && in->hi)
                bad |= past_bound(ev, in->hi, in->hi_strict, false, items[i].num, &hi, &known);
            if (!known)
                continue; /* a bound with no value: its own message says why */
            if (bad) {
                char vb[DEC_FMT_MAX], lb[DEC_FMT_MAX], hb[DEC_FMT_MAX];
                dec_format(items[i].num, 0, vb);
                if (in->lo)
                    dec_format(lo.num, 0, lb);
                if (in->hi)
                    dec_format(hi.num, 0, hb);
                /* one whole sentence per case, for the translations */
                if (in->lo && in->hi && in->hi->tag == EX_NAME)
                    msg_add(ev, "field `%s`: %s is outside %s to %s, the value of %s", in->name, vb, lb, hb,
                            in->hi->v.str);
                else if (in->lo && in->hi)
                    msg_add(ev, "field `%s`: %s is outside %s to %s", in->name, vb, lb, hb);
                else if (in->lo && in->lo_strict)
                    msg_add(ev, "field `%s`: %s is below or equal to %s", in->name, vb, lb);
                else if (in->lo)
                    msg_add(ev, "field `%s`: %s is below %s", in->name, vb, lb);
                else if (in->hi_strict)
                    msg_add(ev, "field `%s`: %s is above or equal to %s", in->name, vb, hb);
                else
                    msg_add(ev, "field `%s`: %s is above %s", in->name, vb, hb);
                fields_ok = false;
                break;
            }
        }
    }
    return fields_ok;
}

/* Every condition of stage `st`: *held is cleared when any fails (each
 * failure is added to the result).  EV_ERROR on a data error. */
static EvStatus check_conditions(Evaluator *ev, const CategoryDecl *cat, size_t st, bool *held)
{
    AppResult *res = &ev->res;
    for (size_t i = 0; i < cat->nrequires; i++) {
        const Require *q = &cat->requires[i];
        if (q->stage != st)
            continue;
        bool holds = false;
        ev->rule = q->cond;
        EvStatus s = ev_bool(ev, q->cond, &holds);
        if (s == EV_ERROR)
            return s;
        if (s != EV_OK || !holds) {
            ev->failed[res->nfailed++] = q;
            *held = false;
        }
        if (ev->cov)
            (s == EV_OK && holds ? ev->cov->cond_true : ev->cov->cond_false)[q->index]++;
    }
    return EV_OK;
}

/* The category's score (even when a condition of the last stage failed,
 * so that the total can be shown) and, when eligible, its tier. */
static EvStatus score_and_tier(Evaluator *ev, const CategoryDecl *cat, bool eligible)
{
    AppResult *res = &ev->res;
    if (cat->score) {
        Value total;
        if (ev_score_total(ev, cat->score, &total) != EV_OK)
            return EV_ERROR;
        res->total = total.num;
        res->scored = true;
        if (eligible) {
            res->tier = eval_pick_tier(cat->tiers, res->total);
            if (!res->tier) {
                char b[DEC_FMT_MAX];
                dec_format(res->total, ev->r->precision, b);
                msg_add(ev, "a `%s` of %s falls in no tier of `%s`", cat->score->name, b, cat->tiers->name);
                return EV_ERROR;
            }
        }
    }
    const StageDecl *last = ev->r->nstages ? ev->r->stages[ev->r->nstages - 1] : NULL;
    res->tier_id = eligible ? (res->tier ? res->tier->id : "awarded")
                            : last && last->stop_id ? last->stop_id : "ineligible";
    return EV_OK;
}

/* An application that stops at stage `st` (its conditions failed there) or
 * waits for it (`pending`): not eligible, not scored, no later stage. */
static const AppResult *finish_stage(Evaluator *ev, const CategoryDecl *cat, long agency, size_t st, bool pending)
{
    AppResult *res = &ev->res;
    const StageDecl *sd = ev->r->stages[st];
    res->stage = sd;
    res->eligible = false;
    res->pending = pending;
    res->stopped = !pending;
    res->tier_id = pending ? "pending" : sd->stop_id ? sd->stop_id : "ineligible";
    if (ev->cov) {
        (pending ? ev->cov->stage_pending : ev->cov->stage_stopped)[st]++;
        ev->cov->category_used[cat->index]++;
    }
    if (agency >= 0)
        ev->agency_info[agency].has_ok = true;
    return res;
}

const AppResult *eval_record(Evaluator *ev, const RawRecord *rec, const char *source)
{
    const Rules *r = ev->r;
    arena_reset(&ev->arena);
    ev_budget_reset(ev);
    msg_clear(ev);
    ev->rec = rec;
    ev->count++;
    AppResult *res = &ev->res;
    *res = (AppResult){ .source = source, .line = rec->line, .rec = rec, .points = ev->points,
                        .has_points = ev->has_points, .raw_points = ev->raw_points, .cut = ev->cut };
    memset(ev->has_points, 0, r->nnodes);
    memset(ev->cut, 0, r->nnodes);
    memset(ev->let_state, 0, r->nlets);
    memset(ev->slot_ok, 0, r->ninputs);

    bool id_ok = take_id(ev);
    /* The id's look-up reads memory that is seldom in cache: start it now,
     * finish it after the fields are converted (see below). */
    uint64_t id_hash = id_ok ? idset_prefetch(ev->ids, res->id, res->id_len) : 0;
    long agency = note_agency(ev);
    if (rec->error) {
        msg_add(ev, "%s", rec->error);
        return finish_error(ev);
    }
    /* The category first, so that a broken id still shows it. */
    const CategoryDecl *cat = find_type(ev, raw_slot(ev, r->slot_type));
    res->cat = cat;
    if (!id_ok) {
        const RawField *f = raw_slot(ev, r->slot_id);
        if (!f || f->kind == RAW_ABSENT)
            msg_add(ev, "field `id` is missing");
        else if (f->len == 0)
            msg_add(ev, "field `id` is empty");
        else
            msg_add(ev, "field `id` is not valid text");
    }
    /* An application that is an error already has its id checked here;
     * the others after their fields, when the look-up has had time. */
    bool id_late = id_ok && cat && !cat->per_agency;
    if (id_ok && !id_late)
        check_id(ev, id_hash, source);
    if (cat && cat->per_agency) {
        msg_add(ev, "category %lld `%s` is awarded per agency from its other results; "
                    "no application can be made for it", (long long)cat->number, cat->id);
        cat = NULL;
    }
    if (!cat || ev->msg.len)
        return finish_error(ev);
    if (agency >= 0) {
        /* Where a win of this agency in this category is counted: fetched
         * while the record is evaluated, not waited for at the end. */
        const Winners *w = &ev->agency_info[agency].won[cat->index * r->ntier_names];
        __builtin_prefetch(w);
        __builtin_prefetch((const char *)w + 64);
    }

    const Plan *plan = &ev->plans[cat->index];
    size_t nst = r->nstages ? r->nstages : 1;
    bool eligible = true;
    res->failed = ev->failed;
    for (size_t st = 0; st < nst; st++) {
        /* A later stage whose fields have not come yet (a site visit not
         * yet held): the application waits there. */
        if (st > 0 && stage_awaited(ev, cat, st))
            return finish_stage(ev, cat, agency, st, true);
        bool fields_ok = convert_stage(ev, plan, st);
        /* A used id is the whole error, as if it had been found first. */
        if (st == 0 && id_late) {
            size_t had = ev->msg.len;
            check_id(ev, id_hash, source);
            if (ev->msg.len != had) {
                size_t from = had ? had + 2 : 0; /* after "; " */
                memmove(ev->msg.s, ev->msg.s + from, ev->msg.len - from + 1);
                ev->msg.len -= from;
                return finish_error(ev);
            }
        }
        if (!fields_ok) {
            stage_note(ev, cat, st);
            return finish_error(ev);
        }
        if (ev->cov && r->nstages)
            ev->cov->stage_reached[st]++;
        bool held = true;
        if (check_conditions(ev, cat, st, &held) != EV_OK)
            return finish_error(ev);
        if (!held) {
            eligible = false;
            if (st + 1 < nst) /* it stops here: no later stage, no score */
                return finish_stage(ev, cat, agency, st, false);
        }
    }
    res->eligible = eligible;
    if (r->nstages) {
        res->stage = r->stages[nst - 1];
        res->stopped = !eligible;
        if (ev->cov && !eligible)
            ev->cov->stage_stopped[nst - 1]++;
    }
    if (score_and_tier(ev, cat, eligible) != EV_OK)
        return finish_error(ev);
    if (ev->cov) {
        ev->cov->category_used[cat->index]++;
        ev->cov->category_given[cat->index] += eligible;
        if (res->tier)
            ev->cov->tier_given[res->tier->index]++;
    }

    if (agency >= 0) {
        Agency *a = &ev->agency_info[agency];
        a->has_ok = true;
        if (eligible) {
            uint32_t t = res->tier ? res->tier->name_index : (uint32_t)(r->ntier_names - 1);
            ev_add_winner(ev, &a->won[cat->index * r->ntier_names + t], res->id, res->id_len);
        }
    }
    return res;
}
