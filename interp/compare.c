/* compare.c -- two results of each application, paired, explained and
 * counted (see compare.h).
 *
 * Everything a comparison keeps is set up from the two rule files in
 * compare_new: the matrices, the map from each side's categories to them,
 * the buffers of one change.  Per application the work is a few compares
 * when nothing changed; the reasons are worked out only for an application
 * that did change. */
#include <string.h>

#include "compare.h"
#include "mem.h"

/* An agency-level result kept until both sides have given theirs. */
typedef struct AgencyPair {
    const char *code;          /* in the arena */
    size_t len;
    uint64_t hash;
    size_t matrix;             /* the category's matrix */
    CmpOutcome side[2];        /* failed lists copied into the arena */
} AgencyPair;

struct Compare {
    const Rules *r[2];
    CmpMatrix *m;              /* categories, then "no category" */
    size_t nm;
    size_t *key[2];            /* side s: CategoryDecl.index -> matrix */
    CmpCounts counts;
    CmpChange ch;              /* the change being reported */
    CmpCond *fail, *hold;      /* its buffers, sized by the rules */
    CmpPoints *points;
    const TierEntry *moved[2][2];
    size_t *seen;              /* scratch: OLD's points by name, see why_points */
    Arena arena;               /* labels; kept agency results */
    AgencyPair *pairs;         /* in the order first given */
    size_t npairs, cappairs;
    uint32_t *slots;           /* open addressing: index+1 into pairs, 0 empty */
    size_t nslots;
};

/* ---- set-up ---- */

/* The label index of `name` in m, adding it when absent (set_labels sized
 * m->tiers for every label there can be). */
static uint32_t label(CmpMatrix *m, const char *name)
{
    for (size_t i = 0; i < m->ntiers; i++)
        if (strcmp(m->tiers[i], name) == 0)
            return (uint32_t)i;
    m->tiers[m->ntiers] = name;
    return (uint32_t)m->ntiers++;
}

/* Labels of matrix m: the tiers of each side's category, then the results
 * the evaluator gives by itself. */
static void set_labels(Compare *c, CmpMatrix *m)
{
    size_t cap = 4;
    for (int s = 0; s < 2; s++)
        if (m->cat[s] && m->cat[s]->tiers)
            cap += m->cat[s]->tiers->nentries;
    m->tiers = arena_alloc(&c->arena, sizeof *m->tiers * (cap + 1));
    for (int s = 0; s < 2; s++) {
        const Rules *r = c->r[s];
        m->map[s] = arena_alloc(&c->arena, sizeof *m->map[s] * (r->ntier_names + 1));
        const CategoryDecl *cat = m->cat[s];
        if (!cat || !cat->tiers)
            continue;
        for (size_t e = 0; e < cat->tiers->nentries; e++) {
            const TierEntry *t = &cat->tiers->entries[e];
            m->map[s][t->name_index] = label(m, t->id);
        }
    }
    bool unscored = false;
    for (int s = 0; s < 2; s++)
        unscored |= m->cat[s] && !m->cat[s]->score;
    m->awarded = unscored ? label(m, "awarded") : UINT32_MAX;
    m->ineligible = m->id ? label(m, "ineligible") : UINT32_MAX;
    m->error = label(m, "error");
    m->tiers[m->ntiers] = "(none)";
    size_t n = m->ntiers + 1;
    m->count = mem_calloc(n * n, sizeof *m->count);
}

static bool has_category(const Rules *r, const char *id)
{
    for (size_t i = 0; i < r->ncategories; i++)
        if (strcmp(r->categories[i]->id, id) == 0)
            return true;
    return false;
}

