/*
 * verify — the township's verification (入户核实) of the people upstream
 * flagged, and what goes back up.
 *
 * A flagged person's record holds both upstream rows (up.gongan.*,
 * up.shebao.*, import_upstream.h), perhaps a keyed form, and, once a
 * clerk has decided, the verification fields below.  This module compares
 * the three side by side, records a decision in one transaction, and
 * writes the feedback file of the spec's section 3.  It promises:
 *
 *   - A person's verification state is 待核实 until a decision is
 *     recorded; then its 核实结果: 已核实无误, 已更正 or 无法核实.
 *   - verify_compare lists the spec's section-2 fields in order, each with
 *     the 公安, 社保 and local (keyed form) value and whether they differ;
 *     the local value is taken from the form's fields (the address parts
 *     joined, 就业状态 from employment/no_employer, 是/否 for the three
 *     single boxes) so that it compares with upstream's.
 *   - verify_decide records the result, the note, who and when, and the
 *     value found for each field the clerk settled, with an audit entry
 *     for each (action "verify"); with a new ID (code 20, an invalid ID)
 *     the record moves there and keeps the ID upstream sent in
 *     verify.original_id, and later imports of that ID go to the new one.
 *     A stale revision is STORE_CONFLICT, as for a save.
 *   - The feedback file holds one row per verified person: the spec's
 *     section-2 columns with the values as verified (a settled value, else
 *     the keyed form's, else the upstream value: 公安's for who the person
 *     is — 姓名, 性别, 民族, 出生日期, 户口所在地 — and 社保's for the rest),
 *     数据来源 入户核实, then 原身份证号码, 核实结果, 核实说明, 经办人,
 *     核实日期.  By default only decisions since the last feedback export
 *     (a counter in meta.db, not the clock); with all every verified person.
 *
 * Record fields (canbao-db(5)) and meta keys:
 */
#ifndef CANBAO_VERIFY_H
#define CANBAO_VERIFY_H

#include <stdbool.h>
#include <stdio.h>

#include "charset.h"
#include "clerk.h"
#include "record.h"
#include "store.h"

#define VERIFY_F_RESULT "verify.result"         /* 核实结果 as the spec spells it */
#define VERIFY_F_NOTE "verify.note"             /* 核实说明 */
#define VERIFY_F_BY "verify.by"                 /* the clerk's name */
#define VERIFY_F_DATE "verify.date"             /* YYYY-MM-DD */
#define VERIFY_F_ORIGINAL_ID "verify.original_id"
#define VERIFY_F_MARK "verify.mark"             /* decimal decision number */
#define VERIFY_VALUE_PREFIX "verify.value."     /* + an upstream field name */
#define VERIFY_META_COUNTER "verify.counter"    /* decisions recorded */
#define VERIFY_META_FEEDBACK "feedback.mark"    /* counter at the last export */
#define VERIFY_META_ALIAS "alias."              /* + upstream ID -> new ID */

#define VERIFY_CONFIRMED "已核实无误"
#define VERIFY_CORRECTED "已更正"
#define VERIFY_UNVERIFIABLE "无法核实"
#define VERIFY_PENDING "待核实"

enum verify_state
{
  VERIFY_STATE_PENDING,
  VERIFY_STATE_CONFIRMED,
  VERIFY_STATE_CORRECTED,
  VERIFY_STATE_UNVERIFIABLE
};
#define VERIFY_NSTATES 4

enum verify_state verify_state_of (const struct record *rec);
/* 待核实, 已核实无误, 已更正, 无法核实 (UTF-8, as the spec spells them). */
const char *verify_state_text (enum verify_state state);

/* One line of the side-by-side view. */
struct verify_line
{
  const char *field;            /* upstream field name: "name", "hukou" */
  const char *column;           /* the spec's column: 姓名, 户口所在地 */
  char *gongan, *shebao, *local;        /* malloc'd, "" when absent */
  char *settled;                /* verify.value.<field>, NULL when none */
  bool differs;                 /* the non-empty values are not all equal */
};

/* The lines for REC (verify_compare_free frees them).  Returns their
   number, *LINES a malloc'd array. */
size_t verify_compare (const struct record *rec, struct verify_line **lines);
void verify_compare_free (struct verify_line **lines, size_t n);

/* What the clerk decided for one person. */
struct verify_decision
{
  const char *result;           /* VERIFY_CONFIRMED, _CORRECTED or
                                   _UNVERIFIABLE */
  const char *note;             /* 核实说明, may be "" */
  const char *new_id;           /* the right ID, or NULL */
  size_t n_settled;             /* fields whose value the clerk settled */
  const char *const *fields;    /* upstream field names */
  const char *const *values;
};

/* Records D for the person stored under ID at revision EXPECTED_REV, as
   the store's clerk (store_clerk).  Returns STORE_OK, STORE_CONFLICT (someone saved meanwhile),
   STORE_EXISTS (NEW_ID is another person's), STORE_NOTFOUND or
   STORE_ERROR (store_error says why). */
int verify_decide (struct store *store, const char *id,
                   unsigned long expected_rev,
                   const struct verify_decision *d);

/* Writes the feedback file to OUT in ENC: every verified person with ALL,
   else those decided since the last export, which this one then becomes
   (only when everything was written).  *ROWS gets the rows written. */
int verify_export_feedback (struct store *store, FILE *out,
                            enum charset_encoding enc, bool all,
                            unsigned long *rows);

/* The ID a later upstream row for UPSTREAM_ID belongs to (a corrected
   ID), or NULL; malloc'd. */
char *verify_alias (struct store *store, const char *upstream_id);

#endif
