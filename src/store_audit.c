/*
 * store_audit.c — the audit log's entries: appending and reading them.
 *
 * One entry records one save: who, when, the action, and every field the
 * save changed with its old and new value.  The changes are numbered: an
 * entry under sequence number S holding K changes covers S … S+K-1, and
 * the meta counter seq.audit is the last number given, so it counts
 * changed fields, as the main screen shows them.  One entry per save
 * rather than per field matters on import: a row of the upstream file
 * changes some thirty fields, and thirty appends to two btrees cost more
 * than the rest of the import together.
 *
 * The key is the first number, 8 bytes big-endian, so that the btree's
 * byte order is the order of commit and the ID index (audit-id.db) lists
 * a person's entries oldest first with Berkeley DB's default comparison:
 * db5.3_verify and db5.3_dump need no canbao code to read it.  Entries are
 * never changed or removed.
 *
 * An entry is a record (record.h) with the fields id, user, user_name,
 * time, action and, for the I-th change (four decimal digits), f.I (the
 * field), o.I (the old value; absent when the field was absent) and n.I
 * (the new value; absent when the field was removed).  An entry with a
 * field "field" (and old, new) is the first layout, one change per entry;
 * it is still read.
 */
#include "system.h"

#include "msg.h"
#include "store_internal.h"

/* A record holds at most RECORD_FIELDS_MAX fields: three per change and
   five more. */
#define CHANGES_PER_ENTRY 1000

/* "f.0012" for WHAT 'f' and I 12: by hand, since snprintf for the three
   names of each of thirty changes per row was a sixth of an import. */
static void
change_name (char buf[8], char what, size_t i)
{
  buf[0] = what;
  buf[1] = '.';
  buf[2] = (char) ('0' + i / 1000 % 10);
  buf[3] = (char) ('0' + i / 100 % 10);
  buf[4] = (char) ('0' + i / 10 % 10);
  buf[5] = (char) ('0' + i % 10);
  buf[6] = '\0';
}

/* The entry is encoded straight from the changes, in the record's name
   order: action, f.*, id, n.*, o.*, time, user, user_name. */
static int
append_entry (struct store_txn *txn, unsigned long seq, const char *id,
              const struct store_change *changes, size_t n, const char *when,
              const char *action)
{
  struct store *store = txn->store;
  struct record_builder b;
  unsigned char keybuf[8], *buf;
  char name[8];
  size_t len;
  DBT key, data;
  int status;

  for (int i = 7; i >= 0; i--)
    keybuf[i] = (unsigned char) ((seq >> (8 * (7 - i))) & 0xff);
  record_builder_init (&b);
  record_builder_add (&b, "action", action);
  for (size_t i = 0; i < n; i++)
    {
      change_name (name, 'f', i);
      record_builder_add (&b, name, changes[i].field);
    }
  record_builder_add (&b, "id", id);
  for (size_t i = 0; i < n; i++)
    {
      change_name (name, 'n', i);
      record_builder_add (&b, name, changes[i].new_value);
    }
  for (size_t i = 0; i < n; i++)
    {
      change_name (name, 'o', i);
      record_builder_add (&b, name, changes[i].old_value);
    }
  record_builder_add (&b, "time", when);
  record_builder_add (&b, "user", store->clerk.user);
  record_builder_add (&b, "user_name", store->clerk.name);
  record_builder_finish (&b, &buf, &len);

  memset (&key, 0, sizeof key);
  memset (&data, 0, sizeof data);
  key.data = keybuf;
  key.size = sizeof keybuf;
  data.data = buf;
  data.size = (u_int32_t) len;
  status = store_sort (store, store->audit->put (store->audit, txn->txn,
                                                 &key, &data,
                                                 DB_NOOVERWRITE),
                       "audit.db put");
  free (buf);
  if (status == STORE_EXISTS)
    {
      store_set_error (store, _("%s: audit entry %lu exists already; run "
                                "'canbao db verify'"), store->dir, seq);
      status = STORE_ERROR;
    }
  return status;
}

int
store_audit_append (struct store_txn *txn, const char *id,
                    const struct store_change *changes, size_t n,
                    const char *when, const char *action)
{
  unsigned long seq;
  int status;

  if (n == 0)
    return STORE_OK;
  status = store_counter_add (txn, "seq.audit", (long) n, &seq);
  for (size_t from = 0; status == STORE_OK && from < n;
       from += CHANGES_PER_ENTRY)
    {
      size_t k = n - from < CHANGES_PER_ENTRY ? n - from : CHANGES_PER_ENTRY;

      status = append_entry (txn, seq + 1 + from, id, changes + from, k,
                             when, action);
    }
  return status;
}

size_t
store_audit_changes (const struct record *entry)
{
  char name[8];
  size_t n = 0;

  if (record_get (entry, "field"))
    return 1;
  for (;;)
    {
      change_name (name, 'f', n);
      if (!record_get (entry, name))
        return n;
      n++;
    }
}

int
store_audit_each (const struct record *entry, unsigned long seq,
                  store_audit_fn fn, void *arg)
{
  struct store_audit_entry e;
  const char *value;
  size_t n = store_audit_changes (entry);
  char name[8];
  int status = STORE_OK;

  memset (&e, 0, sizeof e);
  e.id = (value = record_get (entry, "id")) ? value : "";
  e.user = (value = record_get (entry, "user")) ? value : "";
  e.user_name = (value = record_get (entry, "user_name")) ? value : "";
  e.time = (value = record_get (entry, "time")) ? value : "";
  e.action = (value = record_get (entry, "action")) ? value : "";
  if (record_get (entry, "field"))
    {
      e.seq = seq;
      e.field = record_get (entry, "field");
      e.old_value = record_get (entry, "old");
      e.new_value = record_get (entry, "new");
      return fn (&e, arg);
    }
  for (size_t i = 0; status == STORE_OK && i < n; i++)
    {
      e.seq = seq + i;
      change_name (name, 'f', i);
      e.field = record_get (entry, name);
      change_name (name, 'o', i);
      e.old_value = record_get (entry, name);
      change_name (name, 'n', i);
      e.new_value = record_get (entry, name);
      status = fn (&e, arg);
    }
  return status;
}
