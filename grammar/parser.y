/* parser.y -- the grammar of award rule files.
 *
 * A pure (reentrant) bison parser that builds the tree of ast.h.  Every node
 * lives in the Rules arena, so a parse that fails frees its partial tree with
 * the arena: no %destructor is needed, and none can be forgotten.
 *
 * Items (an input, a let, a require, a score node, a tier ...) end at a
 * newline; parse_lex below drops the newlines that cannot end one, so a long
 * condition can go on over several lines.  Error recovery happens at item
 * level: a broken item is skipped up to its newline and parsing goes on, so
 * one run reports every mistake in the file. */

%require "3.8"
%define api.pure full
%define api.location.type {Span}
%define parse.error custom
%locations
%param {ParseCtx *pc}
%expect 0

%code requires {
#include "ast.h"
#include "parse_ctx.h"

typedef struct NodeOpts {
    unsigned given;      /* GIVE_CAPPED, GIVE_ROUND: what was written */
    bool capped;
    bool has_round;
    int round_places;
    DecRound round_mode;
    Span round_span;
} NodeOpts;

typedef struct RangeSpec {
    Expr *lo, *hi;
    bool lo_strict, hi_strict;
} RangeSpec;

/* What may follow a changed score item: a new value, or changes inside it. */
typedef struct NodeTail {
    Expr *expr;
    PtrVec *kids;
} NodeTail;
}

%code provides {
/* The token filter (lex_filter.c) gives the parser its tokens. */
int yylex(YYSTYPE *lval, Span *lloc, ParseCtx *pc);
void yyerror(Span *lloc, ParseCtx *pc, const char *msg);
/* A token's name as the grammar writes it: "require", "'}'", "<=". */
const char *parse_token_name(int tok);
}

%code {
#include <stdio.h>
#include <string.h>

#include "syntax_error.h"

#define YYMALLOC mem_alloc
#define YYFREE mem_free

#define YYLLOC_DEFAULT(Cur, Rhs, N)                        \
    do {                                                   \
        if (N) {                                           \
            (Cur).start = YYRHSLOC(Rhs, 1).start;          \
            (Cur).end = YYRHSLOC(Rhs, N).end;              \
            (Cur).file = YYRHSLOC(Rhs, 1).file;            \
        } else {                                           \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;\
            (Cur).file = YYRHSLOC(Rhs, 0).file;            \
        }                                                  \
    } while (0)

static Arena *A(ParseCtx *pc) { return &pc->rules->arena; }
static PtrVec *vec_new(ParseCtx *pc) { return arena_alloc(A(pc), sizeof(PtrVec)); }
static void *vec_push(ParseCtx *pc, PtrVec *v, void *item)
{
    ptrvec_push(A(pc), v, item);
    return v;
}
static bool small_int(Dec d, int lo, int hi, int *out);
static int round_places(ParseCtx *pc, Dec d, Span at);
static ScoreNode *node_new(ParseCtx *pc, NodeTag tag, const char *name, const char *label, Span at);
static void node_set_opts(ScoreNode *n, NodeOpts o);
static void node_set_kids(ParseCtx *pc, ScoreNode *n, PtrVec *kids);
static Expr *call_new(ParseCtx *pc, const char *fname, PtrVec *args, Span at);
static Change *change_new(ParseCtx *pc, ChangeVerb verb, ChangeWhat what, const char *name, Span name_at,
                          Span at, void *item);
static char *kw_name(ParseCtx *pc, Span at);
static void change_push(ParseCtx *pc, Change *c);
static InputDecl *input_new(ParseCtx *pc, const char *name, Span at, Span kind_at, Kind *kind, bool optional,
                            RangeSpec range, const char *label);
static Require *require_new(ParseCtx *pc, const char *name, Span name_at, Expr *cond, Span cond_at,
                            const char *message, Span message_at);
static void stage_new(ParseCtx *pc, const char *id, Span at, const char *label, const char *stop,
                      Span stop_at, const char *stop_label);
}

%union {
    Dec num;
    char *str;
    bool boolean;
    int32_t date;
    DecRound mode;
    Expr *expr;
    PtrVec *vec;
    Kind *kind;
    ScoreNode *node;
    TierEntry *tier;
    Require *req;
    NodeOpts opts;
    RangeSpec range;
    Change *change;
    LetDecl *let;
    ScoreDecl *score;
    TierDecl *tiers;
    CategoryDecl *cat;
    InputDecl *input;
    NodeTail tail;
}

%token END 0 "end of file"
%token NEWLINE "end of line"
%token AWARD "award" YEAR "year" PRECISION "precision" INPUT "input"
%token OPTIONAL "optional" TEXT "text" BOOL "bool" INTEGER "integer"
%token DECIMAL "decimal" DATE "date" CATEGORY "category" ONE "one" OF "of"
%token LIST "list" LET "let" SCORE "score" OUT "out" CAPPED "capped"
%token ROUND "round" WEIGHT "weight" BONUS "bonus" WHEN "when"
%token TIERS "tiers" ON "on" AT "at" LEAST "least" FROM "from" TO "to"
%token OTHERWISE "otherwise" NOTE "note" REQUIRE "require" SCORED "scored"
%token BY "by" PER "per" AND "and" OR "or" NOT "not" IN "in"
%token ALL "all" ANY "any" DOTDOT ".." LE "<=" GE ">=" NE "!="
/* Soft words: the token filter (parse_lex) makes them of a name only where
 * they mean something (see soft_word), so a field may still be called
 * `add` or `change`. */
%token EXTENDS "extends" ADD "add" CHANGE "change" REMOVE "remove" RENAME "rename" KEEP "keep"
%token STAGES "stages" STAGE "stage" CONDITIONS "conditions"
%token <str> IDENT "name" STRING "text in quotes"
%token <num> NUMBER "number"
%token <boolean> BOOLEAN "true or false"
%token <date> DATE_LIT "date value"
%token <mode> MODE "rounding mode"

%type <str> opt_label name
%type <expr> expr sum_expr primary range_lo
%type <vec> args opt_args ident_list enum_order
%type <kind> kind base_kind enum_kind enum_base
%type <range> opt_range
%type <node> node_item
%type <vec> node_items node_seq
%type <tier> tier_item
%type <vec> tier_items tier_seq
%type <req> cat_require
%type <opts> node_opts
%type <boolean> opt_per
%type <input> input_decl
%type <let> let_decl
%type <score> score_decl
%type <tiers> tiers_decl
%type <cat> category_decl
%type <change> change_item input_change node_change tier_change cat_change
%type <vec> node_changes node_change_seq tier_changes tier_change_seq cat_changes cat_change_seq opt_cat_changes
%type <vec> stage_changes
%type <vec> opt_node_changes
%type <tail> node_tail
%type <str> opt_note

