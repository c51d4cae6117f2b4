/*
 * store — the Berkeley DB environment that holds a township's records.
 *
 * One directory holds one transactional environment (canbao-db(5)):
 *
 *   people.db          btree: normalised ID → record (record.h, v1)
 *   people-name.db     secondary: name → ID          (sorted duplicates)
 *   people-village.db  secondary: village → ID
 *   people-status.db   secondary: _status → ID
 *   people-queue.db    secondary: _queue → ID (the reconciliation queue)
 *   audit.db           recno: one entry per changed field, appended
 *   audit-id.db        secondary: ID → audit entry
 *   drafts.db          btree: Unix login → the clerk's unsaved form
 *   meta.db            btree: schema version, counters, export marks
 *
 * What the module promises:
 *   - Every change runs in one transaction that also appends its audit
 *     entries: who (login and GECOS name), when, which field, old and new
 *     value.  Interactive saves are durable when they return (synchronous
 *     commit).  store_run with STORE_BULK commits without waiting for the
 *     disk; store_flush makes such work durable, and importers call it
 *     when they finish.
 *   - Several processes share one environment (DB_REGISTER|DB_RECOVER:
 *     the first opener after a crash recovers).  The deadlock detector
 *     runs on every conflict; a transaction that loses a deadlock is
 *     aborted and run again by store_run.  A wait longer than the lock
 *     timeout ends (a thread of the store sees to it, even when the
 *     holder is a process that was killed) and, like DB_RUNRECOVERY,
 *     closes and reopens the environment, which recovers when a process
 *     died, and runs the work again.  None of this reaches the caller.
 *     The one wait nothing can end, on a mutex that a killed process held
 *     in the middle of a write, ends the process after 20 s (msg_fatal;
 *     store_watchdog.c): the next canbao recovers.
 *   - Read-modify-write takes the write lock when it reads (DB_RMW), so
 *     two clerks saving one person never lose an update; a save whose
 *     expected revision is stale returns STORE_CONFLICT with the current
 *     record.
 *   - SIGHUP, SIGTERM and SIGINT (once store_install_signal_handlers has
 *     run) set a flag; store_run then aborts the open transaction and
 *     returns STORE_INTERRUPTED, and callers close the store and leave.
 *   - The directory is created mode 2770 if absent, and every file in it
 *     is created 0660 whatever the umask: owner and group only, since a
 *     township's clerks share it.  The process umask becomes 007 at open,
 *     so exports are never world-readable.
 *   - Logs are removed automatically once a checkpoint no longer needs
 *     them (DB_LOG_AUTO_REMOVE); checkpoints run after bulk work and at
 *     close.  A backup (store_backup) is the way to keep history.
 *   - The schema version in meta.db is checked at open: a database from a
 *     newer canbao is refused, never rewritten.
 */
#ifndef CANBAO_STORE_H
#define CANBAO_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "clerk.h"
#include "record.h"

/* The schema this canbao writes and reads. */
#define STORE_SCHEMA 1

enum store_status
{
  STORE_OK = 0,
  STORE_NOTFOUND,               /* no such person, draft or entry */
  STORE_EXISTS,                 /* the key is taken (store_rename) */
  STORE_CONFLICT,               /* someone saved since you read */
  STORE_INTERRUPTED,            /* SIGHUP/SIGTERM/SIGINT: leave now */
  STORE_STOP,                   /* a scan callback asked to stop */
  STORE_ERROR                   /* the message was printed or returned */
};

/* Record fields the store itself maintains on people's records. */
#define STORE_F_REV "_rev"               /* decimal, 1 at creation */
#define STORE_F_STATUS "_status"         /* draft | entered | reviewed */
#define STORE_F_CREATED_BY "_created_by"
#define STORE_F_CREATED_AT "_created_at"
#define STORE_F_CHANGED_BY "_changed_by"
#define STORE_F_CHANGED_AT "_changed_at"
#define STORE_F_QUEUE "_queue"           /* "township\tvillage" when flagged */

/* Secondary indices, and which field each one keys on: the first of the
   listed fields that the record has. */
enum store_index
{
  STORE_BY_ID,                  /* the primary key */
  STORE_BY_NAME,                /* name, else up.gongan.name, up.shebao.name */
  STORE_BY_VILLAGE,             /* village, else up.village */
  STORE_BY_STATUS,              /* _status */
  STORE_BY_QUEUE                /* _queue */
};

struct store;
struct store_txn;

/* Opens (creating if need be) the environment in DIR.  On failure returns
   STORE_ERROR with a translated, malloc'd *ERROR. */
int store_open (const char *dir, struct store **store, char **error);
/* Checkpoints and closes; *STORE becomes NULL (NULL is fine). */
void store_close (struct store **store);
const char *store_dir (const struct store *store);

/* Who the audit entries name; clerk_current() at open. */
void store_set_clerk (struct store *store, const struct clerk *clerk);
const struct clerk *store_clerk (const struct store *store);

/* The default directory: $CANBAO_DB, else $XDG_DATA_HOME/canbao, else
   ~/.local/share/canbao (malloc'd). */
char *store_default_dir (void);

/* ---- signals ---- */
void store_install_signal_handlers (void);
bool store_termination_requested (void);
/* For tests and for a screen that handled the request itself. */
void store_clear_termination (void);

/* ---- transactions ---- */
#define STORE_BULK 1u           /* commit without waiting for the disk */

/* Runs WORK (TXN, ARG) in one transaction and commits when it returns
   STORE_OK; any other return aborts and is passed on.  On a deadlock,
   lock timeout or DB_RUNRECOVERY the transaction is aborted and WORK runs
   again from the start, so WORK must reset whatever it changed outside
   the database at its start. */
