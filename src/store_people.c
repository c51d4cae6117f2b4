/*
 * store_people.c — people's records: reading, writing with audit entries
 * and counters, moving to a corrected ID, scanning by index, drafts, meta
 * values and the summary the main screen shows.
 */
#include "system.h"

#include "msg.h"
#include "store_internal.h"

/* Metadata that changes on every save says nothing an auditor needs. */
static bool
audited (const char *field)
{
  return strcmp (field, STORE_F_REV) != 0
    && strcmp (field, STORE_F_CHANGED_BY) != 0
    && strcmp (field, STORE_F_CHANGED_AT) != 0
    && strcmp (field, STORE_F_CREATED_BY) != 0
    && strcmp (field, STORE_F_CREATED_AT) != 0;
}

static const char *const name_fields[] =
  { "name", "up.gongan.name", "up.shebao.name", NULL };
static const char *const village_fields[] = { "village", "up.village", NULL };
static const char *const status_fields[] = { STORE_F_STATUS, NULL };
static const char *const queue_fields[] = { STORE_F_QUEUE, NULL };

const char *
store_index_key (enum store_index index, const void *data, size_t size,
                 size_t *len)
{
  const char *const *fields;

  switch (index)
    {
    case STORE_BY_NAME:
      fields = name_fields;
      break;
    case STORE_BY_VILLAGE:
      fields = village_fields;
      break;
    case STORE_BY_STATUS:
      fields = status_fields;
      break;
    case STORE_BY_QUEUE:
      fields = queue_fields;
      break;
    default:
      *len = 0;
      return NULL;
    }
  for (size_t i = 0; fields[i]; i++)
    {
      const char *value;
      size_t vlen;

      if (record_peek_encoded (data, size, fields[i], &value, &vlen) == 1
          && vlen > 0)
        {
          *len = vlen;
          return value;
        }
    }
  *len = 0;
  return NULL;
}

DB *
store_index_db (struct store *store, enum store_index index)
{
  switch (index)
    {
    case STORE_BY_NAME:
      return store->by_name;
    case STORE_BY_VILLAGE:
      return store->by_village;
    case STORE_BY_STATUS:
      return store->by_status;
    case STORE_BY_QUEUE:
      return store->by_queue;
    case STORE_BY_ID:
    default:
      return store->people;
    }
}

static void
set_dbt (DBT *dbt, const void *data, size_t size)
{
  memset (dbt, 0, sizeof *dbt);
  dbt->data = (void *) data;
  dbt->size = (u_int32_t) size;
}

const char *
store_status_name (const char *status)
{
  if (strcmp (status, "draft") == 0)
    return _("draft");
  if (strcmp (status, "entered") == 0)
    return _("keyed");
  if (strcmp (status, "reviewed") == 0)
    return _("reviewed");
  return status;
}

unsigned long
store_record_rev (const struct record *rec)
{
  const char *rev = rec ? record_get (rec, STORE_F_REV) : NULL;

  return rev ? strtoul (rev, NULL, 10) : 0;
}

/* Decodes a stored record, naming the person when it is damaged. */
static int
decode_stored (struct store *store, const char *id, const DBT *data,
               struct record **rec)
{
  if (record_decode (data->data, data->size, rec) != 0)
    {
      store_set_error (store, _("%s: the stored record of %s is damaged; "
                                "run 'canbao db verify'"), store->dir, id);
      return STORE_ERROR;
    }
  return STORE_OK;
}

int
store_txn_get (struct store_txn *txn, const char *id, struct record **rec)
{
  struct store *store = txn->store;
  DBT key, data;
  int status;

  *rec = NULL;
  set_dbt (&key, id, strlen (id));
  set_dbt (&data, NULL, 0);
  status = store_sort (store, store->people->get (store->people, txn->txn,
                                                  &key, &data, DB_RMW),
                       "people.db get");
  if (status != STORE_OK)
    return status;
  return decode_stored (store, id, &data, rec);
}