Compare *compare_new(const Rules *old_rules, const Rules *new_rules)
{
    Compare *c = mem_calloc(1, sizeof *c);
    c->r[CMP_OLD] = old_rules;
    c->r[CMP_NEW] = new_rules;
    arena_init(&c->arena, 4096);
    size_t most = old_rules->ncategories + new_rules->ncategories + 1;
    c->m = mem_calloc(most, sizeof *c->m);
    for (int s = 0; s < 2; s++) {
        const Rules *r = c->r[s];
        c->key[s] = mem_calloc(r->ncategories + 1, sizeof *c->key[s]);
        for (size_t i = 0; i < r->ncategories; i++) {
            const CategoryDecl *cat = r->categories[i];
            size_t k = 0;
            while (k < c->nm && strcmp(c->m[k].id, cat->id) != 0)
                k++;
            /* A category renamed in NEW is the same category: the same
             * number, its OLD id gone from NEW and its NEW id new (as
             * `award diff` pairs them). */
            if (k == c->nm && s == CMP_NEW)
                for (size_t j = 0; j < c->nm; j++) {
                    const CategoryDecl *o = c->m[j].cat[CMP_OLD];
                    if (o && !c->m[j].cat[CMP_NEW] && o->number == cat->number && !has_category(new_rules, o->id)) {
                        k = j;
                        c->m[j].id = cat->id;
                        break;
                    }
                }
            if (k == c->nm)
                c->m[c->nm++].id = cat->id;
            c->m[k].cat[s] = cat;
            c->key[s][cat->index] = k;
        }
    }
    c->nm++; /* the last: applications that named no category (id NULL) */
    for (size_t k = 0; k < c->nm; k++)
        set_labels(c, &c->m[k]);

    size_t nreq[2] = { 1, 1 };
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < c->r[s]->ncategories; i++)
            if (c->r[s]->categories[i]->nrequires > nreq[s])
                nreq[s] = c->r[s]->categories[i]->nrequires;
    c->fail = mem_calloc(nreq[CMP_NEW], sizeof *c->fail);
    c->hold = mem_calloc(nreq[CMP_OLD], sizeof *c->hold);
    c->points = mem_calloc(old_rules->nnodes + new_rules->nnodes + 1, sizeof *c->points);
    c->seen = mem_calloc(old_rules->nnodes + 1, sizeof *c->seen);
    return c;
}

void compare_free(Compare *c)
{
    if (!c)
        return;
    for (size_t k = 0; k < c->nm; k++)
        mem_free(c->m[k].count);
    mem_free(c->m);
    mem_free(c->key[0]);
    mem_free(c->key[1]);
    mem_free(c->fail);
    mem_free(c->hold);
    mem_free(c->points);
    mem_free(c->seen);
    mem_free(c->pairs);
    mem_free(c->slots);
    arena_free(&c->arena);
    mem_free(c);
}

size_t compare_nmatrices(const Compare *c) { return c->nm; }
const CmpMatrix *compare_matrix(const Compare *c, size_t i) { return i < c->nm ? &c->m[i] : NULL; }
CmpCounts compare_counts(const Compare *c) { return c->counts; }

uint64_t compare_row_total(const CmpMatrix *m, size_t t)
{
    uint64_t n = 0;
    for (size_t j = 0; j <= m->ntiers; j++)
        n += m->count[t * (m->ntiers + 1) + j];
    return n;
}

uint64_t compare_col_total(const CmpMatrix *m, size_t t)
{
    uint64_t n = 0;
    for (size_t i = 0; i <= m->ntiers; i++)
        n += m->count[i * (m->ntiers + 1) + t];
    return n;
}

/* ---- one result ---- */

static CmpOutcome outcome(const AppResult *res)
{
    return (CmpOutcome){ .present = true, .cat = res->cat, .error = res->error, .message = res->message,
                         .eligible = res->eligible, .scored = res->scored, .total = res->total,
                         .tier_id = res->tier_id, .tier = res->tier, .failed = res->failed,
                         .nfailed = res->error ? 0 : res->nfailed };
}

/* The matrix a side's outcome counts in. */
static size_t matrix_of(const Compare *c, int s, const CmpOutcome *o)
{
    return o->cat ? c->key[s][o->cat->index] : c->nm - 1;
}

/* The label of a side's outcome in matrix m. */
static size_t label_of(const CmpMatrix *m, int s, const CmpOutcome *o)
{
    if (!o->present)
        return m->ntiers;
    if (o->error)
        return m->error;
    if (!o->eligible)
        return m->ineligible;
    if (o->tier)
        return m->map[s][o->tier->name_index];
    return m->awarded;
}

