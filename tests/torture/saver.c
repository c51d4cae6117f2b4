/*
 * saver — a driver for the torture tests (the scripts beside it): streams
 * of saves through the store's own API (store.h), and the checks run on
 * the database afterwards.  It links libcanbao.a, so what it exercises is
 * exactly what the screens and commands call.
 *
 *   saver init DB N
 *       N people (valid IDs, see person_id), each with counter 0.
 *   saver stream DB N TAG [SEED]
 *       Saves until killed, or until SIGHUP/SIGTERM/SIGINT (then exits 0
 *       after "interrupted"): each save picks a person at random and sets
 *       torture.seq to TAG:K (K = 1, 2, …), alternately through
 *       store_save with the revision it read (a conflict is re-read and
 *       retried) and through store_run with store_txn_get/store_txn_put.
 *       "ID TAG:K" is printed, and flushed, only once the save returned
 *       STORE_OK: every printed line must survive whatever kills us.
 *   saver count DB N SECONDS txn|save
 *       For SECONDS, increments a random person's counter by
 *       read-modify-write: "txn" in one store_run (store_txn_get +
 *       store_txn_put), "save" by store_get and store_save with the
 *       expected revision, a STORE_CONFLICT counted and retried after
 *       reading again.  Prints "saves S conflicts C retries R", where R
 *       is, for "txn", how often store_run ran the work again (deadlocks
 *       and lock timeouts) and, for "save", the re-reads after a
 *       conflict.
 *   saver check DB REPORTED
 *       REPORTED holds stream lines.  Fails (exit 1, a line per problem)
 *       unless each reported TAG:K is in the person's audit history as a
 *       value of torture.seq; one tag's values follow each other in the
 *       history in the order they were made; each person's stored
 *       torture.seq is the newest in the history; and each person's _rev
 *       is 1 plus the number of torture.seq entries (no save half there).
 *   saver sum DB
 *       Prints "counters S entries E": the sum of every person's counter
 *       and the number of audit entries that changed a counter by
 *       action "count".
 *   saver history DB
 *       Every change in the audit log, one line each: ID, field, old and
 *       new value (\N when absent) and action, tab-separated, with tabs,
 *       newlines and backslashes in values escaped; who and when are left
 *       out, so that two databases that went through the same changes
 *       print the same lines (in commit order; sort to compare sets).
 *
 * Exit status: 0 fine, 1 a check failed, 2 usage or the store failed.
 */
#include "system.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "idnum.h"
#include "msg.h"
#include "record.h"
#include "store.h"

#define SEQ_FIELD "torture.seq"
#define COUNTER_FIELD "counter"
#define MAX_PEOPLE 999

static void
usage (void)
{
  fputs ("usage: saver init DB N | stream DB N TAG [SEED] | "
         "count DB N SECONDS txn|save | check DB REPORTED | sum DB | "
         "history DB\n",
         stderr);
  exit (2);
}

/* Person I (0 <= I < MAX_PEOPLE): a valid ID, 男 or 女 by I's parity. */
static void
person_id (int i, char id[IDNUM_SIZE])
{
  snprintf (id, IDNUM_SIZE, "43012219800101%03u", (unsigned) (i + 1) % 1000u);
  id[17] = idnum_check_char (id);
  id[18] = '\0';
}

static int
people_arg (const char *s)
{
  int n = atoi (s);

  if (n < 1 || n > MAX_PEOPLE)
    usage ();
  return n;
}

static struct store *
open_or_die (const char *dir)
{
  struct store *store;
  char *error = NULL;

  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "saver: %s\n", error);
      exit (2);
    }
  return store;
}

static void
store_failed (struct store *store, const char *what, int status)
{
  fprintf (stderr, "saver: %s: status %d: %s\n", what, status,
           store_error (store));
  exit (2);
}

/* ---- init ---- */

static int
run_init (const char *dir, int n)
{
  struct store *store = open_or_die (dir);

  for (int i = 0; i < n; i++)
    {
      struct record *rec = record_new ();
      char id[IDNUM_SIZE];
      int status;

      person_id (i, id);
      record_set (rec, "name", "测试");
      record_set (rec, COUNTER_FIELD, "0");
      status = store_save (store, id, rec, 0, "save", NULL, NULL);
      record_free (&rec);
      if (status != STORE_OK)
        store_failed (store, "init", status);
    }
  store_close (&store);
  return 0;
}

/* ---- stream ---- */

struct set_work
{
  const char *id;
  const char *field;
  const char *value;
};

