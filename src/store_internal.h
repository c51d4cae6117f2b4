/*
 * store_internal.h — what the store's own files share (not for callers).
 *
 * Every Berkeley DB return code passes through store_sort() (after
 * Postfix's dict_db sanitize()): success, not found, "run it again"
 * (deadlock) and "reopen the environment" (DB_RUNRECOVERY, lock timeout)
 * are told apart in that one place, and only real failures leave a
 * message.
 */
#ifndef CANBAO_STORE_INTERNAL_H
#define CANBAO_STORE_INTERNAL_H

#include <db.h>

#include "store.h"

/* Statuses that never leave the store: store_run and the read loops act
   on them. */
#define STORE_RETRY 100         /* deadlock: run again */
#define STORE_REOPEN 101        /* DB_RUNRECOVERY, lock timeout: reopen,
                                   run again */

/* How many times one piece of work is run before the store gives up. */
#define STORE_MAX_ATTEMPTS 1000

struct store
{
  char *dir;
  DB_ENV *env;
  DB *people;
  DB *by_name;
  DB *by_village;
  DB *by_status;
  DB *by_queue;
  DB *audit;
  DB *audit_id;
  DB *drafts;
  DB *meta;
  struct clerk clerk;
  struct store_watchdog *watchdog;      /* store_watchdog.c */
  /* This process has written: its close checkpoints.  A process that only
     read (canbao show, a search) leaves without syncing a file. */
  bool wrote;
  char error[1024];
};

struct store_txn
{
  struct store *store;
  DB_TXN *txn;
};

/* Sorts RET from the call WHAT into a store status, keeping a message in
   store->error for STORE_ERROR. */
int store_sort (struct store *store, int ret, const char *what);
/* Sets store->error from a format. */
void store_set_error (struct store *store, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Opens the environment and every database (store_env.c); 0 or a
   BDB/errno code, with store->error set. */
int store_env_open (struct store *store);
void store_env_close (struct store *store);
/* Closes and reopens after DB_RUNRECOVERY; STORE_OK or STORE_ERROR. */
int store_reopen (struct store *store);

/* mkdir -p DIR: parents 0700, DIR itself 2770. */
int store_make_directory (struct store *store, const char *dir);
/* Takes every permission for others off DIR and the files in it that this
   user owns. */
void store_close_to_others (const char *dir);
/* The database files, in the order they are opened. */
size_t store_file_count (void);
const char *store_file_name (size_t i);

/* The secondary index database for INDEX, or the primary for BY_ID. */
DB *store_index_db (struct store *store, enum store_index index);
/* The field an index keys on, for the record encoded in DATA (the rules
   in store.h); NULL with *LEN 0 when the record has none. */
const char *store_index_key (enum store_index index, const void *data,
                             size_t size, size_t *len);

/* store_watchdog.c: the threads that keep a dead process from blocking
   this one for ever.  Called after every successful (re)open of the
   environment: starts them, or has them follow the new environment. */
void store_watchdog_opened (struct store *store);
/* Stops them (nothing when none runs); after the environment is closed. */
void store_watchdog_stop (struct store *store);
/* Brackets every stretch of work in Berkeley DB (nesting is fine), so
   that the watchdog can tell a wait that will never end. */
void store_busy (struct store *store, bool busy);
/* Brackets a reopen's open and recovery, which may be long but is never
   stuck on a dead process. */
void store_watchdog_opening (struct store *store, bool opening);

/* Handles retired by store_reopen (see store_env.c). */
extern DB_ENV *store_panicked_envs[64];
extern size_t store_n_panicked_envs;

/* Sets the flag the signal handlers set. */
void store_request_termination (void);

/* The current local time, ISO 8601 with the offset, into BUF (>= 32). */
void store_now (char *buf, size_t size);

/* One changed field of a save; NULL old or new value: absent. */
struct store_change
{
  const char *field;
  const char *old_value;
  const char *new_value;
};

/* store_audit.c: appends one entry inside TXN recording the N changes of
   one save to ID, numbered on from the meta counter seq.audit. */
int store_audit_append (struct store_txn *txn, const char *id,
                        const struct store_change *changes, size_t n,
                        const char *when, const char *action);
/* The number of changes an audit entry (decoded) holds. */
size_t store_audit_changes (const struct record *entry);
/* Calls FN for each change in ENTRY, stored under sequence number SEQ,
   until FN returns other than STORE_OK; returns what FN last returned. */
int store_audit_each (const struct record *entry, unsigned long seq,
                      store_audit_fn fn, void *arg);
/* Adds DELTA to the meta counter KEY inside TXN; *VALUE (if not NULL)
   gets the value before. */
int store_counter_add (struct store_txn *txn, const char *key, long delta,
                       unsigned long *before);
/* Reads a counter without a transaction. */
unsigned long store_counter_get (struct store *store, const char *key);

#endif