int
store_txn_meta_get (struct store_txn *txn, const char *name, char **value)
{
  struct store *store = txn->store;
  DBT key, data;
  int status;

  *value = NULL;
  set_dbt (&key, name, strlen (name));
  set_dbt (&data, NULL, 0);
  status = store_sort (store, store->meta->get (store->meta, txn->txn, &key,
                                                &data, DB_RMW), "meta.db get");
  if (status == STORE_OK)
    *value = xstrndup (data.data, data.size);
  return status;
}

int
store_txn_meta_put (struct store_txn *txn, const char *name,
                    const char *value)
{
  struct store *store = txn->store;
  DBT key, data;

  set_dbt (&key, name, strlen (name));
  set_dbt (&data, value, strlen (value));
  store->wrote = true;
  return store_sort (store, store->meta->put (store->meta, txn->txn, &key,
                                              &data, 0), "meta.db put");
}

int
store_counter_add (struct store_txn *txn, const char *name, long delta,
                   unsigned long *before)
{
  char *text;
  unsigned long value = 0;
  char buf[32];
  int status = store_txn_meta_get (txn, name, &text);

  if (status == STORE_OK)
    {
      value = strtoul (text, NULL, 10);
      free (text);
    }
  else if (status != STORE_NOTFOUND)
    return status;
  if (before)
    *before = value;
  if (delta < 0 && (unsigned long) -delta > value)
    value = 0;
  else
    value += (unsigned long) delta;
  snprintf (buf, sizeof buf, "%lu", value);
  return store_txn_meta_put (txn, name, buf);
}

unsigned long
store_counter_get (struct store *store, const char *name)
{
  DBT key, data;
  char buf[32];

  set_dbt (&key, name, strlen (name));
  set_dbt (&data, NULL, 0);
  if (!store->env
      || store->meta->get (store->meta, NULL, &key, &data,
                           DB_READ_COMMITTED) != 0)
    return 0;
  snprintf (buf, sizeof buf, "%.*s", (int) (data.size < 31 ? data.size : 31),
            (char *) data.data);
  return strtoul (buf, NULL, 10);
}

/* Moves the per-status and queue counters from OLD to NEW (either may be
   NULL). */
static int
update_counters (struct store_txn *txn, const struct record *old,
                 const struct record *new)
{
  const char *old_status = old ? record_get (old, STORE_F_STATUS) : NULL;
  const char *new_status = new ? record_get (new, STORE_F_STATUS) : NULL;
  bool old_queued = old && record_get (old, STORE_F_QUEUE)
    && *record_get (old, STORE_F_QUEUE);
  bool new_queued = new && record_get (new, STORE_F_QUEUE)
    && *record_get (new, STORE_F_QUEUE);
  char name[96];
  int status = STORE_OK;

  if (!old != !new)
    status = store_counter_add (txn, "count.people", new ? 1 : -1, NULL);
  if (status == STORE_OK
      && !(old_status && new_status && strcmp (old_status, new_status) == 0))
    {
      if (old_status && *old_status)
        {
          snprintf (name, sizeof name, "count.status.%.64s", old_status);
          status = store_counter_add (txn, name, -1, NULL);
        }
      if (status == STORE_OK && new_status && *new_status)
        {
          snprintf (name, sizeof name, "count.status.%.64s", new_status);
          status = store_counter_add (txn, name, 1, NULL);
        }
    }
  if (status == STORE_OK && old_queued != new_queued)
    status = store_counter_add (txn, "count.queue", new_queued ? 1 : -1,
                                NULL);
  return status;
}

/* The audited fields where OLD (may be NULL) and NEW differ, merged in
   name order; *N gets their number.  Malloc'd array. */