static int
set_work (struct store_txn *txn, void *arg)
{
  struct set_work *w = arg;
  struct record *rec;
  int status = store_txn_get (txn, w->id, &rec);

  if (status != STORE_OK)
    return status;
  record_set (rec, w->field, w->value);
  status = store_txn_put (txn, w->id, rec, "save");
  record_free (&rec);
  return status;
}

/* Sets ID's FIELD to VALUE with store_save and the revision read; a
   conflict is read again and retried (*CONFLICTS counts them). */
static int
save_field (struct store *store, const char *id, const char *field,
            const char *value, const char *action, unsigned long *conflicts)
{
  for (;;)
    {
      struct record *rec;
      int status = store_get (store, id, &rec);

      if (status != STORE_OK)
        return status;
      record_set (rec, field, value);
      status = store_save (store, id, rec, store_record_rev (rec), action,
                           NULL, NULL);
      record_free (&rec);
      if (status != STORE_CONFLICT)
        return status;
      ++*conflicts;
    }
}

static int
run_stream (const char *dir, int n, const char *tag, unsigned seed)
{
  struct store *store;
  unsigned long conflicts = 0;

  store_install_signal_handlers ();
  store = open_or_die (dir);
  srand (seed);
  for (unsigned long k = 1;; k++)
    {
      char id[IDNUM_SIZE], value[96];
      int status;

      person_id (rand () % n, id);
      snprintf (value, sizeof value, "%s:%lu", tag, k);
      if (k % 2)
        status = save_field (store, id, SEQ_FIELD, value, "save",
                             &conflicts);
      else
        {
          struct set_work w = { id, SEQ_FIELD, value };

          status = store_run (store, 0, set_work, &w);
        }
      if (status == STORE_INTERRUPTED
          || (status == STORE_OK && store_termination_requested ()))
        {
          /* The save in flight is either reported or not done. */
          if (status == STORE_OK)
            printf ("%s %s\n", id, value);
          printf ("interrupted\n");
          store_close (&store);
          return 0;
        }
      if (status != STORE_OK)
        store_failed (store, "stream", status);
      printf ("%s %s\n", id, value);
      fflush (stdout);
    }
}

/* ---- count ---- */

struct count_work
{
  const char *id;
};

static int
increment (struct record *rec)
{
  const char *old = record_get (rec, COUNTER_FIELD);
  char buf[32];

  snprintf (buf, sizeof buf, "%lu", (old ? strtoul (old, NULL, 10) : 0) + 1);
  return record_set (rec, COUNTER_FIELD, buf);
}

/* How often count_work ran: store_run runs it again after a deadlock or
   a lock timeout, so this less the successes is the number of reruns. */
static unsigned long count_attempts;

static int
count_work (struct store_txn *txn, void *arg)
{
  struct count_work *w = arg;
  struct record *rec;
  int status;

  count_attempts++;
  status = store_txn_get (txn, w->id, &rec);

  if (status != STORE_OK)
    return status;
  increment (rec);
  status = store_txn_put (txn, w->id, rec, "count");
  record_free (&rec);
  return status;
}

static double
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
run_count (const char *dir, int n, double seconds, bool by_txn)
{
  struct store *store = open_or_die (dir);
  unsigned long saves = 0, conflicts = 0, retries = 0;
  double end = now_seconds () + seconds;

  srand ((unsigned) getpid ());
  while (now_seconds () < end)
    {
      char id[IDNUM_SIZE];
      int status;

      person_id (rand () % n, id);
      if (by_txn)
        {
          struct count_work w = { id };

          status = store_run (store, 0, count_work, &w);
        }
      else
        for (;;)
          {
            struct record *rec;

            status = store_get (store, id, &rec);
            if (status != STORE_OK)
              break;
            increment (rec);
            status = store_save (store, id, rec, store_record_rev (rec),
                                 "count", NULL, NULL);
            record_free (&rec);
            if (status != STORE_CONFLICT)
              break;
            conflicts++;
            retries++;
          }
      if (status != STORE_OK)
        store_failed (store, "count", status);
      saves++;
    }
  store_close (&store);
  if (by_txn)
    retries = count_attempts - saves;
  printf ("saves %lu conflicts %lu retries %lu\n", saves, conflicts,
          retries);
  return 0;
}

/* ---- check ---- */

/* A reported save: ID, tag and K. */
struct reported
{
  char id[IDNUM_SIZE];
  char tag[64];
  unsigned long k;
  bool found;
};