%precedence QUANT   /* the condition after `all x in xs:` reaches as far as it can */
%left OR
%left AND
%precedence NOT
%nonassoc '=' NE '<' LE '>' GE IN
%nonassoc DOTDOT
%left '+' '-'
%left '*' '/'
%precedence UMINUS

%%

file
    : award_decl
    | error               { /* reported; nothing more to salvage */ }
    ;

award_decl
    : award_head '{' award_items '}'   { pc->rf->complete = true; }
    ;

award_head
    : AWARD IDENT opt_label
        {
            pc->rf->name = $2;
            pc->rf->title = $3;
            pc->rf->name_span = @2;
            pc->rf->title_span = @3;
        }
    | AWARD IDENT opt_label EXTENDS STRING
        {
            pc->rf->name = $2;
            pc->rf->title = $3;
            pc->rf->name_span = @2;
            pc->rf->title_span = @3;
            pc->rf->extends = $5;
            pc->rf->extends_span = @5;
        }
    ;

award_items
    : %empty
    | award_seq
    ;

award_seq
    : award_item
    | award_seq NEWLINE award_item
    | award_seq error      /* junk after a complete item */
    ;

award_item
    : YEAR NUMBER IDENT
        {
            RuleFile *f = pc->rf;
            int64_t y = 0;
            if (!dec_to_int($2, &y) || y < 1 || y > 9999)
                diag_error(pc->diags, pc->src, @2, "the award year must be a whole number from 1 to 9999");
            if (f->has_year) {
                diag_error(pc->diags, pc->src, @$, "the award year is given twice");
                diag_note(pc->diags, pc->src, f->year_span, "first given here");
            }
            f->has_year = true;
            f->year = y;
            f->year_span = @$;
            if (strcmp($3, "BE") == 0 || strcmp($3, "CE") == 0)
                f->year_ce = strcmp($3, "CE") == 0;
            else
                diag_error(pc->diags, pc->src, @3,
                           "expected `BE` (Buddhist Era) or `CE` (Common Era) after the year, found `%s`", $3);
        }
    | PRECISION NUMBER
        {
            int places;
            if (!small_int($2, 0, 6, &places))
                diag_error(pc->diags, pc->src, @2, "the precision must be a whole number from %d to %d", 0, 6);
            pc->rf->precision = places;
            pc->rf->has_precision = true;
            pc->rf->precision_span = @$;
        }
    | INPUT '{' input_items '}'
    | let_decl                 { vec_push(pc, &pc->rf->lets, $1); }
    | score_decl               { vec_push(pc, &pc->rf->scores, $1); }
    | tiers_decl               { vec_push(pc, &pc->rf->tiers, $1); }
    | category_decl            { vec_push(pc, &pc->rf->categories, $1); }
    | change_item              { change_push(pc, $1); }
    | STAGES '{' stage_items '}'
        {
            if (pc->rf->stages_span.end) {
                diag_error(pc->diags, pc->src, @1, "the stages are declared twice");
                diag_note(pc->diags, pc->src, pc->rf->stages_span, "first declared here");
            }
            pc->rf->stages_span = @1;
        }
    | CONDITIONS name opt_label '{' group_items '}'
        {
            CondGroup *g = arena_alloc(A(pc), sizeof *g);
            g->name = $2;
            g->label = $3;
            g->span = @2;
            g->nrequires = pc->group_requires.count;
            g->requires = arena_alloc(A(pc), sizeof(Require) * (g->nrequires + 1));
            for (size_t i = 0; i < g->nrequires; i++)
                g->requires[i] = *(Require *)pc->group_requires.items[i];
            pc->group_requires = (PtrVec){ 0 };
            vec_push(pc, &pc->rf->groups, g);
        }
    | error
    ;

/* ---- stages of assessment, and groups of conditions ---- */

stage_items
    : %empty
    | stage_seq
    ;

stage_seq
    : stage_item
    | stage_seq NEWLINE stage_item
    | stage_seq error
    ;

stage_item
    : name opt_label           { stage_new(pc, $1, @1, $2, NULL, (Span){ 0 }, NULL); }
    | name opt_label OTHERWISE name opt_label
                               { stage_new(pc, $1, @1, $2, $4, @4, $5); }
    | name opt_label stage_block
                               { stage_new(pc, $1, @1, $2, NULL, (Span){ 0 }, NULL); }
    | name opt_label OTHERWISE name opt_label stage_block
                               { stage_new(pc, $1, @1, $2, $4, @4, $5); }
    | error
    ;

/* What every category requires at a stage, in the stage's declaration. */
stage_block
    : '{'
        {
            pc->group_requires = (PtrVec){ 0 };
        }
      group_items '}'
    ;

group_items
    : %empty
    | group_seq
    ;

group_seq
    : group_item
    | group_seq NEWLINE group_item
    | group_seq error
    ;

group_item
    : cat_require              { vec_push(pc, &pc->group_requires, $1); }
    | error
    ;

/* ---- the changes of a file that extends another ---- */