/* Count a pair of outcomes: in one matrix when the category is the same,
 * else in each side's, against "(none)". */
static void count(Compare *c, const CmpOutcome *o, const CmpOutcome *n)
{
    size_t ko = o->present ? matrix_of(c, CMP_OLD, o) : SIZE_MAX;
    size_t kn = n->present ? matrix_of(c, CMP_NEW, n) : SIZE_MAX;
    if (ko == kn || kn == SIZE_MAX || ko == SIZE_MAX) {
        CmpMatrix *m = &c->m[ko != SIZE_MAX ? ko : kn];
        m->count[label_of(m, CMP_OLD, o) * (m->ntiers + 1) + label_of(m, CMP_NEW, n)]++;
        return;
    }
    CmpMatrix *mo = &c->m[ko], *mn = &c->m[kn];
    mo->count[label_of(mo, CMP_OLD, o) * (mo->ntiers + 1) + mo->ntiers]++;
    mn->count[mn->ntiers * (mn->ntiers + 1) + label_of(mn, CMP_NEW, n)]++;
}

/* The same category on both sides: the same id, or renamed (one matrix). */
static bool same_category(const Compare *c, const CmpOutcome *o, const CmpOutcome *n)
{
    if (!o->present || !n->present)
        return o->present == n->present;
    if (!o->cat || !n->cat)
        return o->cat == n->cat;
    return matrix_of(c, CMP_OLD, o) == matrix_of(c, CMP_NEW, n);
}

static unsigned what_changed(const Compare *c, const CmpOutcome *o, const CmpOutcome *n)
{
    unsigned what = 0;
    if (o->present != n->present)
        return CMP_PRESENT;
    if (!same_category(c, o, n))
        what |= CMP_CATEGORY;
    if (o->error != n->error)
        what |= CMP_ERROR;
    if (o->eligible != n->eligible)
        what |= CMP_ELIGIBLE;
    if (o->scored != n->scored || (o->scored && dec_cmp(o->total, n->total) != 0))
        what |= CMP_TOTAL;
    if (strcmp(o->tier_id, n->tier_id) != 0)
        what |= CMP_TIER;
    return what;
}

/* Whether two conditions of the two files are the same condition: written
 * at the same place of the same file (a later year's file inherits it,
 * whatever it renamed around it), or with the same handle, or else the
 * same message, or else the same text.  `a` is OLD's, `b` NEW's. */
static bool same_condition(const Compare *c, const Require *a, const Require *b)
{
    const Source *sa = rules_source(c->r[CMP_OLD], a->span), *sb = rules_source(c->r[CMP_NEW], b->span);
    if (sa && sb && a->span.start == b->span.start && a->span.end == b->span.end &&
        strcmp(diag_source_name(sa), diag_source_name(sb)) == 0)
        return true;
    if (a->name && b->name && strcmp(a->name, b->name) == 0)
        return true;
    if (a->message && b->message)
        return strcmp(a->message, b->message) == 0;
    return !a->message && !b->message && a->source && b->source && strcmp(a->source, b->source) == 0;
}

/* Whether q (of side `side`) is among the conditions of the other side. */
static bool among(const Compare *c, int side, const Require *q, const Require *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (side == CMP_OLD ? same_condition(c, q, list[i]) : same_condition(c, list[i], q))
            return true;
    return false;
}

static bool in_category(const Compare *c, int side, const Require *q, const CategoryDecl *cat)
{
    for (size_t i = 0; i < cat->nrequires; i++)
        if (side == CMP_OLD ? same_condition(c, q, &cat->requires[i]) : same_condition(c, &cat->requires[i], q))
            return true;
    return false;
}

