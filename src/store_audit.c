/*
 * store_audit.c — appending to the audit log.
 *
 * An entry is a record (record.h) under an 8-byte big-endian sequence
 * number, so that the btree's byte order is the order of commit and the
 * ID index (audit-id.db) lists a person's entries oldest first with
 * Berkeley DB's default comparison: db5.3_verify and db5.3_dump need no
 * canbao code to read it.  Entries are never changed or removed.
 */
#include "system.h"

#include "msg.h"
#include "store_internal.h"

int
store_audit_append (struct store_txn *txn, unsigned long seq, const char *id,
                    const char *field, const char *old_value,
                    const char *new_value, const char *when,
                    const char *action)
{
  struct store *store = txn->store;
  struct record *rec = record_new ();
  unsigned char keybuf[8], *buf;
  size_t len;
  DBT key, data;
  int status;

  for (int i = 7; i >= 0; i--)
    keybuf[i] = (unsigned char) ((seq >> (8 * (7 - i))) & 0xff);
  record_set (rec, "id", id);
  record_set (rec, "field", field);
  record_set (rec, "old", old_value);
  record_set (rec, "new", new_value);
  record_set (rec, "user", store->clerk.user);
  record_set (rec, "user_name", store->clerk.name);
  record_set (rec, "time", when);
  record_set (rec, "action", action);
  record_encode (rec, &buf, &len);
  record_free (&rec);

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