change_item
    : ADD let_decl             { $$ = change_new(pc, VERB_ADD, CH_LET, $2->name, $2->span, @1, $2); }
    | CHANGE let_decl          { $$ = change_new(pc, VERB_CHANGE, CH_LET, $2->name, $2->span, @1, $2); }
    | REMOVE LET name          { $$ = change_new(pc, VERB_REMOVE, CH_LET, $3, @3, @1, NULL); }
    | ADD score_decl           { $$ = change_new(pc, VERB_ADD, CH_SCORE, $2->name, $2->span, @1, $2); }
    | REMOVE SCORE IDENT       { $$ = change_new(pc, VERB_REMOVE, CH_SCORE, $3, @3, @1, NULL); }
    | CHANGE SCORE IDENT opt_label node_opts opt_node_changes
        {
            ScoreNode *n = node_new(pc, NODE_GROUP, $3, $4, @3);
            node_set_opts(n, $5);
            $$ = change_new(pc, VERB_CHANGE, CH_SCORE, $3, @3, @1, n);
            $$->given = ($4 ? GIVE_LABEL : 0) | $5.given;
            if ($6)
                $$->kids = *$6;
        }
    | CHANGE SCORE IDENT opt_label OUT OF NUMBER node_opts opt_node_changes
        {
            ScoreNode *n = node_new(pc, NODE_GROUP, $3, $4, @3);
            n->out_of = $7;
            n->has_out_of = true;
            node_set_opts(n, $8);
            $$ = change_new(pc, VERB_CHANGE, CH_SCORE, $3, @3, @1, n);
            $$->given = ($4 ? GIVE_LABEL : 0) | GIVE_OUT_OF | $8.given;
            if ($9)
                $$->kids = *$9;
        }
    | ADD tiers_decl           { $$ = change_new(pc, VERB_ADD, CH_TIERS, $2->name, $2->span, @1, $2); }
    | REMOVE TIERS IDENT       { $$ = change_new(pc, VERB_REMOVE, CH_TIERS, $3, @3, @1, NULL); }
    | CHANGE TIERS IDENT opt_label '{' tier_changes '}'
        {
            TierDecl *t = arena_alloc(A(pc), sizeof *t);
            t->name = $3;
            t->label = $4;
            t->span = @3;
            $$ = change_new(pc, VERB_CHANGE, CH_TIERS, $3, @3, @1, t);
            $$->given = $4 ? GIVE_LABEL : 0;
            $$->kids = *$6;
        }
    | ADD category_decl        { $$ = change_new(pc, VERB_ADD, CH_CATEGORY, $2->id, $2->span, @1, $2); }
    | REMOVE CATEGORY IDENT    { $$ = change_new(pc, VERB_REMOVE, CH_CATEGORY, $3, @3, @1, NULL); }
    | RENAME CATEGORY IDENT TO IDENT
        {
            $$ = change_new(pc, VERB_RENAME, CH_CATEGORY, $3, @3, @1, NULL);
            $$->new_name = $5;
            $$->new_name_span = @5;
        }
    | CHANGE CATEGORY IDENT opt_label opt_cat_changes
        {
            CategoryDecl *c = arena_alloc(A(pc), sizeof *c);
            c->id = $3;
            c->span = @3;
            c->title = $4;
            $$ = change_new(pc, VERB_CHANGE, CH_CATEGORY, $3, @3, @1, c);
            $$->given = $4 ? GIVE_LABEL : 0;
            if ($5)
                $$->kids = *$5;
        }
    ;

let_decl
    : LET name '=' expr
        {
            LetDecl *l = arena_alloc(A(pc), sizeof *l);
            l->name = $2;
            l->span = @2;
            l->expr = $4;
            $$ = l;
        }
    ;

score_decl
    : SCORE IDENT opt_label OUT OF NUMBER node_opts '{' node_items '}'
        {
            ScoreDecl *s = arena_alloc(A(pc), sizeof *s);
            s->name = $2;
            s->span = @2;
            ScoreNode *root = node_new(pc, NODE_GROUP, $2, $3, @2);
            root->out_of = $6;
            root->has_out_of = true;
            node_set_opts(root, $7);
            node_set_kids(pc, root, $9);
            s->root = root;
            $$ = s;
        }
    ;

tiers_decl
    : TIERS IDENT opt_label ON ident_list '{' tier_items '}'
        {
            TierDecl *t = arena_alloc(A(pc), sizeof *t);
            t->name = $2;
            t->label = $3;
            t->span = @2;
            t->on = (const char **)$5->items;
            t->non = $5->count;
            t->on_span = @5;
            t->nentries = $7->count;
            t->entries = arena_alloc(A(pc), sizeof(TierEntry) * (t->nentries + 1));
            for (size_t i = 0; i < t->nentries; i++)
                t->entries[i] = *(TierEntry *)$7->items[i];
            $$ = t;
        }
    ;

category_decl
    : CATEGORY NUMBER IDENT opt_label opt_per '{' cat_items '}'
        {
            CategoryDecl *c = arena_alloc(A(pc), sizeof *c);
            int64_t n = 0;
            if (!dec_to_int($2, &n) || n < 0 || n > 999999)
                diag_error(pc->diags, pc->src, @2, "a category number must be a whole number from 0 to 999999");
            c->number = n;
            c->number_span = @2;
            c->id = $3;
            c->span = @3;
            c->title = $4;
            c->per_agency = $5;
            c->requires = pc->cat_requires.count ? arena_alloc(A(pc), sizeof(Require) * pc->cat_requires.count) : NULL;
            c->nrequires = pc->cat_requires.count;
            for (size_t i = 0; i < c->nrequires; i++)
                c->requires[i] = *(Require *)pc->cat_requires.items[i];
            c->score_name = pc->cat_score;
            c->score_span = pc->cat_score_span;
            c->tiers_name = pc->cat_tiers;
            c->tiers_span = pc->cat_tiers_span;
            pc->cat_requires = (PtrVec){0};
            pc->cat_score = pc->cat_tiers = NULL;
            $$ = c;
        }
    ;

opt_label
    : %empty              { $$ = NULL; }
    | STRING              { $$ = $1; }
    ;

opt_per
    : %empty              { $$ = false; }
    | PER IDENT
        {
            if (strcmp($2, "agency") != 0)
                diag_error(pc->diags, pc->src, @2, "expected `per agency`, found `per %s`", $2);
            $$ = true;
        }
    ;

/* A name: a word of the language that means something only in its own
 * place is a name everywhere else, so a field may be called `text`, `date`
 * or `weight` (see lex_filter.c for the line breaks around them). */
name
    : IDENT
    | TEXT                     { $$ = kw_name(pc, @1); }
    | BOOL                     { $$ = kw_name(pc, @1); }
    | INTEGER                  { $$ = kw_name(pc, @1); }
    | DECIMAL                  { $$ = kw_name(pc, @1); }
    | DATE                     { $$ = kw_name(pc, @1); }
    | LIST                     { $$ = kw_name(pc, @1); }
    | ONE                      { $$ = kw_name(pc, @1); }
    | OF                       { $$ = kw_name(pc, @1); }
    | OPTIONAL                 { $$ = kw_name(pc, @1); }
    | OUT                      { $$ = kw_name(pc, @1); }
    | CAPPED                   { $$ = kw_name(pc, @1); }
    | WEIGHT                   { $$ = kw_name(pc, @1); }
    | AT                       { $$ = kw_name(pc, @1); }
    | LEAST                    { $$ = kw_name(pc, @1); }
    | FROM                     { $$ = kw_name(pc, @1); }
    | TO                       { $$ = kw_name(pc, @1); }
    | OTHERWISE                { $$ = kw_name(pc, @1); }
    | BY                       { $$ = kw_name(pc, @1); }
    | PER                      { $$ = kw_name(pc, @1); }
    | ON                       { $$ = kw_name(pc, @1); }
    | NOTE                     { $$ = kw_name(pc, @1); }
    | WHEN                     { $$ = kw_name(pc, @1); }
    ;