static struct store_change *
diff_records (const struct record *old, const struct record *new, size_t *n)
{
  size_t no = old ? record_count (old) : 0, nn = record_count (new);
  struct store_change *changes = xcalloc (no + nn + 1, sizeof *changes);
  size_t i = 0, j = 0, k = 0;

  while (i < no || j < nn)
    {
      const char *on = i < no ? record_name_at (old, i) : NULL;
      const char *nname = j < nn ? record_name_at (new, j) : NULL;
      int cmp = !on ? 1 : !nname ? -1 : strcmp (on, nname);
      struct store_change c = { NULL, NULL, NULL };

      if (cmp < 0)
        c = (struct store_change) { on, record_value_at (old, i++), NULL };
      else if (cmp > 0)
        c = (struct store_change) { nname, NULL, record_value_at (new, j++) };
      else
        {
          const char *ov = record_value_at (old, i++);
          const char *nv = record_value_at (new, j++);

          if (strcmp (ov, nv) != 0)
            c = (struct store_change) { on, ov, nv };
        }
      if (c.field && audited (c.field))
        changes[k++] = c;
    }
  *n = k;
  return changes;
}

static int
write_record (struct store_txn *txn, const char *id, const struct record *rec)
{
  struct store *store = txn->store;
  unsigned char *buf;
  size_t len;
  DBT key, data;
  int status;

  record_encode (rec, &buf, &len);
  set_dbt (&key, id, strlen (id));
  set_dbt (&data, buf, len);
  store->wrote = true;
  status = store_sort (store, store->people->put (store->people, txn->txn,
                                                  &key, &data, 0),
                       "people.db put");
  free (buf);
  return status;
}

int
store_txn_put_changed (struct store_txn *txn, const char *id,
                       const struct record *rec, const char *action,
                       bool *changed)
{
  struct record *old;
  int status = store_txn_get (txn, id, &old);

  if (changed)
    *changed = false;
  if (status != STORE_OK && status != STORE_NOTFOUND)
    return status;
  status = store_txn_put_over (txn, id, old, rec, action, changed);
  record_free (&old);
  return status;
}

int
store_txn_put_over (struct store_txn *txn, const char *id,
                    const struct record *old, const struct record *rec,
                    const char *action, bool *changed)
{
  struct store *store = txn->store;
  struct record *new = NULL;
  struct store_change *changes = NULL;
  size_t n = 0;
  char now[40], rev[24];
  int status;

  if (changed)
    *changed = false;
  new = record_dup (rec);
  record_set (new, STORE_F_REV, NULL);
  record_set (new, STORE_F_CHANGED_BY, NULL);
  record_set (new, STORE_F_CHANGED_AT, NULL);
  record_set (new, STORE_F_CREATED_BY, old ? record_get (old, STORE_F_CREATED_BY) : NULL);
  record_set (new, STORE_F_CREATED_AT, old ? record_get (old, STORE_F_CREATED_AT) : NULL);
  changes = diff_records (old, new, &n);
  if (old && n == 0)
    {
      /* Saving what is already there changes nothing, not even _rev. */
      status = STORE_OK;
      goto done;
    }

  store_now (now, sizeof now);
  snprintf (rev, sizeof rev, "%lu", store_record_rev (old) + 1);
  record_set (new, STORE_F_REV, rev);
  if (!old)
    {
      record_set (new, STORE_F_CREATED_BY, store->clerk.user);
      record_set (new, STORE_F_CREATED_AT, now);
    }
  record_set (new, STORE_F_CHANGED_BY, store->clerk.user);
  record_set (new, STORE_F_CHANGED_AT, now);

  status = write_record (txn, id, new);
  if (status == STORE_OK)
    status = store_audit_append (txn, id, changes, n, now, action);
  if (status == STORE_OK)
    status = update_counters (txn, old, new);
  if (status == STORE_OK && changed)
    *changed = true;
done:
  free (changes);
  record_free (&new);
  return status;
}

int
store_txn_put (struct store_txn *txn, const char *id,
               const struct record *rec, const char *action)
{
  return store_txn_put_changed (txn, id, rec, action, NULL);
}

