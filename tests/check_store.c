/*
 * check_store.c — the Berkeley DB store: saving with revisions and audit
 * entries, indices, renames, drafts, counters, permissions whatever the
 * umask, the schema check, verify and backup, several processes at once,
 * and recovery after a process is killed in the middle of its work.
 */
#include "system.h"

#include <check.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <db.h>

#include "msg.h"
#include "store.h"
#include "suites.h"
#include "testutil.h"

#define ID1 "430103198407172172"
#define ID2 "110101199003070019"
#define ID3 "430122196503121236"

static char *dir;
static struct store *store;

static void
open_fresh (void)
{
  char *error = NULL;

  dir = testutil_mkdtemp ("store");
  testutil_rmtree (dir);        /* store_open must create it */
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  ck_assert_ptr_null (error);
}

static void
close_fresh (void)
{
  store_close (&store);
  testutil_rmtree (dir);
  free (dir);
  dir = NULL;
}

static struct record *
person (const char *name, const char *village, const char *status)
{
  struct record *rec = record_new ();

  ck_assert_int_eq (record_set (rec, "name", name), 0);
  if (village)
    ck_assert_int_eq (record_set (rec, "village", village), 0);
  if (status)
    ck_assert_int_eq (record_set (rec, STORE_F_STATUS, status), 0);
  return rec;
}

static void
save_new (const char *id, const char *name, const char *village,
          const char *status)
{
  struct record *rec = person (name, village, status);

  ck_assert_int_eq (store_save (store, id, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_free (&rec);
}

START_TEST (test_save_and_get)
{
  struct record *rec = person ("张三", "光明村", "entered"), *got;
  unsigned long rev = 0;

  ck_assert_int_eq (store_get (store, ID1, &got), STORE_NOTFOUND);
  ck_assert_ptr_null (got);
  ck_assert_int_eq (store_save (store, ID1, rec, 0, "save", NULL, &rev),
                    STORE_OK);
  ck_assert_uint_eq (rev, 1);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "张三");
  ck_assert_str_eq (record_get (got, STORE_F_REV), "1");
  ck_assert_str_eq (record_get (got, STORE_F_CREATED_BY),
                    store_clerk (store)->user);
  ck_assert_ptr_nonnull (record_get (got, STORE_F_CHANGED_AT));
  record_free (&got);

  record_set (rec, "name", "张叁");
  ck_assert_int_eq (store_save (store, ID1, rec, 1, "save", NULL, &rev),
                    STORE_OK);
  ck_assert_uint_eq (rev, 2);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "张叁");
  ck_assert_uint_eq (store_record_rev (got), 2);
  record_free (&got);
  record_free (&rec);
}
END_TEST

START_TEST (test_stale_revision_is_a_conflict)
{
  struct record *mine = person ("李四", NULL, "entered"), *current = NULL;
  struct record *theirs = person ("李肆", NULL, "entered"), *got;

  ck_assert_int_eq (store_save (store, ID1, mine, 0, "save", NULL, NULL),
                    STORE_OK);
  /* Two clerks read revision 1; the first saves. */
  ck_assert_int_eq (store_save (store, ID1, theirs, 1, "save", NULL, NULL),
                    STORE_OK);
  record_set (mine, "village", "新村");
  ck_assert_int_eq (store_save (store, ID1, mine, 1, "save", &current, NULL),
                    STORE_CONFLICT);
  ck_assert_ptr_nonnull (current);
  ck_assert_str_eq (record_get (current, "name"), "李肆");
  ck_assert_uint_eq (store_record_rev (current), 2);
  record_free (&current);
  /* Creating someone who exists is a conflict too. */
  ck_assert_int_eq (store_save (store, ID1, mine, 0, "save", &current, NULL),
                    STORE_CONFLICT);
  record_free (&current);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "李肆");
  ck_assert_ptr_null (record_get (got, "village"));
  record_free (&got);
  record_free (&mine);
  record_free (&theirs);
}
END_TEST