/* ---- inputs ---- */

input_items
    : %empty
    | input_seq
    ;

input_seq
    : input_item
    | input_seq NEWLINE input_item
    | input_seq error
    ;

input_item
    : input_decl               { vec_push(pc, &pc->rf->inputs, $1); }
    | input_change             { change_push(pc, $1); }
    | error
    ;

/* A `one of` takes no range, so that `<` after its first name orders it. */
input_decl
    : name kind opt_range opt_label            { $$ = input_new(pc, $1, @1, @2, $2, false, $3, $4); }
    | name OPTIONAL kind opt_range opt_label   { $$ = input_new(pc, $1, @1, @3, $3, true, $4, $5); }
    | name enum_kind opt_label                 { $$ = input_new(pc, $1, @1, @2, $2, false, (RangeSpec){ 0 }, $3); }
    | name OPTIONAL enum_kind opt_label        { $$ = input_new(pc, $1, @1, @3, $3, true, (RangeSpec){ 0 }, $4); }
    ;

input_change
    : ADD input_decl           { $$ = change_new(pc, VERB_ADD, CH_INPUT, $2->name, $2->span, @1, $2); }
    | CHANGE input_decl        { $$ = change_new(pc, VERB_CHANGE, CH_INPUT, $2->name, $2->span, @1, $2); }
    | REMOVE name              { $$ = change_new(pc, VERB_REMOVE, CH_INPUT, $2, @2, @1, NULL); }
    ;

kind
    : base_kind
    | LIST OF base_kind
        {
            $$ = arena_alloc(A(pc), sizeof *$$);
            $$->tag = KIND_LIST;
            $$->elem = $3;
        }
    ;

base_kind
    : TEXT      { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_TEXT; }
    | BOOL      { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_BOOL; }
    | INTEGER   { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_INTEGER; }
    | DECIMAL   { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_DECIMAL; }
    | YEAR      { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_YEAR; }
    | DATE      { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_DATE; }
    | CATEGORY  { $$ = arena_alloc(A(pc), sizeof *$$); $$->tag = KIND_CATEGORY; }
    ;

/* `one of a, b, c`: a set of names; `one of a < b < c`: an ordered scale,
 * whose values compare with < <= > >= in the order written. */
enum_kind
    : enum_base
    | LIST OF enum_base
        {
            $$ = arena_alloc(A(pc), sizeof *$$);
            $$->tag = KIND_LIST;
            $$->elem = $3;
        }
    ;

enum_base
    : ONE OF ident_list
        {
            $$ = arena_alloc(A(pc), sizeof *$$);
            $$->tag = KIND_ENUM;
            $$->names = (const char *const *)$3->items;
            $$->nnames = $3->count;
        }
    | ONE OF enum_order
        {
            $$ = arena_alloc(A(pc), sizeof *$$);
            $$->tag = KIND_ENUM;
            $$->names = (const char *const *)$3->items;
            $$->nnames = $3->count;
            $$->ordered = true;
        }
    ;

enum_order
    : name '<' name            { $$ = vec_push(pc, vec_push(pc, vec_new(pc), $1), $3); }
    | enum_order '<' name      { $$ = vec_push(pc, $1, $3); }
    ;

ident_list
    : name                     { $$ = vec_push(pc, vec_new(pc), $1); }
    | ident_list ',' name      { $$ = vec_push(pc, $1, $3); }
    ;

opt_range
    : %empty                   { $$ = (RangeSpec){0}; }
    | range_lo TO sum_expr     { $$ = (RangeSpec){ .lo = $1, .hi = $3 }; }
    | GE sum_expr              { $$ = (RangeSpec){ .lo = $2 }; }
    | '>' sum_expr             { $$ = (RangeSpec){ .lo = $2, .lo_strict = true }; }
    | LE sum_expr              { $$ = (RangeSpec){ .hi = $2 }; }
    | '<' sum_expr             { $$ = (RangeSpec){ .hi = $2, .hi_strict = true }; }
    ;

/* A range's first bound cannot be a text, or `0 to 100 "label"` and a
 * label right after the kind would read alike. */
range_lo
    : NUMBER                   { $$ = ast_expr(pc, EX_NUMBER, @$); $$->v.num = $1; }
    | '-' NUMBER               { $$ = ast_expr(pc, EX_NUMBER, @$); $$->v.num = dec_neg($2); }
    | name                     { $$ = ast_expr(pc, EX_NAME, @$); $$->v.str = $1; }
    | YEAR                     { $$ = ast_expr(pc, EX_YEAR, @$); }
    ;

/* ---- scores ---- */

node_opts
    : %empty                   { $$ = (NodeOpts){0}; }
    | node_opts ',' CAPPED     { $$ = $1; $$.capped = true; $$.given |= GIVE_CAPPED; }
    | node_opts ',' NOT CAPPED { $$ = $1; $$.capped = false; $$.given |= GIVE_CAPPED; }
    | node_opts ',' ROUND NUMBER MODE
        {
            $$ = $1;
            $$.has_round = true;
            $$.given |= GIVE_ROUND;
            $$.round_places = round_places(pc, $4, @4);
            $$.round_mode = $5;
            $$.round_span = @3;
        }
    | node_opts ',' ROUND NUMBER IDENT
        {
            $$ = $1;
            $$.has_round = true;
            $$.given |= GIVE_ROUND;
            $$.round_places = round_places(pc, $4, @4);
            $$.round_span = @3;
            if (strcmp($5, "up") == 0)
                $$.round_mode = DEC_UP;
            else if (strcmp($5, "down") == 0)
                $$.round_mode = DEC_DOWN;
            else
                diag_error(pc->diags, pc->src, @5,
                           "unknown rounding mode `%s`: use half-up, half-even, up or down", $5);
        }
    ;

node_items
    : %empty                   { $$ = vec_new(pc); }
    | node_seq
    ;