int
store_txn_rename (struct store_txn *txn, const char *old_id,
                  const char *new_id, const char *action)
{
  struct store *store = txn->store;
  struct record *rec = NULL, *taken = NULL;
  struct store_change change = { "_id", old_id, new_id };
  char now[40];
  DBT key;
  int status;

  status = store_txn_get (txn, old_id, &rec);
  if (status != STORE_OK)
    return status;
  status = store_txn_get (txn, new_id, &taken);
  if (status == STORE_OK)
    {
      record_free (&taken);
      record_free (&rec);
      return STORE_EXISTS;
    }
  if (status != STORE_NOTFOUND)
    goto done;
  set_dbt (&key, old_id, strlen (old_id));
  store->wrote = true;
  status = store_sort (store, store->people->del (store->people, txn->txn,
                                                  &key, 0), "people.db del");
  store_now (now, sizeof now);
  record_set (rec, STORE_F_CHANGED_BY, store->clerk.user);
  record_set (rec, STORE_F_CHANGED_AT, now);
  if (status == STORE_OK)
    status = write_record (txn, new_id, rec);
  /* One entry under each ID, so that either one's history shows it. */
  if (status == STORE_OK)
    status = store_audit_append (txn, old_id, &change, 1, now, action);
  if (status == STORE_OK)
    status = store_audit_append (txn, new_id, &change, 1, now, action);
done:
  record_free (&rec);
  return status;
}

/* ---- one-call conveniences ---- */

static int
get_person (struct store *store, const char *id, struct record **rec)
{
  *rec = NULL;
  for (int attempt = 0; attempt < STORE_MAX_ATTEMPTS; attempt++)
    {
      DBT key, data;
      int status;

      if (!store->env && store_reopen (store) != STORE_OK)
        return STORE_ERROR;
      set_dbt (&key, id, strlen (id));
      set_dbt (&data, NULL, 0);
      status = store_sort (store, store->people->get (store->people, NULL,
                                                      &key, &data,
                                                      DB_READ_COMMITTED),
                           "people.db get");
      if (status == STORE_RETRY)
        continue;
      if (status == STORE_REOPEN)
        {
          if (store_reopen (store) != STORE_OK)
            return STORE_ERROR;
          continue;
        }
      if (status != STORE_OK)
        return status;
      return decode_stored (store, id, &data, rec);
    }
  return STORE_ERROR;
}

int
store_get (struct store *store, const char *id, struct record **rec)
{
  int status;

  store_busy (store, true);
  status = get_person (store, id, rec);
  store_busy (store, false);
  return status;
}

struct save_work
{
  const char *id;
  const struct record *rec;
  unsigned long expected_rev;
  const char *action;
  struct record *current;
  unsigned long new_rev;
};

static int
save_work (struct store_txn *txn, void *arg)
{
  struct save_work *w = arg;
  struct record *old;
  int status;

  record_free (&w->current);
  w->new_rev = 0;
  status = store_txn_get (txn, w->id, &old);
  if (status != STORE_OK && status != STORE_NOTFOUND)
    return status;
  if (w->expected_rev != STORE_ANY_REV
      && store_record_rev (old) != w->expected_rev)
    {
      w->current = old;
      return STORE_CONFLICT;
    }
  w->new_rev = store_record_rev (old);
  record_free (&old);
  status = store_txn_put (txn, w->id, w->rec, w->action);
  if (status == STORE_OK)
    {
      struct record *now;

      if (store_txn_get (txn, w->id, &now) == STORE_OK)
        {
          w->new_rev = store_record_rev (now);
          record_free (&now);
        }
    }
  return status;
}

int
store_save (struct store *store, const char *id, const struct record *rec,
            unsigned long expected_rev, const char *action,
            struct record **current, unsigned long *new_rev)
{
  struct save_work w = { id, rec, expected_rev, action, NULL, 0 };
  int status = store_run (store, 0, save_work, &w);

  if (current)
    *current = w.current;
  else
    record_free (&w.current);
  if (new_rev)
    *new_rev = w.new_rev;
  return status;
}