struct check
{
  struct reported *r;
  size_t n;
  unsigned long problems;
};

/* Splits "TAG:K"; false when VALUE is not one. */
static bool
split_value (const char *value, char *tag, size_t tagsz, unsigned long *k)
{
  const char *colon = strrchr (value, ':');
  char *end;

  if (!colon || (size_t) (colon - value) >= tagsz)
    return false;
  memcpy (tag, value, (size_t) (colon - value));
  tag[colon - value] = '\0';
  *k = strtoul (colon + 1, &end, 10);
  return *end == '\0' && end != colon + 1;
}

static int
mark_found (const struct store_audit_entry *e, void *arg)
{
  struct check *c = arg;
  char tag[64];
  unsigned long k;

  if (strcmp (e->field, SEQ_FIELD) != 0 || !e->new_value
      || !split_value (e->new_value, tag, sizeof tag, &k))
    return STORE_OK;
  for (size_t i = 0; i < c->n; i++)
    if (c->r[i].k == k && strcmp (c->r[i].tag, tag) == 0
        && strcmp (c->r[i].id, e->id) == 0)
      c->r[i].found = true;
  return STORE_OK;
}

/* One person's history of torture.seq, walked oldest first. */
struct history
{
  unsigned long entries;
  char last[128];               /* the newest value */
  char tags[8][64];             /* the last K seen per tag */
  unsigned long ks[8];
  size_t ntags;
  unsigned long problems;
};

static int
walk_history (const struct store_audit_entry *e, void *arg)
{
  struct history *h = arg;
  char tag[64];
  unsigned long k;
  size_t t;

  if (strcmp (e->field, SEQ_FIELD) != 0)
    return STORE_OK;
  h->entries++;
  snprintf (h->last, sizeof h->last, "%s", e->new_value ? e->new_value : "");
  if (!e->new_value || !split_value (e->new_value, tag, sizeof tag, &k))
    return STORE_OK;
  for (t = 0; t < h->ntags && strcmp (h->tags[t], tag) != 0; t++)
    ;
  if (t == h->ntags && t < ARRAY_SIZE (h->tags))
    {
      snprintf (h->tags[t], sizeof h->tags[t], "%s", tag);
      h->ks[t] = 0;
      h->ntags++;
    }
  if (t < h->ntags)
    {
      /* One stream's saves commit in the order it made them. */
      if (k <= h->ks[t])
        {
          printf ("%s: %s:%lu committed after %s:%lu\n", e->id, tag, k, tag,
                  h->ks[t]);
          h->problems++;
        }
      h->ks[t] = k;
    }
  return STORE_OK;
}

struct person_check
{
  struct store *store;
  unsigned long problems;
};

/* Each person: the stored torture.seq is the newest in the history, and
   _rev counts the saves (creation, then one per torture.seq change). */
static int
check_person (const char *id, const struct record *rec, void *arg)
{
  struct person_check *pc = arg;
  struct history h;
  const char *value = record_get (rec, SEQ_FIELD);
  int status;

  memset (&h, 0, sizeof h);
  status = store_audit_scan (pc->store, id, walk_history, &h);
  if (status != STORE_OK)
    return status;
  pc->problems += h.problems;
  if (strcmp (value ? value : "", h.last) != 0)
    {
      printf ("%s: holds [%s] but the history ends with [%s]\n", id,
              value ? value : "", h.last);
      pc->problems++;
    }
  if (store_record_rev (rec) != h.entries + 1)
    {
      printf ("%s: revision %lu after %lu saves of torture.seq\n", id,
              store_record_rev (rec), h.entries);
      pc->problems++;
    }
  return STORE_OK;
}