node_seq
    : node_item                { $$ = vec_new(pc); if ($1) vec_push(pc, $$, $1); }
    | node_seq NEWLINE node_item  { $$ = $1; if ($3) vec_push(pc, $$, $3); }
    | node_seq error              { $$ = $1; }
    ;

node_item
    : IDENT opt_label OUT OF NUMBER node_opts
        {
            $$ = node_new(pc, NODE_LEAF, $1, $2, @1);
            $$->out_of = $5;
            $$->has_out_of = true;
            node_set_opts($$, $6);
        }
    | IDENT opt_label OUT OF NUMBER node_opts '=' expr
        {
            $$ = node_new(pc, NODE_LEAF, $1, $2, @1);
            $$->out_of = $5;
            $$->has_out_of = true;
            node_set_opts($$, $6);
            $$->expr = $8;
        }
    | IDENT opt_label OUT OF NUMBER node_opts '{' node_items '}'
        {
            $$ = node_new(pc, NODE_GROUP, $1, $2, @1);
            $$->out_of = $5;
            $$->has_out_of = true;
            node_set_opts($$, $6);
            node_set_kids(pc, $$, $8);
        }
    | IDENT opt_label WEIGHT NUMBER '=' expr
        {
            $$ = node_new(pc, NODE_LEAF, $1, $2, @1);
            $$->has_weight = true;
            $$->weight = $4;
            $$->out_of = $4;
            $$->has_out_of = true;
            $$->expr = $6;
        }
    | BONUS NUMBER opt_label WHEN expr
        {
            $$ = node_new(pc, NODE_BONUS, "bonus", $3, @1);
            $$->out_of = $2;
            $$->has_out_of = true;
            $$->expr = $5;
        }
    | error                    { $$ = NULL; }
    ;

/* Changes to a score's items, inside `change score NAME { ... }` or inside
 * a changed group.  `add` appends to the group whose block it is in;
 * `change` and `remove` name an item of that group or below it. */
opt_node_changes
    : %empty                   { $$ = NULL; }
    | '{' node_changes '}'     { $$ = $2; }
    ;

node_changes
    : %empty                   { $$ = vec_new(pc); }
    | node_change_seq
    ;

node_change_seq
    : node_change              { $$ = vec_new(pc); if ($1) vec_push(pc, $$, $1); }
    | node_change_seq NEWLINE node_change  { $$ = $1; if ($3) vec_push(pc, $$, $3); }
    | node_change_seq error    { $$ = $1; }
    ;

node_tail
    : %empty                   { $$ = (NodeTail){ 0 }; }
    | '=' expr                 { $$ = (NodeTail){ .expr = $2 }; }
    | '{' node_changes '}'     { $$ = (NodeTail){ .kids = $2 }; }
    ;

node_change
    : ADD node_item
        {
            $$ = NULL;
            if ($2)
                $$ = change_new(pc, VERB_ADD, $2->tag == NODE_BONUS ? CH_BONUS : CH_NODE, $2->name, $2->span,
                                @1, $2);
        }
    | REMOVE IDENT             { $$ = change_new(pc, VERB_REMOVE, CH_NODE, $2, @2, @1, NULL); }
    | REMOVE BONUS             { $$ = change_new(pc, VERB_REMOVE, CH_BONUS, "bonus", @2, @1, NULL); }
    | CHANGE IDENT opt_label node_opts node_tail
        {
            ScoreNode *n = node_new(pc, NODE_GROUP, $2, $3, @2);
            node_set_opts(n, $4);
            n->expr = $5.expr;
            $$ = change_new(pc, VERB_CHANGE, CH_NODE, $2, @2, @1, n);
            $$->given = ($3 ? GIVE_LABEL : 0) | $4.given | ($5.expr ? GIVE_EXPR : 0);
            if ($5.kids)
                $$->kids = *$5.kids;
        }
    | CHANGE IDENT opt_label OUT OF NUMBER node_opts node_tail
        {
            ScoreNode *n = node_new(pc, NODE_GROUP, $2, $3, @2);
            n->out_of = $6;
            n->has_out_of = true;
            node_set_opts(n, $7);
            n->expr = $8.expr;
            $$ = change_new(pc, VERB_CHANGE, CH_NODE, $2, @2, @1, n);
            $$->given = ($3 ? GIVE_LABEL : 0) | GIVE_OUT_OF | $7.given | ($8.expr ? GIVE_EXPR : 0);
            if ($8.kids)
                $$->kids = *$8.kids;
        }
    | CHANGE IDENT opt_label WEIGHT NUMBER node_tail
        {
            ScoreNode *n = node_new(pc, NODE_LEAF, $2, $3, @2);
            n->has_weight = true;
            n->weight = $5;
            n->out_of = $5;
            n->has_out_of = true;
            n->expr = $6.expr;
            $$ = change_new(pc, VERB_CHANGE, CH_NODE, $2, @2, @1, n);
            $$->given = ($3 ? GIVE_LABEL : 0) | GIVE_WEIGHT | ($6.expr ? GIVE_EXPR : 0);
            if ($6.kids)
                diag_error(pc->diags, pc->src, @6, "a weighted item has no items inside it to change");
        }
    | CHANGE BONUS NUMBER opt_label
        {
            ScoreNode *n = node_new(pc, NODE_BONUS, "bonus", $4, @2);
            n->out_of = $3;
            n->has_out_of = true;
            $$ = change_new(pc, VERB_CHANGE, CH_BONUS, "bonus", @2, @1, n);
            $$->given = GIVE_OUT_OF | ($4 ? GIVE_LABEL : 0);
        }
    | CHANGE BONUS NUMBER opt_label WHEN expr
        {
            ScoreNode *n = node_new(pc, NODE_BONUS, "bonus", $4, @2);
            n->out_of = $3;
            n->has_out_of = true;
            n->expr = $6;
            $$ = change_new(pc, VERB_CHANGE, CH_BONUS, "bonus", @2, @1, n);
            $$->given = GIVE_OUT_OF | ($4 ? GIVE_LABEL : 0) | GIVE_EXPR;
        }
    | CHANGE BONUS opt_label WHEN expr
        {
            ScoreNode *n = node_new(pc, NODE_BONUS, "bonus", $3, @2);
            n->expr = $5;
            $$ = change_new(pc, VERB_CHANGE, CH_BONUS, "bonus", @2, @1, n);
            $$->given = ($3 ? GIVE_LABEL : 0) | GIVE_EXPR;
        }
    | error                    { $$ = NULL; }
    ;