/* ---- scans ----
   A scan reads a batch of entries, closes its cursor and only then calls
   the callback, so that the callback may write (a cursor's page lock
   would otherwise block its own process's writes), and a deadlock or a
   reopen resumes after the last entry delivered. */

#define SCAN_BATCH 128

struct scan_item
{
  char *skey;
  size_t sklen;
  char *pkey;                   /* NUL-terminated */
  size_t pklen;
  void *data;
  size_t dlen;
};

struct scan_position
{
  bool started;
  char *skey;
  size_t sklen;
  char *pkey;
  size_t pklen;
};

static int
compare_bytes (const void *a, size_t alen, const void *b, size_t blen)
{
  int cmp = memcmp (a, b, alen < blen ? alen : blen);

  return cmp ? cmp : (alen > blen) - (alen < blen);
}

static void
release_items (struct scan_item *items, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (items[i].skey);
      free (items[i].pkey);
      free (items[i].data);
    }
}

/* Reads up to SCAN_BATCH entries of DB after POS whose key matches KEY
   (exactly, or as a prefix).  STORE_OK with *N == 0 at the end. */
static int
scan_batch (struct store *store, DB *db, bool primary, const char *key,
            size_t keylen, bool exact, struct scan_position *pos,
            struct scan_item *items, size_t *n)
{
  DBC *cursor;
  DBT skey, pkey, data;
  u_int32_t op = DB_SET_RANGE;
  int ret, status;

  *n = 0;
  ret = db->cursor (db, NULL, &cursor, DB_READ_COMMITTED);
  if ((status = store_sort (store, ret, "cursor")) != STORE_OK)
    return status;
  if (pos->started)
    set_dbt (&skey, pos->skey, pos->sklen);
  else
    set_dbt (&skey, key, keylen);
  set_dbt (&pkey, NULL, 0);
  set_dbt (&data, NULL, 0);
  while (*n < SCAN_BATCH)
    {
      if (primary)
        {
          ret = cursor->get (cursor, &skey, &data, op);
          pkey = skey;
        }
      else
        ret = cursor->pget (cursor, &skey, &pkey, &data, op);
      op = DB_NEXT;
      if (ret)
        break;
      if (skey.size < keylen || memcmp (skey.data, key, keylen) != 0
          || (exact && skey.size != keylen))
        {
          ret = DB_NOTFOUND;
          break;
        }
      if (pos->started)
        {
          int cmp = compare_bytes (skey.data, skey.size, pos->skey,
                                   pos->sklen);

          if (cmp < 0 || (cmp == 0 && compare_bytes (pkey.data, pkey.size,
                                                     pos->pkey,
                                                     pos->pklen) <= 0))
            continue;
        }
      items[*n].skey = xmalloc (skey.size + 1);
      memcpy (items[*n].skey, skey.data, skey.size);
      items[*n].sklen = skey.size;
      items[*n].pkey = xstrndup (pkey.data, pkey.size);
      items[*n].pklen = pkey.size;
      items[*n].data = xmalloc (data.size + 1);
      memcpy (items[*n].data, data.data, data.size);
      items[*n].dlen = data.size;
      (*n)++;
    }
  cursor->close (cursor);
  if (ret == 0 || ret == DB_NOTFOUND)
    return STORE_OK;
  status = store_sort (store, ret, "cursor get");
  /* What was read stays good; the next batch resumes after it. */
  if ((status == STORE_RETRY || status == STORE_REOPEN) && *n > 0)
    return STORE_OK;
  release_items (items, *n);
  *n = 0;
  return status;
}

typedef int (*scan_item_fn) (struct store *store, const struct scan_item *,
                             void *fn, void *arg);

/* What scan_run walks: a people index, or one of these.  A number rather
   than a handle, because a reopen replaces the handles. */
#define SCAN_AUDIT 100
#define SCAN_AUDIT_ID 101