/* Conditions that fail under NEW and did not under OLD, and the reverse. */
static void why_conditions(Compare *c, const CmpOutcome *o, const CmpOutcome *n)
{
    CmpChange *ch = &c->ch;
    for (size_t i = 0; i < n->nfailed; i++)
        if (!among(c, CMP_NEW, n->failed[i], o->failed, o->nfailed))
            c->fail[ch->nnow_fail++] = (CmpCond){ n->failed[i], !in_category(c, CMP_NEW, n->failed[i], o->cat) };
    for (size_t i = 0; i < o->nfailed; i++)
        if (!among(c, CMP_OLD, o->failed[i], n->failed, n->nfailed))
            c->hold[ch->nnow_hold++] = (CmpCond){ o->failed[i], !in_category(c, CMP_OLD, o->failed[i], n->cat) };
    ch->now_fail = c->fail;
    ch->now_hold = c->hold;
}

/* Score items whose points differ, by report column name (as `award eval`
 * shows them): NEW's items in their order, then OLD's that NEW has not. */
static void why_points(Compare *c, const AppResult *o, const AppResult *n)
{
    const Rules *ro = c->r[CMP_OLD], *rn = c->r[CMP_NEW];
    CmpChange *ch = &c->ch;
    size_t nseen = 0;
    for (size_t i = 0; i < ro->nnodes; i++)
        if (o->has_points[i] && ro->nodes[i]->parent)
            c->seen[nseen++] = i;
    for (size_t j = 0; j < rn->nnodes; j++) {
        if (!n->has_points[j] || !rn->nodes[j]->parent)
            continue;
        const char *name = rn->columns[rn->nodes[j]->column];
        CmpPoints p = { .name = name, .node[CMP_NEW] = rn->nodes[j], .points[CMP_NEW] = n->points[j] };
        for (size_t k = 0; k < nseen; k++) {
            size_t i = c->seen[k];
            if (i != SIZE_MAX && strcmp(ro->columns[ro->nodes[i]->column], name) == 0) {
                p.node[CMP_OLD] = ro->nodes[i];
                p.points[CMP_OLD] = o->points[i];
                c->seen[k] = SIZE_MAX; /* a name that comes twice pairs in order */
                break;
            }
        }
        if (!p.node[CMP_OLD] || dec_cmp(p.points[CMP_OLD], p.points[CMP_NEW]) != 0)
            c->points[ch->npoints++] = p;
    }
    for (size_t k = 0; k < nseen; k++) {
        size_t i = c->seen[k];
        if (i != SIZE_MAX)
            c->points[ch->npoints++] = (CmpPoints){ .name = ro->columns[ro->nodes[i]->column],
                                                    .node[CMP_OLD] = ro->nodes[i],
                                                    .points[CMP_OLD] = o->points[i] };
    }
    ch->points = c->points;
}

static const TierEntry *entry_named(const TierDecl *t, const char *id)
{
    for (size_t i = 0; t && i < t->nentries; i++)
        if (strcmp(t->entries[i].id, id) == 0)
            return &t->entries[i];
    return NULL;
}

static bool same_rule(const TierEntry *a, const TierEntry *b)
{
    return a->rule == b->rule && (a->rule == TIER_OTHERWISE || dec_cmp(a->lo, b->lo) == 0) &&
           (a->rule != TIER_RANGE || dec_cmp(a->hi, b->hi) == 0);
}

/* The tiers the application got, on either side, whose rule differs
 * between the two tier tables. */
static void why_tiers(Compare *c, const CmpOutcome *o, const CmpOutcome *n)
{
    CmpChange *ch = &c->ch;
    const char *ids[2] = { o->tier->id, n->tier->id };
    for (int k = 0; k < 2; k++) {
        if (k == 1 && strcmp(ids[0], ids[1]) == 0)
            break;
        const TierEntry *a = entry_named(o->cat->tiers, ids[k]);
        const TierEntry *b = entry_named(n->cat->tiers, ids[k]);
        if (a && b && same_rule(a, b))
            continue;
        c->moved[CMP_OLD][ch->nmoved] = a;
        c->moved[CMP_NEW][ch->nmoved] = b;
        ch->nmoved++;
    }
    ch->moved_old = c->moved[CMP_OLD];
    ch->moved_new = c->moved[CMP_NEW];
}