/* ---- tiers ---- */

tier_items
    : %empty                   { $$ = vec_new(pc); }
    | tier_seq
    ;

tier_seq
    : tier_item                { $$ = vec_new(pc); if ($1) vec_push(pc, $$, $1); }
    | tier_seq NEWLINE tier_item  { $$ = $1; if ($3) vec_push(pc, $$, $3); }
    | tier_seq error              { $$ = $1; }
    ;

tier_item
    : IDENT opt_label tier_rule opt_note
        {
            $$ = pc->cur_tier;
            $$->id = $1;
            $$->label = $2;
            $$->span = @1;
            $$->note = $4;
            pc->cur_tier = NULL;
        }
    | error                    { $$ = NULL; pc->cur_tier = NULL; }
    ;

tier_rule
    : AT LEAST NUMBER
        {
            TierEntry *t = pc->cur_tier = arena_alloc(A(pc), sizeof *t);
            t->rule = TIER_AT_LEAST;
            t->lo = $3;
        }
    | FROM NUMBER TO NUMBER
        {
            TierEntry *t = pc->cur_tier = arena_alloc(A(pc), sizeof *t);
            t->rule = TIER_RANGE;
            t->lo = $2;
            t->hi = $4;
        }
    | OTHERWISE
        {
            TierEntry *t = pc->cur_tier = arena_alloc(A(pc), sizeof *t);
            t->rule = TIER_OTHERWISE;
        }
    ;

opt_note
    : %empty                   { $$ = NULL; }
    | NOTE STRING              { $$ = $2; }
    ;

/* Changes to a tier table, inside `change tiers NAME { ... }`.  An added
 * entry goes before the `otherwise` entry, if there is one. */
tier_changes
    : %empty                   { $$ = vec_new(pc); }
    | tier_change_seq
    ;

tier_change_seq
    : tier_change              { $$ = vec_new(pc); if ($1) vec_push(pc, $$, $1); }
    | tier_change_seq NEWLINE tier_change  { $$ = $1; if ($3) vec_push(pc, $$, $3); }
    | tier_change_seq error    { $$ = $1; }
    ;

tier_change
    : ADD tier_item
        {
            $$ = $2 ? change_new(pc, VERB_ADD, CH_TIER, $2->id, $2->span, @1, $2) : NULL;
        }
    | REMOVE IDENT             { $$ = change_new(pc, VERB_REMOVE, CH_TIER, $2, @2, @1, NULL); }
    | CHANGE IDENT opt_label tier_rule opt_note
        {
            TierEntry *t = pc->cur_tier;
            pc->cur_tier = NULL;
            t->id = $2;
            t->label = $3;
            t->span = @2;
            t->note = $5;
            $$ = change_new(pc, VERB_CHANGE, CH_TIER, $2, @2, @1, t);
            $$->given = ($3 ? GIVE_LABEL : 0) | GIVE_RULE | ($5 ? GIVE_NOTE : 0);
        }
    | CHANGE IDENT opt_label opt_note
        {
            TierEntry *t = arena_alloc(A(pc), sizeof *t);
            t->id = $2;
            t->label = $3;
            t->span = @2;
            t->note = $4;
            $$ = change_new(pc, VERB_CHANGE, CH_TIER, $2, @2, @1, t);
            $$->given = ($3 ? GIVE_LABEL : 0) | ($4 ? GIVE_NOTE : 0);
        }
    | error                    { $$ = NULL; pc->cur_tier = NULL; }
    ;

/* ---- categories ---- */

cat_items
    : %empty
    | cat_seq
    ;

cat_seq
    : cat_item
    | cat_seq NEWLINE cat_item
    | cat_seq error
    ;

cat_item
    : cat_require              { vec_push(pc, &pc->cat_requires, $1); }
    | STAGE name '{'
        {
            pc->cur_stage = $2;
            pc->cur_stage_span = @2;
        }
      stage_reqs '}'
        {
            pc->cur_stage = NULL;
        }
    | SCORED BY IDENT ',' TIERS IDENT
        {
            if (pc->cat_score)
                diag_error(pc->diags, pc->src, @$, "this category already says how it is scored");
            pc->cat_score = $3;
            pc->cat_score_span = @3;
            pc->cat_tiers = $6;
            pc->cat_tiers_span = @6;
        }
    | error
    ;

cat_require
    : REQUIRE expr opt_label   { $$ = require_new(pc, NULL, @1, $2, @2, $3, @3); }
    | REQUIRE IDENT ':' expr opt_label
        {
            $$ = require_new(pc, $2, @2, $4, @4, $5, @5);
        }
    ;

stage_reqs
    : %empty
    | stage_req_seq
    ;

stage_req_seq
    : stage_req
    | stage_req_seq NEWLINE stage_req
    | stage_req_seq error
    ;

stage_req
    : cat_require              { vec_push(pc, &pc->cat_requires, $1); }
    | error
    ;

/* Changes to a category, inside `change category ID { ... }`.  A condition
 * is named by its handle: the name given (`require NAME: ...`), or the
 * first field or let it reads. */
opt_cat_changes
    : %empty                   { $$ = NULL; }
    | '{' cat_changes '}'      { $$ = $2; }
    ;

cat_changes
    : %empty                   { $$ = vec_new(pc); }
    | cat_change_seq
    ;

cat_change_seq
    : cat_change               { $$ = vec_new(pc); if ($1) vec_push(pc, $$, $1); }
    | stage_changes            { $$ = $1; }
    | cat_change_seq NEWLINE cat_change  { $$ = $1; if ($3) vec_push(pc, $$, $3); }
    | cat_change_seq NEWLINE stage_changes
        {
            $$ = $1;
            for (size_t i = 0; i < $3->count; i++)
                vec_push(pc, $$, $3->items[i]);
        }
    | cat_change_seq error     { $$ = $1; }
    ;

/* `stage NAME { add require ... }` in a changed category: the conditions
 * it adds belong to that stage. */
stage_changes
    : STAGE name '{'
        {
            pc->cur_stage = $2;
            pc->cur_stage_span = @2;
        }
      cat_changes '}'
        {
            pc->cur_stage = NULL;
            $$ = $5;
        }
    ;