struct audit_log
{
  char text[4096];
  unsigned long entries, last_seq;
};

static int
collect_audit (const struct store_audit_entry *e, void *arg)
{
  struct audit_log *log = arg;
  size_t n = strlen (log->text);

  ck_assert_uint_gt (e->seq, log->last_seq);
  log->last_seq = e->seq;
  log->entries++;
  snprintf (log->text + n, sizeof log->text - n, "%s %s %s>%s %s|",
            e->id, e->field, e->old_value ? e->old_value : "-",
            e->new_value ? e->new_value : "-", e->action);
  ck_assert_str_eq (e->user, store_clerk (store)->user);
  ck_assert_int_eq (strlen (e->time), 25);      /* 2026-11-24T10:00:00+08:00 */
  return STORE_OK;
}

START_TEST (test_audit_records_each_changed_field)
{
  struct record *rec = person ("王五", "光明村", "entered");
  struct audit_log log = { "", 0, 0 };
  struct store_summary summary;

  ck_assert_int_eq (store_save (store, ID1, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_set (rec, "name", "王伍");
  record_set (rec, "village", NULL);
  ck_assert_int_eq (store_save (store, ID1, rec, STORE_ANY_REV, "review",
                                NULL, NULL), STORE_OK);
  /* Saving the same again changes nothing and records nothing. */
  ck_assert_int_eq (store_save (store, ID1, rec, STORE_ANY_REV, "save",
                                NULL, NULL), STORE_OK);
  save_new (ID2, "赵六", NULL, NULL);

  ck_assert_int_eq (store_audit_scan (store, ID1, collect_audit, &log),
                    STORE_OK);
  ck_assert_str_eq (log.text,
                    ID1 " _status ->entered save|"
                    ID1 " name ->王五 save|"
                    ID1 " village ->光明村 save|"
                    ID1 " name 王五>王伍 review|"
                    ID1 " village 光明村>- review|");
  memset (&log, 0, sizeof log);
  ck_assert_int_eq (store_audit_scan (store, NULL, collect_audit, &log),
                    STORE_OK);
  ck_assert_uint_eq (log.entries, 6);
  ck_assert_int_eq (store_summarise (store, &summary), STORE_OK);
  ck_assert_uint_eq (summary.audit_entries, 6);
  ck_assert_uint_eq (summary.people, 2);
  ck_assert_uint_eq (summary.entered, 1);
  record_free (&rec);
}
END_TEST

struct id_list
{
  char text[1024];
};

static int
collect_ids (const char *id, const struct record *rec, void *arg)
{
  struct id_list *list = arg;
  size_t n = strlen (list->text);

  snprintf (list->text + n, sizeof list->text - n, "%s:%s ", id,
            record_get (rec, "name"));
  return STORE_OK;
}

static const char *
scan_ids (enum store_index index, const char *prefix, bool exact)
{
  static struct id_list list;

  list.text[0] = '\0';
  ck_assert_int_eq (exact ? store_scan_exact (store, index, prefix,
                                              collect_ids, &list)
                    : store_scan (store, index, prefix, collect_ids, &list),
                    STORE_OK);
  return list.text;
}

static void count_problem (const char *line, void *arg);

/* Counts a scan's changes and checks that their numbers run on without a
   gap, whichever entry holds them. */
static int
count_consecutive (const struct store_audit_entry *e, void *arg)
{
  unsigned long *seen = arg;

  ck_assert_uint_eq (e->seq, *seen + 1);
  ck_assert_str_eq (e->id, ID3);
  ++*seen;
  return STORE_OK;
}

START_TEST (test_audit_save_of_many_fields)
{
  /* More changes than one audit entry holds: they are spread over
     several, and every one is still listed and counted. */
  struct record *rec = person ("孙七", NULL, NULL);
  struct store_summary summary;
  unsigned long seen = 0;
  int problems = 0;
  char name[32];

  for (int i = 0; i < 2500; i++)
    {
      snprintf (name, sizeof name, "extra%04d", i);
      ck_assert_int_eq (record_set (rec, name, "值"), 0);
    }
  ck_assert_int_eq (store_save (store, ID3, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  ck_assert_int_eq (store_audit_scan (store, ID3, count_consecutive, &seen),
                    STORE_OK);
  ck_assert_uint_eq (seen, 2501);                /* and the name */
  ck_assert_int_eq (store_summarise (store, &summary), STORE_OK);
  ck_assert_uint_eq (summary.audit_entries, 2501);
  ck_assert_int_eq (store_verify (store, count_problem, &problems), STORE_OK);
  ck_assert_int_eq (problems, 0);
  record_free (&rec);
}
END_TEST

START_TEST (test_indices)
{
  struct record *rec;

  save_new (ID1, "张三", "光明村", "entered");
  save_new (ID2, "张三丰", "新村", "draft");
  save_new (ID3, "李四", "光明村", "reviewed");

  ck_assert_str_eq (scan_ids (STORE_BY_NAME, "张三", false),
                    ID1 ":张三 " ID2 ":张三丰 ");
  ck_assert_str_eq (scan_ids (STORE_BY_NAME, "张三", true), ID1 ":张三 ");
  ck_assert_str_eq (scan_ids (STORE_BY_VILLAGE, "光明村", true),
                    ID1 ":张三 " ID3 ":李四 ");
  ck_assert_str_eq (scan_ids (STORE_BY_STATUS, "draft", true),
                    ID2 ":张三丰 ");
  ck_assert_str_eq (scan_ids (STORE_BY_ID, "4301", false),
                    ID1 ":张三 " ID3 ":李四 ");
  ck_assert_str_eq (scan_ids (STORE_BY_ID, "", false),
                    ID2 ":张三丰 " ID1 ":张三 " ID3 ":李四 ");
  ck_assert_str_eq (scan_ids (STORE_BY_QUEUE, "", false), "");

  /* A change moves the index entries with it. */
  ck_assert_int_eq (store_get (store, ID1, &rec), STORE_OK);
  record_set (rec, "village", "新村");
  record_set (rec, STORE_F_QUEUE, "城关镇\t新村");
  ck_assert_int_eq (store_save (store, ID1, rec, store_record_rev (rec),
                                "save", NULL, NULL), STORE_OK);
  record_free (&rec);
  ck_assert_str_eq (scan_ids (STORE_BY_VILLAGE, "光明村", true),
                    ID3 ":李四 ");
  ck_assert_str_eq (scan_ids (STORE_BY_QUEUE, "城关镇\t", false),
                    ID1 ":张三 ");
}
END_TEST

/* Enough people that a scan takes several batches, and a callback that
   writes while the scan runs: the scan must not block its own writes. */
static int
touch_each (const char *id, const struct record *rec, void *arg)
{
  struct record *copy = record_dup (rec);
  int *count = arg;

  record_set (copy, "seen", "1");
  ck_assert_int_eq (store_save (store, id, copy, store_record_rev (rec),
                                "save", NULL, NULL), STORE_OK);
  record_free (&copy);
  (*count)++;
  return STORE_OK;
}

START_TEST (test_scan_callback_may_write)
{
  int count = 0, n = testutil_under_valgrind () ? 150 : 400;
  char id[32], name[32];

  for (int i = 0; i < n; i++)
    {
      snprintf (id, sizeof id, "ID%05d", i);
      snprintf (name, sizeof name, "N%05d", i);
      save_new (id, name, "村", NULL);
    }
  ck_assert_int_eq (store_scan (store, STORE_BY_VILLAGE, "村", touch_each,
                                &count), STORE_OK);
  ck_assert_int_eq (count, n);
}
END_TEST

static int
stop_at_second (const char *id, const struct record *rec, void *arg)
{
  int *count = arg;

  (void) id;
  (void) rec;
  return ++*count == 2 ? STORE_STOP : STORE_OK;
}

START_TEST (test_scan_stops_when_asked)
{
  int count = 0;

  save_new (ID1, "甲", NULL, NULL);
  save_new (ID2, "乙", NULL, NULL);
  save_new (ID3, "丙", NULL, NULL);
  ck_assert_int_eq (store_scan (store, STORE_BY_ID, "", stop_at_second,
                                &count), STORE_STOP);
  ck_assert_int_eq (count, 2);
}
END_TEST

struct rename_work
{
  const char *from, *to;
};

static int
rename_work (struct store_txn *txn, void *arg)
{
  struct rename_work *w = arg;

  return store_txn_rename (txn, w->from, w->to, "correct-id");
}

START_TEST (test_rename_moves_record_and_history)
{
  struct rename_work w = { "43010319840717217X", ID1 };
  struct record *got;
  struct audit_log log = { "", 0, 0 };
  struct store_summary summary;

  save_new (w.from, "孙七", "光明村", "entered");
  save_new (ID2, "周八", NULL, NULL);
  ck_assert_int_eq (store_run (store, 0, rename_work, &w), STORE_OK);
  ck_assert_int_eq (store_get (store, w.from, &got), STORE_NOTFOUND);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "孙七");
  record_free (&got);
  ck_assert_str_eq (scan_ids (STORE_BY_NAME, "孙七", true), ID1 ":孙七 ");
  ck_assert_int_eq (store_audit_scan (store, ID1, collect_audit, &log),
                    STORE_OK);
  ck_assert_str_eq (log.text, ID1 " _id 43010319840717217X>" ID1
                    " correct-id|");
  /* The target is taken: nothing moves. */
  w.from = ID1;
  w.to = ID2;
  ck_assert_int_eq (store_run (store, 0, rename_work, &w), STORE_EXISTS);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  record_free (&got);
  ck_assert_int_eq (store_summarise (store, &summary), STORE_OK);
  ck_assert_uint_eq (summary.people, 2);
  ck_assert_uint_eq (summary.entered, 1);
}
END_TEST

START_TEST (test_drafts)
{
  struct record *draft = person ("未保存", NULL, NULL), *got;

  record_set (draft, "_form", "registration");
  ck_assert_int_eq (store_draft_get (store, "liuxm", &got), STORE_NOTFOUND);
  ck_assert_int_eq (store_draft_put (store, "liuxm", draft), STORE_OK);
  ck_assert_int_eq (store_draft_get (store, "liuxm", &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "未保存");
  ck_assert_str_eq (record_get (got, "_draft_by"), "liuxm");
  record_free (&got);
  ck_assert_int_eq (store_draft_get (store, "other", &got), STORE_NOTFOUND);
  ck_assert_int_eq (store_draft_delete (store, "liuxm"), STORE_OK);
  ck_assert_int_eq (store_draft_delete (store, "liuxm"), STORE_NOTFOUND);
  ck_assert_int_eq (store_draft_get (store, "liuxm", &got), STORE_NOTFOUND);
  record_free (&draft);
}
END_TEST

START_TEST (test_draft_put_works_after_a_signal)
{
  struct record *draft = person ("挂断", NULL, NULL), *got;

  store_install_signal_handlers ();
  raise (SIGHUP);
  ck_assert (store_termination_requested ());
  ck_assert_int_eq (store_save (store, ID1, draft, 0, "save", NULL, NULL),
                    STORE_INTERRUPTED);
  ck_assert_int_eq (store_draft_put (store, "liuxm", draft), STORE_OK);
  ck_assert (store_termination_requested ());
  store_clear_termination ();
  ck_assert_int_eq (store_draft_get (store, "liuxm", &got), STORE_OK);
  record_free (&got);
  record_free (&draft);
  signal (SIGHUP, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  signal (SIGINT, SIG_DFL);
}
END_TEST

static char *
others_can_use (const char *path)
{
  char cmd[4200];
  FILE *p;
  static char out[4096];
  size_t n;

  snprintf (cmd, sizeof cmd, "find '%s' -perm /o=rwx", path);
  p = popen (cmd, "r");
  ck_assert_ptr_nonnull (p);
  n = fread (out, 1, sizeof out - 1, p);
  out[n] = '\0';
  pclose (p);
  return out;
}

START_TEST (test_files_closed_to_others_under_umask_000)
{
  mode_t old = umask (0);
  struct stat st;

  open_fresh ();
  umask (0);                    /* store_open raised it; lower it again */
  save_new (ID1, "吴九", NULL, "entered");
  store_close (&store);
  ck_assert_str_eq (others_can_use (dir), "");
  ck_assert_int_eq (stat (dir, &st), 0);
  ck_assert_int_eq (st.st_mode & 02777, 02770);
  testutil_rmtree (dir);
  free (dir);
  umask (old);
}
END_TEST

START_TEST (test_newer_schema_is_refused)
{
  DB_ENV *env;
  DB *meta;
  DBT key, data;
  char *error = NULL;
  struct record *got;

  save_new (ID1, "郑十", NULL, NULL);
  store_close (&store);
  /* Write schema 99 the way a future canbao would. */
  ck_assert_int_eq (db_env_create (&env, 0), 0);
  ck_assert_int_eq (env->open (env, dir, DB_CREATE | DB_INIT_LOCK | DB_INIT_LOG
                               | DB_INIT_MPOOL | DB_INIT_TXN | DB_REGISTER
                               | DB_RECOVER, 0660), 0);
  ck_assert_int_eq (db_create (&meta, env, 0), 0);
  ck_assert_int_eq (meta->open (meta, NULL, "meta.db", NULL, DB_BTREE,
                                DB_AUTO_COMMIT, 0), 0);
  memset (&key, 0, sizeof key);
  memset (&data, 0, sizeof data);
  key.data = "schema";
  key.size = 6;
  data.data = "99";
  data.size = 2;
  ck_assert_int_eq (meta->put (meta, NULL, &key, &data, DB_AUTO_COMMIT), 0);
  meta->close (meta, 0);
  env->close (env, 0);

  ck_assert_int_eq (store_open (dir, &store, &error), STORE_ERROR);
  ck_assert_ptr_null (store);
  ck_assert_ptr_nonnull (strstr (error, "99"));
  free (error);
  /* Put the schema back so that close_fresh has a store to close. */
  ck_assert_int_eq (db_env_create (&env, 0), 0);
  ck_assert_int_eq (env->open (env, dir, DB_CREATE | DB_INIT_LOCK | DB_INIT_LOG
                               | DB_INIT_MPOOL | DB_INIT_TXN | DB_REGISTER
                               | DB_RECOVER, 0660), 0);
  ck_assert_int_eq (db_create (&meta, env, 0), 0);
  ck_assert_int_eq (meta->open (meta, NULL, "meta.db", NULL, DB_BTREE,
                                DB_AUTO_COMMIT, 0), 0);
  data.data = "1";
  data.size = 1;
  ck_assert_int_eq (meta->put (meta, NULL, &key, &data, DB_AUTO_COMMIT), 0);
  meta->close (meta, 0);
  env->close (env, 0);
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  record_free (&got);
}
END_TEST

static void
count_problem (const char *line, void *arg)
{
  (void) line;
  ++*(int *) arg;
}

START_TEST (test_verify_and_backup)
{
  char *backup = testutil_mkdtemp ("backup"), *error = NULL;
  struct store *copy;
  struct record *got;
  int problems = 0;

  save_new (ID1, "钱一", "光明村", "entered");
  save_new (ID2, "钱二", "新村", "reviewed");
  ck_assert_int_eq (store_verify (store, count_problem, &problems), STORE_OK);
  ck_assert_int_eq (problems, 0);
  ck_assert_int_eq (store_backup (store, backup, &error), STORE_OK);
  ck_assert_str_eq (others_can_use (backup), "");
  /* The backup opens on its own and holds what was committed. */
  ck_assert_int_eq (store_open (backup, &copy, &error), STORE_OK);
  ck_assert_int_eq (store_get (copy, ID2, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "钱二");
  record_free (&got);
  ck_assert_int_eq (store_verify (copy, count_problem, &problems), STORE_OK);
  store_close (&copy);
  testutil_rmtree (backup);
  free (backup);
}
END_TEST

/* ---- several processes ---- */

#define WORKERS 4
#define ROUNDS 40

struct increment_work
{
  const char *id;
};

/* Read-modify-write of a counter field: lost updates would show as a
   final value below WORKERS * ROUNDS. */
static int
increment_work (struct store_txn *txn, void *arg)
{
  struct increment_work *w = arg;
  struct record *rec;
  char buf[32];
  int status = store_txn_get (txn, w->id, &rec);

  if (status != STORE_OK)
    return status;
  snprintf (buf, sizeof buf, "%lu",
            strtoul (record_get (rec, "count"), NULL, 10) + 1);
  record_set (rec, "count", buf);
  status = store_txn_put (txn, w->id, rec, "count");
  record_free (&rec);
  return status;
}

START_TEST (test_processes_lose_no_update)
{
  struct record *rec = record_new (), *got;
  pid_t pids[WORKERS];
  int rounds = testutil_under_valgrind () ? 5 : ROUNDS;

  record_set (rec, "count", "0");
  ck_assert_int_eq (store_save (store, ID1, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_free (&rec);
  store_close (&store);
  for (int i = 0; i < WORKERS; i++)
    {
      pids[i] = fork ();
      ck_assert_int_ge (pids[i], 0);
      if (pids[i] == 0)
        {
          struct store *mine;
          struct increment_work w = { ID1 };
          int failures = 0;

          if (store_open (dir, &mine, NULL) != STORE_OK)
            _exit (3);
          for (int r = 0; r < rounds; r++)
            failures += store_run (mine, 0, increment_work, &w) != STORE_OK;
          store_close (&mine);
          _exit (failures ? 1 : 0);
        }
    }
  for (int i = 0; i < WORKERS; i++)
    {
      int wstatus;

      ck_assert_int_eq (waitpid (pids[i], &wstatus, 0), pids[i]);
      ck_assert (WIFEXITED (wstatus));
      ck_assert_int_eq (WEXITSTATUS (wstatus), 0);
    }
  ck_assert_int_eq (store_open (dir, &store, NULL), STORE_OK);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_uint_eq (strtoul (record_get (got, "count"), NULL, 10),
                     (unsigned long) WORKERS * rounds);
  ck_assert_uint_eq (store_record_rev (got), 1ul + WORKERS * rounds);
  record_free (&got);
}
END_TEST

static int
count_people (const char *id, const struct record *rec, void *arg)
{
  (void) id;
  (void) rec;
  ++*(unsigned long *) arg;
  return STORE_OK;
}

START_TEST (test_killed_writer_recovers)
{
  int kills = testutil_under_valgrind () ? 2 : 6;
  unsigned long committed = 0;

  store_close (&store);
  for (int k = 0; k < kills; k++)
    {
      int fds[2];
      pid_t pid;
      unsigned long n = 0;
      char buf[64];

      ck_assert_int_eq (pipe (fds), 0);
      pid = fork ();
      ck_assert_int_ge (pid, 0);
      if (pid == 0)
        {
          struct store *mine;

          close (fds[0]);
          if (store_open (dir, &mine, NULL) != STORE_OK)
            _exit (3);
          /* Save people one after another and say which committed. */
          for (unsigned long i = 0;; i++)
            {
              struct record *rec = record_new ();
              char id[32];

              snprintf (id, sizeof id, "K%02d%06lu", k, i);
              record_set (rec, "name", id);
              if (store_save (mine, id, rec, 0, "save", NULL, NULL)
                  != STORE_OK)
                _exit (4);
              record_free (&rec);
              snprintf (buf, sizeof buf, "%lu\n", i + 1);
              if (write (fds[1], buf, strlen (buf)) < 0)
                _exit (5);
            }
        }
      close (fds[1]);
      {
        /* Let it commit a few, then kill it mid-stream; lines already in
           the pipe still count, since their saves had returned. */
        FILE *from_child = fdopen (fds[0], "r");
        bool killed = false;

        ck_assert_ptr_nonnull (from_child);
        while (fgets (buf, sizeof buf, from_child))
          {
            n = strtoul (buf, NULL, 10);
            if (!killed && n >= 3 + (unsigned long) k * 7)
              {
                kill (pid, SIGKILL);
                killed = true;
              }
          }
        fclose (from_child);
      }
      waitpid (pid, NULL, 0);
      committed += n;

      /* The next opener recovers; everything reported committed is
         there, and the files verify. */
      {
        unsigned long count = 0;
        int problems = 0;
        char prefix[8];

        ck_assert_int_eq (store_open (dir, &store, NULL), STORE_OK);
        snprintf (prefix, sizeof prefix, "K%02d", k);
        ck_assert_int_eq (store_scan (store, STORE_BY_ID, prefix,
                                      count_people, &count), STORE_OK);
        ck_assert_uint_ge (count, n);
        ck_assert_int_eq (store_verify (store, count_problem, &problems),
                          STORE_OK);
        store_close (&store);
      }
    }
  ck_assert_uint_gt (committed, 0);
  ck_assert_int_eq (store_open (dir, &store, NULL), STORE_OK);
}
END_TEST

/* Another process runs recovery under our feet (as the first opener after
   a crash does): our handles go stale with DB_RUNRECOVERY, and the store
   reopens and carries on without the caller seeing it. */
START_TEST (test_recovery_elsewhere_is_transparent)
{
  struct record *got;
  pid_t pid;
  int wstatus;

  save_new (ID1, "冯十一", NULL, NULL);
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      DB_ENV *env;

      /* Without DB_REGISTER, DB_RECOVER always recovers. */
      if (db_env_create (&env, 0) != 0
          || env->open (env, dir, DB_CREATE | DB_INIT_LOCK | DB_INIT_LOG
                        | DB_INIT_MPOOL | DB_INIT_TXN | DB_RECOVER,
                        0660) != 0)
        _exit (1);
      env->close (env, 0);
      _exit (0);
    }
  ck_assert_int_eq (waitpid (pid, &wstatus, 0), pid);
  ck_assert (WIFEXITED (wstatus) && WEXITSTATUS (wstatus) == 0);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "name"), "冯十一");
  record_free (&got);
  save_new (ID2, "陈十二", NULL, NULL);
  ck_assert_int_eq (store_get (store, ID2, &got), STORE_OK);
  record_free (&got);
}
END_TEST

/* A process killed while its transaction holds a write lock (SIGKILL, a
   crash, the OOM killer) leaves the lock held by nobody alive.  Another
   clerk's save that waits for it must not wait for ever: the wait times
   out and the store recovers the dead process's work and saves. */
struct hold_work
{
  int ready_fd;
};

static int
hold_lock_work (struct store_txn *txn, void *arg)
{
  struct hold_work *w = arg;
  struct record *rec;

  /* store_txn_get takes the write lock (DB_RMW). */
  if (store_txn_get (txn, ID1, &rec) != STORE_OK
      || write (w->ready_fd, "x", 1) != 1)
    _exit (4);
  for (;;)
    pause ();
}

START_TEST (test_lock_of_a_killed_process_is_freed)
{
  struct record *rec, *got;
  int fds[2];
  char c;
  pid_t pid;

  save_new (ID1, "冯十一", NULL, NULL);
  ck_assert_int_eq (pipe (fds), 0);
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      struct store *mine;
      struct hold_work w = { fds[1] };

      close (fds[0]);
      if (store_open (dir, &mine, NULL) != STORE_OK)
        _exit (3);
      store_run (mine, 0, hold_lock_work, &w);
      _exit (5);
    }
  close (fds[1]);
  ck_assert_int_eq (read (fds[0], &c, 1), 1);
  close (fds[0]);
  kill (pid, SIGKILL);
  ck_assert_int_eq (waitpid (pid, NULL, 0), pid);

  rec = person ("冯十一", "团山湖村", NULL);
  /* Without the lock timeout the save below never returns. */
  alarm (testutil_under_valgrind () ? 300 : 60);
  ck_assert_int_eq (store_save (store, ID1, rec, STORE_ANY_REV, "save", NULL,
                                NULL), STORE_OK);
  alarm (0);
  record_free (&rec);
  ck_assert_int_eq (store_get (store, ID1, &got), STORE_OK);
  ck_assert_str_eq (record_get (got, "village"), "团山湖村");
  record_free (&got);
}
END_TEST

START_TEST (test_default_dir)
{
  char *d;

  setenv ("CANBAO_DB", "/srv/canbao", 1);
  d = store_default_dir ();
  ck_assert_str_eq (d, "/srv/canbao");
  free (d);
  unsetenv ("CANBAO_DB");
  setenv ("XDG_DATA_HOME", "/home/x/data", 1);
  d = store_default_dir ();
  ck_assert_str_eq (d, "/home/x/data/canbao");
  free (d);
  unsetenv ("XDG_DATA_HOME");
  setenv ("HOME", "/home/y", 1);
  d = store_default_dir ();
  ck_assert_str_eq (d, "/home/y/.local/share/canbao");
  free (d);
}
END_TEST

START_TEST (test_status_names)
{
  ck_assert_str_eq (store_status_name ("entered"), "keyed");
  ck_assert_str_eq (store_status_name ("odd"), "odd");
}
END_TEST

Suite *
suite_store (void)
{
  Suite *s = suite_create ("store");
  TCase *tc = tcase_create ("store");

  tcase_add_checked_fixture (tc, open_fresh, close_fresh);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_save_and_get);
  tcase_add_test (tc, test_stale_revision_is_a_conflict);
  tcase_add_test (tc, test_audit_records_each_changed_field);
  tcase_add_test (tc, test_audit_save_of_many_fields);
  tcase_add_test (tc, test_indices);
  tcase_add_test (tc, test_scan_callback_may_write);
  tcase_add_test (tc, test_scan_stops_when_asked);
  tcase_add_test (tc, test_rename_moves_record_and_history);
  tcase_add_test (tc, test_drafts);
  tcase_add_test (tc, test_draft_put_works_after_a_signal);
  tcase_add_test (tc, test_newer_schema_is_refused);
  tcase_add_test (tc, test_verify_and_backup);
  tcase_add_test (tc, test_processes_lose_no_update);
  tcase_add_test (tc, test_killed_writer_recovers);
  tcase_add_test (tc, test_recovery_elsewhere_is_transparent);
  tcase_add_test (tc, test_lock_of_a_killed_process_is_freed);
  suite_add_tcase (s, tc);

  tc = tcase_create ("outside");
  tcase_add_test (tc, test_files_closed_to_others_under_umask_000);
  tcase_add_test (tc, test_default_dir);
  tcase_add_test (tc, test_status_names);
  suite_add_tcase (s, tc);
  return s;
}