static DB *
scan_db (struct store *store, int which)
{
  if (which == SCAN_AUDIT)
    return store->audit;
  if (which == SCAN_AUDIT_ID)
    return store->audit_id;
  return store_index_db (store, (enum store_index) which);
}

static int
scan_run (struct store *store, int which, bool primary,
          const char *key, bool exact, scan_item_fn deliver, void *fn,
          void *arg)
{
  struct scan_position pos = { false, NULL, 0, NULL, 0 };
  struct scan_item *items = xcalloc (SCAN_BATCH, sizeof *items);
  size_t keylen = strlen (key);
  int status = STORE_OK, attempts = 0;

  for (;;)
    {
      size_t n;

      if (!store->env && store_reopen (store) != STORE_OK)
        {
          status = STORE_ERROR;
          break;
        }
      store_busy (store, true);
      status = scan_batch (store, scan_db (store, which), primary, key, keylen, exact,
                           &pos, items, &n);
      store_busy (store, false);
      if (status == STORE_RETRY || status == STORE_REOPEN)
        {
          if (++attempts >= STORE_MAX_ATTEMPTS
              || (status == STORE_REOPEN && store_reopen (store) != STORE_OK))
            {
              status = STORE_ERROR;
              break;
            }
          continue;
        }
      if (status != STORE_OK || n == 0)
        break;
      for (size_t i = 0; i < n && status == STORE_OK; i++)
        status = deliver (store, &items[i], fn, arg);
      free (pos.skey);
      free (pos.pkey);
      pos.started = true;
      pos.skey = items[n - 1].skey;
      pos.sklen = items[n - 1].sklen;
      pos.pkey = items[n - 1].pkey;
      pos.pklen = items[n - 1].pklen;
      items[n - 1].skey = items[n - 1].pkey = NULL;
      release_items (items, n);
      if (status != STORE_OK)
        break;
    }
  free (pos.skey);
  free (pos.pkey);
  free (items);
  return status;
}

static int
deliver_person (struct store *store, const struct scan_item *item, void *fn,
                void *arg)
{
  struct record *rec;
  int status;
  DBT data;

  set_dbt (&data, item->data, item->dlen);
  if (decode_stored (store, item->pkey, &data, &rec) != STORE_OK)
    return STORE_ERROR;
  status = ((store_person_fn) fn) (item->pkey, rec, arg);
  record_free (&rec);
  return status;
}

static int
scan_people (struct store *store, enum store_index index, const char *key,
             bool exact, store_person_fn fn, void *arg)
{
  return scan_run (store, (int) index, index == STORE_BY_ID, key, exact,
                   deliver_person, (void *) fn, arg);
}

int
store_scan (struct store *store, enum store_index index, const char *prefix,
            store_person_fn fn, void *arg)
{
  return scan_people (store, index, prefix ? prefix : "", false, fn, arg);
}

int
store_scan_exact (struct store *store, enum store_index index,
                  const char *key, store_person_fn fn, void *arg)
{
  return scan_people (store, index, key, true, fn, arg);
}

/* ---- the audit log, read ---- */

static int
deliver_audit (struct store *store, const struct scan_item *item, void *fn,
               void *arg)
{
  struct record *rec;
  const unsigned char *seq = (const unsigned char *) item->pkey;
  unsigned long first = 0;
  int status;

  if (item->pklen != 8
      || record_decode (item->data, item->dlen, &rec) != 0)
    {
      store_set_error (store, _("%s: an audit entry is damaged; run "
                                "'canbao db verify'"), store->dir);
      return STORE_ERROR;
    }
  for (int i = 0; i < 8; i++)
    first = (first << 8) | seq[i];
  status = store_audit_each (rec, first, (store_audit_fn) fn, arg);
  record_free (&rec);
  return status;
}

int
store_audit_scan (struct store *store, const char *id, store_audit_fn fn,
                  void *arg)
{
  if (id)
    return scan_run (store, SCAN_AUDIT_ID, false, id, true, deliver_audit,
                     (void *) fn, arg);
  return scan_run (store, SCAN_AUDIT, true, "", false, deliver_audit,
                   (void *) fn, arg);
}