cat_change
    : ADD cat_require
        {
            $$ = change_new(pc, VERB_ADD, CH_REQUIRE, $2->name, $2->name ? $2->name_span : $2->span, @1, $2);
        }
    | CHANGE REQUIRE IDENT ':' expr opt_label
        {
            Require *q = require_new(pc, $3, @3, $5, @5, $6, @6);
            $$ = change_new(pc, VERB_CHANGE, CH_REQUIRE, $3, @3, @1, q);
            $$->given = GIVE_COND | ($6 ? GIVE_MESSAGE : 0);
        }
    | CHANGE REQUIRE IDENT STRING
        {
            Require *q = require_new(pc, $3, @3, NULL, @3, $4, @4);
            $$ = change_new(pc, VERB_CHANGE, CH_REQUIRE, $3, @3, @1, q);
            $$->given = GIVE_MESSAGE;
        }
    | REMOVE REQUIRE IDENT     { $$ = change_new(pc, VERB_REMOVE, CH_REQUIRE, $3, @3, @1, NULL); }
    | KEEP REQUIRE IDENT       { $$ = change_new(pc, VERB_KEEP, CH_REQUIRE, $3, @3, @1, NULL); }
    | CHANGE SCORED BY IDENT ',' TIERS IDENT
        {
            CategoryDecl *c = arena_alloc(A(pc), sizeof *c);
            c->score_name = $4;
            c->score_span = @4;
            c->tiers_name = $7;
            c->tiers_span = @7;
            $$ = change_new(pc, VERB_CHANGE, CH_CATEGORY, NULL, @2, @1, c);
            $$->given = GIVE_SCORED;
        }
    | error                    { $$ = NULL; }
    ;

/* ---- expressions ---- */

expr
    : sum_expr
    | expr AND expr            { $$ = ast_binary(pc, EX_AND, $1, $3, @$); }
    | expr OR expr             { $$ = ast_binary(pc, EX_OR, $1, $3, @$); }
    | NOT expr                 { $$ = ast_unary(pc, EX_NOT, $2, @$); }
    | expr '=' expr            { $$ = ast_binary(pc, EX_EQ, $1, $3, @$); }
    | expr NE expr             { $$ = ast_binary(pc, EX_NE, $1, $3, @$); }
    | expr '<' expr            { $$ = ast_binary(pc, EX_LT, $1, $3, @$); }
    | expr LE expr             { $$ = ast_binary(pc, EX_LE, $1, $3, @$); }
    | expr '>' expr            { $$ = ast_binary(pc, EX_GT, $1, $3, @$); }
    | expr GE expr             { $$ = ast_binary(pc, EX_GE, $1, $3, @$); }
    | expr IN expr             { $$ = ast_binary(pc, EX_IN, $1, $3, @$); }
    | expr DOTDOT expr         { $$ = ast_binary(pc, EX_RANGE, $1, $3, @$); }
    | ALL IDENT IN expr ':' expr %prec QUANT
        {
            $$ = ast_binary(pc, EX_ALL, $4, $6, @$);
            $$->var = $2;
        }
    | ANY IDENT IN expr ':' expr %prec QUANT
        {
            $$ = ast_binary(pc, EX_ANY, $4, $6, @$);
            $$->var = $2;
        }
    ;

sum_expr
    : primary
    | sum_expr '+' sum_expr    { $$ = ast_binary(pc, EX_ADD, $1, $3, @$); }
    | sum_expr '-' sum_expr    { $$ = ast_binary(pc, EX_SUB, $1, $3, @$); }
    | sum_expr '*' sum_expr    { $$ = ast_binary(pc, EX_MUL, $1, $3, @$); }
    | sum_expr '/' sum_expr    { $$ = ast_binary(pc, EX_DIV, $1, $3, @$); }
    | '-' sum_expr %prec UMINUS { $$ = ast_unary(pc, EX_NEG, $2, @$); }
    ;

primary
    : NUMBER                   { $$ = ast_expr(pc, EX_NUMBER, @$); $$->v.num = $1; }
    | STRING                   { $$ = ast_expr(pc, EX_STRING, @$); $$->v.str = $1; }
    | BOOLEAN                  { $$ = ast_expr(pc, EX_BOOL, @$); $$->v.boolean = $1; }
    | DATE_LIT                 { $$ = ast_expr(pc, EX_DATE, @$); $$->v.date = $1; }
    | MODE                     { $$ = ast_expr(pc, EX_MODE, @$); $$->v.mode = $1; }
    | YEAR                     { $$ = ast_expr(pc, EX_YEAR, @$); }
    | name                     { $$ = ast_expr(pc, EX_NAME, @$); $$->v.str = $1; }
    | IDENT '(' opt_args ')'   { $$ = call_new(pc, $1, $3, @$); }
    | ALL '(' opt_args ')'     { $$ = call_new(pc, "all", $3, @$); }
    | ANY '(' opt_args ')'     { $$ = call_new(pc, "any", $3, @$); }
    | ROUND '(' opt_args ')'   { $$ = call_new(pc, "round", $3, @$); }
    | '[' opt_args ']'
        {
            $$ = ast_expr(pc, EX_LIST, @$);
            $$->args = (Expr **)$2->items;
            $$->nargs = $2->count;
        }
    | '(' expr ')'             { $$ = $2; $$->span = @$; }
    ;

opt_args
    : %empty                   { $$ = vec_new(pc); }
    | args
    ;

args
    : expr                     { $$ = vec_push(pc, vec_new(pc), $1); }
    | args ',' expr            { $$ = vec_push(pc, $1, $3); }
    ;

%%

/* Whether d is a whole number from lo to hi: *out is it, or else lo (the
 * caller says what the number is, in a sentence of its own). */
static bool small_int(Dec d, int lo, int hi, int *out)
{
    int64_t n = 0;
    bool ok = dec_to_int(d, &n) && n >= lo && n <= hi;
    *out = ok ? (int)n : lo;
    return ok;
}

/* The places of `round N`: 0 to DEC_MAX_SCALE. */
static int round_places(ParseCtx *pc, Dec d, Span at)
{
    int places;
    if (!small_int(d, 0, DEC_MAX_SCALE, &places))
        diag_error(pc->diags, pc->src, at, "the number of decimal places must be a whole number from %d to %d", 0,
                   DEC_MAX_SCALE);
    return places;
}

static ScoreNode *node_new(ParseCtx *pc, NodeTag tag, const char *name, const char *label, Span at)
{
    ScoreNode *n = arena_alloc(A(pc), sizeof *n);
    n->tag = tag;
    n->name = name;
    n->label = label;
    n->span = at;
    return n;
}