static int
run_check (const char *dir, const char *reported_path)
{
  FILE *fp = fopen (reported_path, "r");
  struct check c = { NULL, 0, 0 };
  struct person_check pc;
  struct store *store;
  size_t cap = 0;
  char line[256];
  int status;

  if (!fp)
    {
      perror (reported_path);
      return 2;
    }
  while (fgets (line, sizeof line, fp))
    {
      char id[IDNUM_SIZE], value[128];

      if (sscanf (line, "%18s %127s", id, value) != 2)
        continue;               /* "interrupted" */
      if (c.n == cap)
        {
          cap = cap ? cap * 2 : 1024;
          c.r = xrealloc (c.r, cap * sizeof *c.r);
        }
      memset (&c.r[c.n], 0, sizeof c.r[c.n]);
      snprintf (c.r[c.n].id, sizeof c.r[c.n].id, "%s", id);
      if (!split_value (value, c.r[c.n].tag, sizeof c.r[c.n].tag,
                        &c.r[c.n].k))
        {
          fprintf (stderr, "saver: %s: not a stream line: %s", reported_path,
                   line);
          return 2;
        }
      c.n++;
    }
  fclose (fp);

  store = open_or_die (dir);
  status = store_audit_scan (store, NULL, mark_found, &c);
  if (status != STORE_OK)
    store_failed (store, "audit scan", status);
  for (size_t i = 0; i < c.n; i++)
    if (!c.r[i].found)
      {
        printf ("%s: the reported save %s:%lu is lost\n", c.r[i].id,
                c.r[i].tag, c.r[i].k);
        c.problems++;
      }
  pc.store = store;
  pc.problems = 0;
  status = store_scan (store, STORE_BY_ID, "", check_person, &pc);
  if (status != STORE_OK)
    store_failed (store, "scan", status);
  store_close (&store);
  free (c.r);
  printf ("%zu reported saves checked, %lu problems\n", c.n,
          c.problems + pc.problems);
  return c.problems + pc.problems ? 1 : 0;
}

/* ---- sum ---- */

static int
add_counter (const char *id, const struct record *rec, void *arg)
{
  const char *v = record_get (rec, COUNTER_FIELD);

  (void) id;
  if (v)
    *(unsigned long *) arg += strtoul (v, NULL, 10);
  return STORE_OK;
}

static int
count_increments (const struct store_audit_entry *e, void *arg)
{
  if (strcmp (e->field, COUNTER_FIELD) == 0
      && strcmp (e->action, "count") == 0)
    ++*(unsigned long *) arg;
  return STORE_OK;
}

static int
run_sum (const char *dir)
{
  struct store *store = open_or_die (dir);
  unsigned long sum = 0, entries = 0;
  int status = store_scan (store, STORE_BY_ID, "", add_counter, &sum);

  if (status == STORE_OK)
    status = store_audit_scan (store, NULL, count_increments, &entries);
  if (status != STORE_OK)
    store_failed (store, "sum", status);
  store_close (&store);
  printf ("counters %lu entries %lu\n", sum, entries);
  return 0;
}

/* ---- history ---- */

static void
put_escaped (const char *s)
{
  if (!s)
    {
      fputs ("\\N", stdout);
      return;
    }
  for (; *s; s++)
    if (*s == '\t')
      fputs ("\\t", stdout);
    else if (*s == '\n')
      fputs ("\\n", stdout);
    else if (*s == '\\')
      fputs ("\\\\", stdout);
    else
      putchar (*s);
}

static int
print_change (const struct store_audit_entry *e, void *arg)
{
  (void) arg;
  put_escaped (e->id);
  putchar ('\t');
  put_escaped (e->field);
  putchar ('\t');
  put_escaped (e->old_value);
  putchar ('\t');
  put_escaped (e->new_value);
  putchar ('\t');
  put_escaped (e->action);
  putchar ('\n');
  return STORE_OK;
}

static int
run_history (const char *dir)
{
  struct store *store = open_or_die (dir);
  int status = store_audit_scan (store, NULL, print_change, NULL);

  if (status != STORE_OK)
    store_failed (store, "history", status);
  store_close (&store);
  return fflush (stdout) == 0 ? 0 : 2;
}

int
main (int argc, char **argv)
{
  if (argc >= 4 && strcmp (argv[1], "init") == 0)
    return run_init (argv[2], people_arg (argv[3]));
  if ((argc == 5 || argc == 6) && strcmp (argv[1], "stream") == 0)
    return run_stream (argv[2], people_arg (argv[3]), argv[4],
                       argc == 6 ? (unsigned) strtoul (argv[5], NULL, 10)
                       : (unsigned) getpid ());
  if (argc == 6 && strcmp (argv[1], "count") == 0
      && (strcmp (argv[5], "txn") == 0 || strcmp (argv[5], "save") == 0))
    return run_count (argv[2], people_arg (argv[3]), atof (argv[4]),
                      strcmp (argv[5], "txn") == 0);
  if (argc == 4 && strcmp (argv[1], "check") == 0)
    return run_check (argv[2], argv[3]);
  if (argc == 3 && strcmp (argv[1], "sum") == 0)
    return run_sum (argv[2]);
  if (argc == 3 && strcmp (argv[1], "history") == 0)
    return run_history (argv[2]);
  usage ();
}