/* ---- drafts ---- */

struct draft_work
{
  const char *user;
  const struct record *rec;     /* NULL: delete */
  bool found;
};

static int
draft_work (struct store_txn *txn, void *arg)
{
  struct draft_work *w = arg;
  struct store *store = txn->store;
  DBT key, data;
  int status;

  set_dbt (&key, w->user, strlen (w->user));
  if (!w->rec)
    {
      store->wrote = true;
      status = store_sort (store, store->drafts->del (store->drafts,
                                                      txn->txn, &key, 0),
                           "drafts.db del");
      w->found = status == STORE_OK;
      return status == STORE_NOTFOUND ? STORE_OK : status;
    }
  {
    struct record *copy = record_dup (w->rec);
    unsigned char *buf;
    size_t len;
    char now[40];

    store_now (now, sizeof now);
    record_set (copy, "_draft_at", now);
    record_set (copy, "_draft_by", w->user);
    record_encode (copy, &buf, &len);
    record_free (&copy);
    set_dbt (&data, buf, len);
    store->wrote = true;
    status = store_sort (store, store->drafts->put (store->drafts, txn->txn,
                                                    &key, &data, 0),
                         "drafts.db put");
    free (buf);
    return status;
  }
}

int
store_draft_put (struct store *store, const char *user,
                 const struct record *rec)
{
  struct draft_work w = { user, rec, false };
  bool was_requested = store_termination_requested ();
  int status;

  /* A draft is saved because the session is ending: do it even though
     termination was requested. */
  store_clear_termination ();
  status = store_run (store, 0, draft_work, &w);
  if (was_requested)
    store_request_termination ();
  return status;
}

int
store_draft_delete (struct store *store, const char *user)
{
  struct draft_work w = { user, NULL, false };
  int status = store_run (store, 0, draft_work, &w);

  if (status == STORE_OK && !w.found)
    return STORE_NOTFOUND;
  return status;
}

static int
draft_get (struct store *store, const char *user, struct record **rec)
{
  DBT key, data;
  int status;

  *rec = NULL;
  set_dbt (&key, user, strlen (user));
  set_dbt (&data, NULL, 0);
  status = store_sort (store, store->drafts->get (store->drafts, NULL, &key,
                                                  &data, DB_READ_COMMITTED),
                       "drafts.db get");
  if (status == STORE_REOPEN || status == STORE_RETRY)
    {
      if (store_reopen (store) != STORE_OK)
        return STORE_ERROR;
      status = store_sort (store, store->drafts->get (store->drafts, NULL,
                                                      &key, &data,
                                                      DB_READ_COMMITTED),
                           "drafts.db get");
    }
  if (status != STORE_OK)
    return status == STORE_RETRY || status == STORE_REOPEN ? STORE_ERROR
      : status;
  if (record_decode (data.data, data.size, rec) != 0)
    {
      store_set_error (store, _("%s: the draft of %s is damaged"),
                       store->dir, user);
      return STORE_ERROR;
    }
  return STORE_OK;
}

int
store_draft_get (struct store *store, const char *user, struct record **rec)
{
  int status;

  store_busy (store, true);
  status = draft_get (store, user, rec);
  store_busy (store, false);
  return status;
}

int
store_summarise (struct store *store, struct store_summary *summary)
{
  memset (summary, 0, sizeof *summary);
  if (!store->env && store_reopen (store) != STORE_OK)
    return STORE_ERROR;
  store_busy (store, true);
  summary->people = store_counter_get (store, "count.people");
  summary->drafts = store_counter_get (store, "count.status.draft");
  summary->entered = store_counter_get (store, "count.status.entered");
  summary->reviewed = store_counter_get (store, "count.status.reviewed");
  summary->queued = store_counter_get (store, "count.queue");
  summary->audit_entries = store_counter_get (store, "seq.audit");
  store_busy (store, false);
  return STORE_OK;
}
