/*
 * store_admin.c — verifying a database and taking a hot backup.
 *
 * Verification has two layers: Berkeley DB's own verifier on every file
 * (pages, btree order), and canbao's: every record decodes, each index
 * holds exactly the records that have its field, and the counters agree
 * with what is stored.  It reads without locking, after a checkpoint, so
 * it should run while no clerk is saving (canbao-db(5) says so).
 */
#include "system.h"

#include <stdarg.h>

#include "msg.h"
#include "store_internal.h"

struct verify_report
{
  void (*report) (const char *line, void *arg);
  void *arg;
  unsigned long problems;
  char last_bdb_message[512];
};

static void
say (struct verify_report *vr, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

static void
say (struct verify_report *vr, const char *fmt, ...)
{
  char line[1024];
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (line, sizeof line, fmt, ap);
  va_end (ap);
  vr->problems++;
  if (vr->report)
    vr->report (line, vr->arg);
}

static struct verify_report *current_report;

static void
collect_bdb_message (const DB_ENV *env, const char *prefix, const char *msg)
{
  (void) env;
  (void) prefix;
  if (current_report)
    snprintf (current_report->last_bdb_message,
              sizeof current_report->last_bdb_message, "%s", msg);
}

static void
verify_files (struct store *store, struct verify_report *vr)
{
  for (size_t i = 0; i < store_file_count (); i++)
    {
      const char *file = store_file_name (i);
      char path[4096];
      DB *db;
      int ret;

      snprintf (path, sizeof path, "%s/%s", store->dir, file);
      if ((ret = db_create (&db, NULL, 0)) != 0)
        {
          say (vr, _("%s: cannot check: %s"), file, db_strerror (ret));
          continue;
        }
      vr->last_bdb_message[0] = '\0';
      current_report = vr;
      db->set_errcall (db, collect_bdb_message);
      /* DB->verify destroys the handle whatever it returns. */
      ret = db->verify (db, path, NULL, NULL, 0);
      current_report = NULL;
      if (ret != 0)
        say (vr, _("%s: damaged: %s"), file,
             vr->last_bdb_message[0] ? vr->last_bdb_message
             : db_strerror (ret));
    }
}

/* Counts the entries of an index, checking that each one leads to a
   record (Berkeley DB says DB_SECONDARY_BAD when it does not). */
static unsigned long
count_entries (struct store *store, struct verify_report *vr, DB *db,
               bool secondary, const char *file)
{
  DBC *cursor;
  DBT key, pkey, data;
  unsigned long n = 0;
  int ret;

  if (db->cursor (db, NULL, &cursor, DB_READ_COMMITTED) != 0)
    return 0;
  memset (&key, 0, sizeof key);
  memset (&pkey, 0, sizeof pkey);
  memset (&data, 0, sizeof data);
  for (;;)
    {
      ret = secondary ? cursor->pget (cursor, &key, &pkey, &data, DB_NEXT)
        : cursor->get (cursor, &key, &data, DB_NEXT);
      if (ret == DB_SECONDARY_BAD)
        {
          say (vr, _("%s: an entry points to a missing record"), file);
          continue;
        }
      if (ret)
        break;
      n++;
    }
  if (ret != DB_NOTFOUND)
    say (vr, _("%s: cannot be read to the end: %s"), file, db_strerror (ret));
  cursor->close (cursor);
  (void) store;
  return n;
}

struct people_counts
{
  unsigned long people;
  unsigned long with_key[STORE_BY_QUEUE + 1];
  unsigned long draft, entered, reviewed, queued;
};

static void
check_people (struct store *store, struct verify_report *vr,
              struct people_counts *pc)
{
  DBC *cursor;
  DBT key, data;
  int ret;

  memset (pc, 0, sizeof *pc);
  if (store->people->cursor (store->people, NULL, &cursor,
                             DB_READ_COMMITTED) != 0)
    return;
  memset (&key, 0, sizeof key);
  memset (&data, 0, sizeof data);
  while ((ret = cursor->get (cursor, &key, &data, DB_NEXT)) == 0)
    {
      struct record *rec;
      const char *status;

      pc->people++;
      if (record_decode (data.data, data.size, &rec) != 0)
        {
          say (vr, _("people.db: the record of %.*s does not decode"),
               (int) key.size, (char *) key.data);
          continue;
        }
      for (int i = STORE_BY_NAME; i <= STORE_BY_QUEUE; i++)
        {
          size_t len;

          if (store_index_key ((enum store_index) i, data.data, data.size,
                               &len))
            pc->with_key[i]++;
        }
      status = record_get (rec, STORE_F_STATUS);
      if (status && strcmp (status, "draft") == 0)
        pc->draft++;
      else if (status && strcmp (status, "entered") == 0)
        pc->entered++;
      else if (status && strcmp (status, "reviewed") == 0)
        pc->reviewed++;
      if (record_get (rec, STORE_F_QUEUE) && *record_get (rec, STORE_F_QUEUE))
        pc->queued++;
      record_free (&rec);
    }
  if (ret != DB_NOTFOUND)
    say (vr, _("%s: cannot be read to the end: %s"), "people.db",
         db_strerror (ret));
  cursor->close (cursor);
}

/* Walks audit.db: *ENTRIES gets the number of entries, and the return
   value the number of changes they record, which seq.audit must equal.
   An entry that does not decode, or whose number does not follow on from
   the entry before it, is a problem. */
static unsigned long
count_audit_changes (struct store *store, struct verify_report *vr,
                     unsigned long *entries)
{
  DBC *cursor;
  DBT key, data;
  unsigned long changes = 0, next = 1;
  int ret;

  *entries = 0;
  if (store->audit->cursor (store->audit, NULL, &cursor,
                            DB_READ_COMMITTED) != 0)
    return 0;
  memset (&key, 0, sizeof key);
  memset (&data, 0, sizeof data);
  while ((ret = cursor->get (cursor, &key, &data, DB_NEXT)) == 0)
    {
      const unsigned char *k = key.data;
      unsigned long seq = 0;
      struct record *rec;

      ++*entries;
      for (u_int32_t i = 0; key.size == 8 && i < 8; i++)
        seq = (seq << 8) | k[i];
      if (key.size != 8 || record_decode (data.data, data.size, &rec) != 0)
        {
          say (vr, _("audit.db: entry %lu does not decode"), *entries);
          continue;
        }
      if (seq != next)
        say (vr, _("audit.db: entry %lu follows %lu"), seq, next - 1);
      next = seq + store_audit_changes (rec);
      changes += store_audit_changes (rec);
      record_free (&rec);
    }
  if (ret != DB_NOTFOUND)
    say (vr, _("%s: cannot be read to the end: %s"), "audit.db",
         db_strerror (ret));
  cursor->close (cursor);
  return changes;
}

static void
compare_count (struct verify_report *vr, const char *what,
               unsigned long stored, unsigned long counted)
{
  if (stored != counted)
    say (vr, _("%s: %lu recorded, %lu found"), what, stored, counted);
}

int
store_verify (struct store *store,
              void (*report) (const char *line, void *arg), void *arg)
{
  struct verify_report vr = { report, arg, 0, "" };
  struct people_counts pc;
  static const struct
  {
    enum store_index index;
    const char *file;
  } indices[] = {
    { STORE_BY_NAME, "people-name.db" },
    { STORE_BY_VILLAGE, "people-village.db" },
    { STORE_BY_STATUS, "people-status.db" },
    { STORE_BY_QUEUE, "people-queue.db" },
  };
  unsigned long audit_entries, audit_changes;

  /* Everything committed reaches the files before they are read. */
  store->env->txn_checkpoint (store->env, 0, 0, DB_FORCE);
  verify_files (store, &vr);
  if (vr.problems)
    return STORE_ERROR;

  check_people (store, &vr, &pc);
  for (size_t i = 0; i < ARRAY_SIZE (indices); i++)
    compare_count (&vr, indices[i].file, pc.with_key[indices[i].index],
                   count_entries (store, &vr,
                                  store_index_db (store, indices[i].index),
                                  true, indices[i].file));
  compare_count (&vr, "count.people", store_counter_get (store,
                                                         "count.people"),
                 pc.people);
  compare_count (&vr, "count.status.draft",
                 store_counter_get (store, "count.status.draft"), pc.draft);
  compare_count (&vr, "count.status.entered",
                 store_counter_get (store, "count.status.entered"),
                 pc.entered);
  compare_count (&vr, "count.status.reviewed",
                 store_counter_get (store, "count.status.reviewed"),
                 pc.reviewed);
  compare_count (&vr, "count.queue", store_counter_get (store, "count.queue"),
                 pc.queued);
  audit_changes = count_audit_changes (store, &vr, &audit_entries);
  compare_count (&vr, "seq.audit", store_counter_get (store, "seq.audit"),
                 audit_changes);
  compare_count (&vr, "audit-id.db", audit_entries,
                 count_entries (store, &vr, store->audit_id, true,
                                "audit-id.db"));
  return vr.problems ? STORE_ERROR : STORE_OK;
}

int
store_backup (struct store *store, const char *dir, char **error)
{
  int ret;

  if (store_make_directory (store, dir) != 0)
    {
      if (error)
        *error = xstrdup (store->error);
      return STORE_ERROR;
    }
  store->env->txn_checkpoint (store->env, 0, 0, DB_FORCE);
  /* CLEAN: a backup directory holds one backup, not a mix of two. */
  ret = store->env->backup (store->env, dir, DB_BACKUP_CLEAN);
  if (ret != 0)
    {
      store_set_error (store, _("cannot back up %s into %s: %s"), store->dir,
                       dir, db_strerror (ret));
      if (error)
        *error = xstrdup (store->error);
      return STORE_ERROR;
    }
  store_close_to_others (dir);
  return STORE_OK;
}