int store_run (struct store *store, unsigned flags,
               int (*work) (struct store_txn *txn, void *arg), void *arg);
/* Makes everything committed so far durable, and checkpoints. */
int store_flush (struct store *store);
struct store *store_txn_store (struct store_txn *txn);

/* Inside a transaction: reads ID's record with a write lock (DB_RMW).
   STORE_NOTFOUND leaves *REC NULL. */
int store_txn_get (struct store_txn *txn, const char *id, struct record **rec);
/* Inside a transaction: writes REC as ID's record.  The store sets _rev
   (the old one plus 1), _created_*, _changed_* and keeps the counters;
   ACTION (an ASCII word: "save", "import", "review", "verify"…) goes into
   each audit entry, which records every field that differs from the
   stored record (metadata that changes on every save excepted). */
int store_txn_put (struct store_txn *txn, const char *id,
                   const struct record *rec, const char *action);
/* The same; *CHANGED says whether anything was written (saving a record
   equal to the stored one writes nothing and keeps _rev). */
int store_txn_put_changed (struct store_txn *txn, const char *id,
                           const struct record *rec, const char *action,
                           bool *changed);
/* The same, when the caller has just read the stored record OLD (NULL:
   there is none) with store_txn_get in this transaction: saves reading
   and decoding it again. */
int store_txn_put_over (struct store_txn *txn, const char *id,
                        const struct record *old, const struct record *rec,
                        const char *action, bool *changed);
/* Inside a transaction: moves OLD_ID's record to NEW_ID (a corrected ID),
   with an audit entry on both.  STORE_EXISTS when NEW_ID is taken. */
int store_txn_rename (struct store_txn *txn, const char *old_id,
                      const char *new_id, const char *action);
/* Inside a transaction: meta values (ASCII keys, UTF-8 values). */
int store_txn_meta_get (struct store_txn *txn, const char *key, char **value);
int store_txn_meta_put (struct store_txn *txn, const char *key,
                        const char *value);

/* ---- one-call conveniences, each its own transaction ---- */

/* Reads ID's record (no lock kept).  STORE_NOTFOUND leaves *REC NULL. */
int store_get (struct store *store, const char *id, struct record **rec);
/* Saves REC as ID's record if the stored revision is still EXPECTED_REV
   (0: the person must not exist yet; STORE_ANY_REV: whatever is there).
   On STORE_CONFLICT, *CURRENT (if CURRENT is not NULL) gets the stored
   record.  *NEW_REV (if not NULL) gets the revision written. */
#define STORE_ANY_REV ((unsigned long) -1)
int store_save (struct store *store, const char *id, const struct record *rec,
                unsigned long expected_rev, const char *action,
                struct record **current, unsigned long *new_rev);
/* What a _status value is called on screen and on paper (草稿, 已录入,
   已复核), translated; an unknown value is returned as it is. */
const char *store_status_name (const char *status);
/* The revision in a record (0 when it has none). */
unsigned long store_record_rev (const struct record *rec);

/* ---- scans ---- */

/* Calls FN (ID, REC, ARG) for every person whose INDEX key starts with
   PREFIX ("" for all), in key order (then ID order).  FN returns STORE_OK
   to go on; anything else stops the scan and is returned. */
typedef int (*store_person_fn) (const char *id, const struct record *rec,
                                void *arg);
int store_scan (struct store *store, enum store_index index,
                const char *prefix, store_person_fn fn, void *arg);
/* The same with an exact key ("entered" in STORE_BY_STATUS). */
int store_scan_exact (struct store *store, enum store_index index,
                      const char *key, store_person_fn fn, void *arg);

/* ---- the audit log ---- */
struct store_audit_entry
{
  unsigned long seq;            /* 1, 2, … in order of commit */
  const char *id;
  const char *field;
  const char *old_value;        /* NULL when the field was absent */
  const char *new_value;        /* NULL when the field was removed */
  const char *user;
  const char *user_name;
  const char *time;             /* ISO 8601 with offset */
  const char *action;
};
typedef int (*store_audit_fn) (const struct store_audit_entry *entry,
                               void *arg);
/* Every entry for ID (NULL: every entry), oldest first. */
int store_audit_scan (struct store *store, const char *id, store_audit_fn fn,
                      void *arg);

/* ---- drafts: one per clerk ---- */
int store_draft_put (struct store *store, const char *user,
                     const struct record *rec);
int store_draft_get (struct store *store, const char *user,
                     struct record **rec);
int store_draft_delete (struct store *store, const char *user);

/* ---- what the main screen shows ---- */
struct store_summary
{
  unsigned long people;
  unsigned long drafts;         /* records with _status draft */
  unsigned long entered;
  unsigned long reviewed;
  unsigned long queued;         /* records on the reconciliation queue */
  unsigned long audit_entries;
};
int store_summarise (struct store *store, struct store_summary *summary);

/* ---- administration ---- */
/* Checks every file with Berkeley DB's verifier, decodes every record and
   compares each index with the records.  Problems go to REPORT (one line
   each, translated); returns STORE_OK when there were none. */
int store_verify (struct store *store, void (*report) (const char *line,
                                                       void *arg), void *arg);
/* A hot backup into DIR (created 2770 if absent): the data files and the
   logs, openable by store_open.  */
int store_backup (struct store *store, const char *dir, char **error);

/* The last error's message, translated (valid until the next call). */
const char *store_error (const struct store *store);

#endif