/* Start the change of a pair of outcomes; false when nothing changed. */
static bool start_change(Compare *c, const CmpOutcome *o, const CmpOutcome *n)
{
    CmpChange *ch = &c->ch;
    *ch = (CmpChange){ .side = { *o, *n }, .what = what_changed(c, o, n) };
    if (!ch->what)
        return false;
    if (o->present && n->present && !o->error && !n->error && o->cat && same_category(c, o, n))
        why_conditions(c, o, n);
    return true;
}

const CmpChange *compare_app(Compare *c, const AppResult *old_res, const AppResult *new_res)
{
    CmpOutcome o = outcome(old_res), n = outcome(new_res);
    count(c, &o, &n);
    c->counts.apps++;
    if (!start_change(c, &o, &n))
        return NULL;
    c->counts.apps_changed++;
    CmpChange *ch = &c->ch;
    ch->id = new_res->id;
    ch->id_len = new_res->id_len;
    ch->source = new_res->source;
    ch->line = new_res->line;
    if (o.scored && n.scored && same_category(c, &o, &n))
        why_points(c, old_res, new_res);
    /* A threshold explains a change of tier, not of total alone. */
    if (o.tier && n.tier && (ch->what & CMP_TIER) && same_category(c, &o, &n))
        why_tiers(c, &o, &n);
    return ch;
}

/* ---- agency-level results ---- */

static uint64_t hash_pair(const char *s, size_t len, size_t matrix)
{
    uint64_t h = 1469598103934665603u ^ matrix;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static void slots_grow(Compare *c)
{
    size_t n = c->nslots ? c->nslots * 2 : 256;
    uint32_t *slots = mem_calloc(n, sizeof *slots);
    for (size_t i = 0; i < c->npairs; i++) {
        size_t at = c->pairs[i].hash & (n - 1);
        while (slots[at])
            at = (at + 1) & (n - 1);
        slots[at] = (uint32_t)(i + 1);
    }
    mem_free(c->slots);
    c->slots = slots;
    c->nslots = n;
}

void compare_agency(Compare *c, int side, const AppResult *res)
{
    CmpOutcome o = outcome(res);
    size_t matrix = matrix_of(c, side, &o);
    uint64_t h = hash_pair(res->id, res->id_len, matrix);
    if ((c->npairs + 1) * 2 > c->nslots)
        slots_grow(c);
    size_t at = h & (c->nslots - 1);
    for (; c->slots[at]; at = (at + 1) & (c->nslots - 1)) {
        AgencyPair *p = &c->pairs[c->slots[at] - 1];
        if (p->hash == h && p->matrix == matrix && p->len == res->id_len && memcmp(p->code, res->id, p->len) == 0)
            break;
    }
    if (!c->slots[at]) {
        AgencyPair *grown = mem_grow(c->pairs, &c->cappairs, c->npairs + 1, sizeof *c->pairs);
        if (!grown)
            return; /* mem_grow said why; the pair is not counted */
        c->pairs = grown;
        c->pairs[c->npairs] = (AgencyPair){ .code = arena_strndup(&c->arena, res->id, res->id_len),
                                            .len = res->id_len, .hash = h, .matrix = matrix };
        c->slots[at] = (uint32_t)++c->npairs;
    }
    AgencyPair *p = &c->pairs[c->slots[at] - 1];
    const Require **failed = arena_alloc(&c->arena, sizeof *failed * (o.nfailed + 1));
    for (size_t i = 0; i < o.nfailed; i++)
        failed[i] = o.failed[i];
    o.failed = failed;
    p->side[side] = o;
}

size_t compare_agencies(Compare *c, CmpChangeFn fn, void *ctx)
{
    size_t changed = 0;
    for (size_t i = 0; i < c->npairs; i++) {
        AgencyPair *p = &c->pairs[i];
        count(c, &p->side[CMP_OLD], &p->side[CMP_NEW]);
        c->counts.agency_rows++;
        if (!start_change(c, &p->side[CMP_OLD], &p->side[CMP_NEW]))
            continue;
        CmpChange *ch = &c->ch;
        ch->id = p->code;
        ch->id_len = p->len;
        ch->agency_row = true;
        changed++;
        c->counts.agency_changed++;
        fn(ctx, ch);
    }
    return changed;
}