static void node_set_opts(ScoreNode *n, NodeOpts o)
{
    n->capped = o.capped;
    n->has_round = o.has_round;
    n->round_places = o.round_places;
    n->round_mode = o.round_mode;
}

static void node_set_kids(ParseCtx *pc, ScoreNode *n, PtrVec *kids)
{
    (void)pc;
    n->kids = (ScoreNode **)kids->items;
    n->nkids = kids->count;
    for (size_t i = 0; i < n->nkids; i++)
        n->kids[i]->parent = n;
}

static Expr *call_new(ParseCtx *pc, const char *fname, PtrVec *args, Span at)
{
    Expr *e = ast_expr(pc, EX_CALL, at);
    e->fname = fname;
    e->args = (Expr **)args->items;
    e->nargs = args->count;
    return e;
}

static Change *change_new(ParseCtx *pc, ChangeVerb verb, ChangeWhat what, const char *name, Span name_at,
                          Span at, void *item)
{
    Change *c = arena_alloc(A(pc), sizeof *c);
    c->verb = verb;
    c->what = what;
    c->name = name;
    c->name_span = name_at;
    c->span = at;
    c->item = item;
    return c;
}

static char *kw_name(ParseCtx *pc, Span at)
{
    return arena_strndup(A(pc), pc->text + at.start, at.end - at.start);
}

static void change_push(ParseCtx *pc, Change *c)
{
    if (c)
        vec_push(pc, &pc->rf->changes, c);
}

static InputDecl *input_new(ParseCtx *pc, const char *name, Span at, Span kind_at, Kind *kind, bool optional,
                            RangeSpec range, const char *label)
{
    InputDecl *d = arena_alloc(A(pc), sizeof *d);
    d->name = name;
    d->span = at;
    d->kind_span = kind_at;
    d->kind = *kind;
    d->optional = optional;
    d->lo = range.lo;
    d->hi = range.hi;
    d->lo_strict = range.lo_strict;
    d->hi_strict = range.hi_strict;
    d->label = label;
    return d;
}

static Require *require_new(ParseCtx *pc, const char *name, Span name_at, Expr *cond, Span cond_at,
                            const char *message, Span message_at)
{
    Require *q = arena_alloc(A(pc), sizeof *q);
    q->name = name;
    q->name_span = name ? name_at : (Span){ .file = pc->file };
    q->cond = cond;
    q->span = cond_at;
    q->source = cond ? ast_source_text(pc, cond_at) : NULL;
    q->message = q->message_src = message;
    q->message_span = message_at;
    q->stage_name = pc->cur_stage;
    q->stage_span = pc->cur_stage ? pc->cur_stage_span : (Span){ .file = pc->file };
    return q;
}

static void stage_new(ParseCtx *pc, const char *id, Span at, const char *label, const char *stop,
                      Span stop_at, const char *stop_label)
{
    StageDecl *st = arena_alloc(A(pc), sizeof *st);
    /* the conditions of its block, if it had one (group_items) */
    st->nrequires = pc->group_requires.count;
    st->requires = arena_alloc(A(pc), sizeof(Require) * (st->nrequires + 1));
    for (size_t i = 0; i < st->nrequires; i++)
        st->requires[i] = *(Require *)pc->group_requires.items[i];
    pc->group_requires = (PtrVec){ 0 };
    st->id = id;
    st->span = at;
    st->label = label;
    st->stop_id = stop;
    st->stop_span = stop ? stop_at : (Span){ .file = pc->file };
    st->stop_label = stop_label;
    vec_push(pc, &pc->rf->stages, st);
}

/* ---- what the token filter and the message builder need of the grammar ---- */

const char *parse_token_name(int tok)
{
    return yysymbol_name(YYTRANSLATE(tok));
}

_Static_assert(sizeof(YYSTYPE) <= sizeof(((ParseCtx *)0)->peek_val),
               "ParseCtx.peek_val must hold a YYSTYPE");

/* ---- messages ---- */

void yyerror(Span *lloc, ParseCtx *pc, const char *msg)
{
    if (!pc->abort)
        diag_error(pc->diags, pc->src, *lloc, "%s", msg);
}

/* What a token is, for syntax_error.c, which knows no bison symbols. */
static SynTok syn_tok(yysymbol_kind_t sym)
{
    SynClass c = SYN_WORD;
    switch (sym) {
    case YYSYMBOL_IDENT: c = SYN_NAME; break;
    case YYSYMBOL_STRING: c = SYN_TEXT; break;
    case YYSYMBOL_NUMBER: c = SYN_NUMBER; break;
    case YYSYMBOL_BOOLEAN: c = SYN_BOOL; break;
    case YYSYMBOL_DATE_LIT: c = SYN_DATE; break;
    case YYSYMBOL_MODE: c = SYN_MODE; break;
    case YYSYMBOL_YYEOF: c = SYN_EOF; break;
    case YYSYMBOL_NEWLINE: c = SYN_EOL; break;
    /* the words that are names too (the rule `name` above) */
    case YYSYMBOL_TEXT: case YYSYMBOL_BOOL: case YYSYMBOL_INTEGER: case YYSYMBOL_DECIMAL:
    case YYSYMBOL_DATE: case YYSYMBOL_LIST: case YYSYMBOL_ONE: case YYSYMBOL_OF: case YYSYMBOL_OPTIONAL:
    case YYSYMBOL_OUT: case YYSYMBOL_CAPPED: case YYSYMBOL_WEIGHT: case YYSYMBOL_AT: case YYSYMBOL_LEAST:
    case YYSYMBOL_FROM: case YYSYMBOL_TO: case YYSYMBOL_OTHERWISE: case YYSYMBOL_BY: case YYSYMBOL_PER:
    case YYSYMBOL_ON: case YYSYMBOL_NOTE: case YYSYMBOL_WHEN:
        c = SYN_SOFT;
        break;
    default: break;
    }
    return (SynTok){ c, yysymbol_name(sym) };
}

static int yyreport_syntax_error(const yypcontext_t *ctx, ParseCtx *pc)
{
    if (pc->abort)
        return 0;
    yysymbol_kind_t expected[YYNTOKENS];
    SynTok want[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    for (int i = 0; i < n; i++)
        want[i] = syn_tok(expected[i]);
    syntax_error_report(pc, syn_tok(yypcontext_token(ctx)), *yypcontext_location(ctx), want, n);
    return 0;
}
