/*
 * store_env.c — the environment: opening, closing, permissions, signals,
 * the schema check and the transaction runner with its retries.
 *
 * Why DB_REGISTER|DB_RECOVER and not failchk: every canbao process is the
 * same program, so all of them can open with DB_REGISTER; the first opener
 * after a process died runs normal recovery before anyone goes on, which
 * needs no watchdog process.  A process whose handles that recovery made
 * stale sees DB_RUNRECOVERY and reopens (store_reopen) without the clerk
 * noticing.
 */
#include "system.h"

#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "store_internal.h"

/* Shared memory for the cache, the same in every process of the
   environment (the first opener sets it).  Small: the working set of a
   township's clerks fits, and a bigger cache only helps bulk imports,
   which run in their own batches. */
#define CACHE_BYTES (8u * 1024 * 1024)
#define LOCK_TIMEOUT_USEC (5u * 1000 * 1000)
/* Buckets of the lock table, which Berkeley DB otherwise sizes from the
   maximum number of lock objects (100,000: an import batch's), together
   with a statistics block per bucket: 12 MB of shared region in which
   every page lock lands in a random place, so that one search through a
   large database made a clerk's process touch (and count as resident)
   nearly all of it.  A few thousand buckets still keep an import
   batch's chains short. */
#define LOCK_TABLE_SIZE 8191
#define FILE_MODE 0660
#define DIR_MODE 02770

static volatile sig_atomic_t termination_requested;

static void
on_termination_signal (int sig)
{
  (void) sig;
  termination_requested = 1;
}

void
store_install_signal_handlers (void)
{
  struct sigaction sa;
  static const int signals[] = { SIGHUP, SIGTERM, SIGINT };

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_termination_signal;
  sigemptyset (&sa.sa_mask);
  /* No SA_RESTART: a blocked read returns so that the caller sees the
     flag at once. */
  sa.sa_flags = 0;
  for (size_t i = 0; i < ARRAY_SIZE (signals); i++)
    sigaction (signals[i], &sa, NULL);
}

bool
store_termination_requested (void)
{
  return termination_requested != 0;
}

void
store_request_termination (void)
{
  termination_requested = 1;
}

void
store_clear_termination (void)
{
  termination_requested = 0;
}

void
store_set_error (struct store *store, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vsnprintf (store->error, sizeof store->error, fmt, ap);
  va_end (ap);
}

const char *
store_error (const struct store *store)
{
  return store->error;
}

int
store_sort (struct store *store, int ret, const char *what)
{
  switch (ret)
    {
    case 0:
      return STORE_OK;
    case DB_NOTFOUND:
    case DB_KEYEMPTY:
      return STORE_NOTFOUND;
    case DB_KEYEXIST:
      return STORE_EXISTS;
    case DB_LOCK_DEADLOCK:
      return STORE_RETRY;
    case DB_LOCK_NOTGRANTED:
      /* A wait longer than the lock timeout (store_watchdog.c): the
         holder may be a process that died holding it, and only recovery
         frees its locks.  Reopening runs it, through DB_REGISTER, when a
         process died; otherwise it only costs the reopen. */
    case DB_RUNRECOVERY:
      return STORE_REOPEN;
    default:
      store_set_error (store, _("%s: %s: %s"), store->dir, what,
                       db_strerror (ret));
      return STORE_ERROR;
    }
}

void
store_now (char *buf, size_t size)
{
  time_t now = time (NULL);
  struct tm tm;
  char zone[8];

  localtime_r (&now, &tm);
  strftime (buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
  /* ISO 8601 wants +08:00; strftime gives +0800. */
  if (strftime (zone, sizeof zone, "%z", &tm) == 5)
    {
      size_t n = strlen (buf);
      snprintf (buf + n, size - n, "%.3s:%.2s", zone, zone + 3);
    }
}

char *
store_default_dir (void)
{
  const char *env = getenv ("CANBAO_DB");
  const char *xdg = getenv ("XDG_DATA_HOME");
  const char *home = getenv ("HOME");
  char *dir;

  if (env && *env)
    return xstrdup (env);
  if (xdg && *xdg == '/')
    {
      dir = xmalloc (strlen (xdg) + sizeof "/canbao");
      sprintf (dir, "%s/canbao", xdg);
      return dir;
    }
  if (!home || !*home)
    home = ".";
  dir = xmalloc (strlen (home) + sizeof "/.local/share/canbao");
  sprintf (dir, "%s/.local/share/canbao", home);
  return dir;
}

/* mkdir -p for the parents (private: 0700), then DIR itself 2770. */
int
store_make_directory (struct store *store, const char *dir)
{
  char *path = xstrdup (dir);
  struct stat st;

  for (char *p = path + 1; *p; p++)
    if (*p == '/')
      {
        *p = '\0';
        if (mkdir (path, 0700) != 0 && errno != EEXIST)
          {
            store_set_error (store, _("cannot create %s: %s"), path,
                             strerror (errno));
            free (path);
            return -1;
          }
        *p = '/';
      }
  free (path);
  if (mkdir (dir, 0770) == 0)
    {
      /* mkdir may drop the setgid bit; it makes files inherit the
         directory's group, which is how clerks share one database. */
      chmod (dir, DIR_MODE);
      return 0;
    }
  if (errno != EEXIST)
    {
      store_set_error (store, _("cannot create %s: %s"), dir,
                       strerror (errno));
      return -1;
    }
  if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      store_set_error (store, _("%s is not a directory"), dir);
      return -1;
    }
  return 0;
}

/* Takes every permission for others away from DIR and its files, and
   gives the group read and write on the files, whatever umask created
   them.  Files of other clerks are left to their owners. */
void
store_close_to_others (const char *dir)
{
  struct stat st;
  DIR *d;
  struct dirent *de;
  uid_t me = geteuid ();

  if (stat (dir, &st) == 0 && st.st_uid == me && (st.st_mode & 07))
    chmod (dir, st.st_mode & 07770);
  d = opendir (dir);
  if (!d)
    return;
  while ((de = readdir (d)))
    {
      char path[4096];

      if (de->d_name[0] == '.' && (!de->d_name[1]
                                   || (de->d_name[1] == '.'
                                       && !de->d_name[2])))
        continue;
      snprintf (path, sizeof path, "%s/%s", dir, de->d_name);
      if (lstat (path, &st) == 0 && S_ISREG (st.st_mode)
          && st.st_uid == me && (st.st_mode & 0667) != 0660)
        chmod (path, (st.st_mode & 07770) | 0660);
    }
  closedir (d);
}

static int
compare_versions (struct store *store)
{
  int major, minor, patch;

  db_version (&major, &minor, &patch);
  if (major != DB_VERSION_MAJOR || minor != DB_VERSION_MINOR)
    {
      store_set_error (store,
                       _("canbao was built with Berkeley DB %d.%d but runs "
                         "with %d.%d.%d; reinstall canbao for this library"),
                       DB_VERSION_MAJOR, DB_VERSION_MINOR, major, minor,
                       patch);
      return -1;
    }
  return 0;
}

static void
report_bdb_error (const DB_ENV *env, const char *prefix, const char *msg)
{
  struct store *store = env->app_private;

  (void) prefix;
  /* Keep the last message for the status line instead of letting Berkeley
     DB print over a curses screen. */
  if (store)
    snprintf (store->error, sizeof store->error, "%s: %s", store->dir, msg);
}

struct db_spec
{
  size_t offset;                /* of the DB * in struct store */
  const char *file;
  DBTYPE type;
  u_int32_t flags;              /* DB->set_flags */
  u_int32_t page_size;          /* 0: Berkeley DB's choice */
  enum store_index index;       /* for a secondary of people.db */
  bool secondary_of_audit;
};

#define SPEC(member, file, type, flags, page, index, of_audit) \
  { offsetof (struct store, member), file, type, flags, page, index, \
    of_audit }

/* Records and audit entries run to a kilobyte or two.  A btree moves an
   item bigger than about a quarter of a page to overflow pages of its own,
   so on Berkeley DB's 4 KB pages each would take a page or more to itself,
   tripling the files and the reads: their files get 16 KB pages.  The
   indices' items are small and keep the default. */
#define BIG_ITEMS (16 * 1024)

static const struct db_spec db_specs[] = {
  SPEC (people, "people.db", DB_BTREE, 0, BIG_ITEMS, STORE_BY_ID, false),
  SPEC (by_name, "people-name.db", DB_BTREE, DB_DUPSORT, 0, STORE_BY_NAME,
        false),
  SPEC (by_village, "people-village.db", DB_BTREE, DB_DUPSORT, 0,
        STORE_BY_VILLAGE, false),
  SPEC (by_status, "people-status.db", DB_BTREE, DB_DUPSORT, 0,
        STORE_BY_STATUS, false),
  SPEC (by_queue, "people-queue.db", DB_BTREE, DB_DUPSORT, 0, STORE_BY_QUEUE,
        false),
  SPEC (audit, "audit.db", DB_BTREE, 0, BIG_ITEMS, STORE_BY_ID, false),
  SPEC (audit_id, "audit-id.db", DB_BTREE, DB_DUPSORT, 0, STORE_BY_ID, true),
  SPEC (drafts, "drafts.db", DB_BTREE, 0, 0, STORE_BY_ID, false),
  SPEC (meta, "meta.db", DB_BTREE, 0, 0, STORE_BY_ID, false),
};

size_t
store_file_count (void)
{
  return ARRAY_SIZE (db_specs);
}

const char *
store_file_name (size_t i)
{
  return db_specs[i].file;
}

static DB **
spec_handle (struct store *store, const struct db_spec *spec)
{
  return (DB **) (void *) ((char *) store + spec->offset);
}

static int
people_index_key (DB *secondary, const DBT *key, const DBT *data, DBT *result)
{
  enum store_index index = (enum store_index) (size_t) secondary->app_private;
  size_t len;
  const char *value;

  (void) key;
  value = store_index_key (index, data->data, data->size, &len);
  if (!value || len == 0)
    return DB_DONOTINDEX;
  memset (result, 0, sizeof *result);
  result->data = (void *) value;
  result->size = (u_int32_t) len;
  return 0;
}

static int
audit_id_key (DB *secondary, const DBT *key, const DBT *data, DBT *result)
{
  const char *value;
  size_t len;

  (void) secondary;
  (void) key;
  if (record_peek_encoded (data->data, data->size, "id", &value, &len) != 1
      || len == 0)
    return DB_DONOTINDEX;
  memset (result, 0, sizeof *result);
  result->data = (void *) value;
  result->size = (u_int32_t) len;
  return 0;
}

/* Reads the schema version; writes it into a new database; refuses one
   from a newer canbao. */
static int
check_schema (struct store *store)
{
  DB_TXN *txn;
  DBT key, data;
  char version[16];
  int ret;

  memset (&key, 0, sizeof key);
  memset (&data, 0, sizeof data);
  key.data = "schema";
  key.size = sizeof "schema" - 1;
  /* No sync: a schema line lost with the power is written at the next
     open, and a read-only open should not wait for the disk. */
  ret = store->env->txn_begin (store->env, NULL, &txn, DB_TXN_NOSYNC);
  if (ret)
    return ret;
  ret = store->meta->get (store->meta, txn, &key, &data, DB_RMW);
  if (ret == DB_NOTFOUND)
    {
      snprintf (version, sizeof version, "%d", STORE_SCHEMA);
      data.data = version;
      data.size = (u_int32_t) strlen (version);
      ret = store->meta->put (store->meta, txn, &key, &data, 0);
      store->wrote = true;
    }
  else if (ret == 0)
    {
      char *end;
      long found;

      snprintf (version, sizeof version, "%.*s",
                (int) (data.size < 15 ? data.size : 15), (char *) data.data);
      errno = 0;
      found = strtol (version, &end, 10);
      if (*end || end == version || found < 1)
        {
          store_set_error (store, _("%s: the schema version \"%s\" is not "
                                    "canbao's; is this a canbao database?"),
                           store->dir, version);
          ret = EINVAL;
        }
      else if (found > STORE_SCHEMA)
        {
          store_set_error (store, _("%s was written by a newer canbao "
                                    "(schema %ld); this canbao reads schema "
                                    "%d"), store->dir, found, STORE_SCHEMA);
          ret = EINVAL;
        }
    }
  if (ret == 0)
    ret = txn->commit (txn, 0);
  else
    txn->abort (txn);
  return ret;
}

int
store_env_open (struct store *store)
{
  DB_ENV *env;
  DB_TXN *txn = NULL;
  int ret;
  const char *what = "DB_ENV->open";

  if ((ret = db_env_create (&env, 0)) != 0)
    return ret;
  store->env = env;
  env->app_private = store;
  env->set_errcall (env, report_bdb_error);
  env->set_cachesize (env, 0, CACHE_BYTES, 1);
  env->set_lk_detect (env, DB_LOCK_DEFAULT);
  env->set_timeout (env, LOCK_TIMEOUT_USEC, DB_SET_LOCK_TIMEOUT);
  /* A timed-out wait must not look like a deadlock (store_sort treats
     the two differently). */
  env->set_flags (env, DB_TIME_NOTGRANTED, 1);
  env->set_lk_max_locks (env, 100000);
  env->set_lk_max_objects (env, 100000);
  env->set_lk_max_lockers (env, 10000);
  env->set_lk_tablesize (env, LOCK_TABLE_SIZE);
  env->set_lg_bsize (env, 1024 * 1024);
  env->set_lg_max (env, 10 * 1024 * 1024);
  ret = env->open (env, store->dir,
                   DB_CREATE | DB_INIT_LOCK | DB_INIT_LOG | DB_INIT_MPOOL
                   | DB_INIT_TXN | DB_REGISTER | DB_RECOVER, FILE_MODE);
  if (ret)
    goto fail;
  /* Logs no checkpoint needs any more go away at once: the county's
     history lives in the audit log and in backups, not in BDB's logs. */
  env->log_set_config (env, DB_LOG_AUTO_REMOVE, 1);

  what = "txn_begin";
  /* Opening (and on first use creating) the files needs no sync: files
     whose creation is lost are created again at the next open. */
  if ((ret = env->txn_begin (env, NULL, &txn, DB_TXN_NOSYNC)) != 0)
    goto fail;
  for (size_t i = 0; i < ARRAY_SIZE (db_specs); i++)
    {
      const struct db_spec *spec = &db_specs[i];
      DB **handle = spec_handle (store, spec);

      what = spec->file;
      if ((ret = db_create (handle, env, 0)) != 0)
        goto fail;
      if (spec->flags)
        (*handle)->set_flags (*handle, spec->flags);
      /* Applies when the file is created; an existing file keeps its own. */
      if (spec->page_size)
        (*handle)->set_pagesize (*handle, spec->page_size);
      (*handle)->app_private = (void *) (size_t) spec->index;
      ret = (*handle)->open (*handle, txn, spec->file, NULL, spec->type,
                             DB_CREATE, FILE_MODE);
      if (ret)
        goto fail;
      if (spec->secondary_of_audit)
        ret = store->audit->associate (store->audit, txn, *handle,
                                       audit_id_key, 0);
      else if (spec->index != STORE_BY_ID)
        ret = store->people->associate (store->people, txn, *handle,
                                        people_index_key, 0);
      if (ret)
        goto fail;
    }
  what = "txn_commit";
  ret = txn->commit (txn, 0);
  txn = NULL;
  if (ret)
    goto fail;
  what = "meta.db";
  if ((ret = check_schema (store)) != 0)
    goto fail;
  store_close_to_others (store->dir);
  store_watchdog_opened (store);
  return 0;

fail:
  if (txn)
    txn->abort (txn);
  /* EINVAL from check_schema comes with its own message. */
  if (ret != EINVAL || !store->error[0])
    store_set_error (store, "%s: %s: %s", store->dir, what,
                     db_strerror (ret));
  store_env_close (store);
  return ret;
}

void
store_env_close (struct store *store)
{
  /* Secondaries first: a primary must outlive its associations. */
  for (size_t i = ARRAY_SIZE (db_specs); i-- > 0;)
    {
      DB **handle = spec_handle (store, &db_specs[i]);

      /* No sync: closing would otherwise write out every page of the file
         that any process left dirty in the shared cache, so that a
         read-only lookup waits for the disk.  What was committed is in
         the log (and checkpointed by a process that wrote).  Nor must a
         reopen wait for a log flush that a dead process may hold. */
      if (*handle)
        (*handle)->close (*handle, DB_NOSYNC);
      *handle = NULL;
    }
  if (store->env)
    store->env->close (store->env, 0);
  store->env = NULL;
}

/* Berkeley DB does not release an environment handle that has seen
   DB_RUNRECOVERY, even after DB_ENV->close.  Reopens are rare (another
   process recovered), so the old handles are remembered here rather than
   lost (global, so that the compiler keeps the stores): leak checkers then see memory held on purpose, and a real leak
   elsewhere still shows. */
DB_ENV *store_panicked_envs[64];
size_t store_n_panicked_envs;

int
store_reopen (struct store *store)
{
  int status;

  if (store->env && store_n_panicked_envs < ARRAY_SIZE (store_panicked_envs))
    store_panicked_envs[store_n_panicked_envs++] = store->env;
  store_env_close (store);
  store_watchdog_opening (store, true);
  status = store_env_open (store) == 0 ? STORE_OK : STORE_ERROR;
  store_watchdog_opening (store, false);
  return status;
}

int
store_open (const char *dir, struct store **out, char **error)
{
  struct store *store = xcalloc (1, sizeof *store);
  *out = NULL;
  store->dir = xstrdup (dir);
  clerk_current (&store->clerk);
  /* Whatever the clerk's umask, nothing canbao writes is for others, and
     everything is for the group: a township's clerks share the database
     (a umask of 022 would leave the second clerk unable to open it). */
  umask (007);
  if (compare_versions (store) != 0 || store_make_directory (store, dir) != 0
      || store_env_open (store) != 0)
    {
      if (error)
        *error = xstrdup (store->error);
      free (store->dir);
      free (store);
      return STORE_ERROR;
    }
  store->error[0] = '\0';
  *out = store;
  return STORE_OK;
}

void
store_close (struct store **store)
{
  if (!*store)
    return;
  store_busy (*store, true);
  if ((*store)->env && (*store)->wrote)
    (*store)->env->txn_checkpoint ((*store)->env, 0, 0, 0);
  store_env_close (*store);
  store_busy (*store, false);
  store_watchdog_stop (*store);
  free ((*store)->dir);
  free (*store);
  *store = NULL;
}

const char *
store_dir (const struct store *store)
{
  return store->dir;
}

void
store_set_clerk (struct store *store, const struct clerk *clerk)
{
  store->clerk = *clerk;
}

const struct clerk *
store_clerk (const struct store *store)
{
  return &store->clerk;
}

struct store *
store_txn_store (struct store_txn *txn)
{
  return txn->store;
}

static int
run_work (struct store *store, unsigned flags,
          int (*work) (struct store_txn *txn, void *arg), void *arg)
{
  u_int32_t begin_flags = (flags & STORE_BULK) ? DB_TXN_WRITE_NOSYNC : 0;

  for (int attempt = 0; attempt < STORE_MAX_ATTEMPTS; attempt++)
    {
      struct store_txn txn = { store, NULL };
      int ret, status;

      if (termination_requested)
        return STORE_INTERRUPTED;
      if (!store->env && store_reopen (store) != STORE_OK)
        return STORE_ERROR;
      ret = store->env->txn_begin (store->env, NULL, &txn.txn, begin_flags);
      status = store_sort (store, ret, "txn_begin");
      if (status == STORE_OK)
        {
          status = work (&txn, arg);
          if (status == STORE_OK)
            {
              ret = txn.txn->commit (txn.txn, 0);
              txn.txn = NULL;
              status = store_sort (store, ret, "txn_commit");
            }
          if (txn.txn)
            txn.txn->abort (txn.txn);
        }
      if (status == STORE_RETRY)
        continue;
      if (status == STORE_REOPEN)
        {
          if (store_reopen (store) != STORE_OK)
            return STORE_ERROR;
          continue;
        }
      return status;
    }
  store_set_error (store, _("%s: the database stayed busy; try again"),
                   store->dir);
  return STORE_ERROR;
}

int
store_run (struct store *store, unsigned flags,
           int (*work) (struct store_txn *txn, void *arg), void *arg)
{
  int status;

  store_busy (store, true);
  status = run_work (store, flags, work, arg);
  store_busy (store, false);
  return status;
}

int
store_flush (struct store *store)
{
  int ret;

  store_busy (store, true);
  ret = store->env->log_flush (store->env, NULL);
  if (ret == 0)
    ret = store->env->txn_checkpoint (store->env, 0, 0, 0);
  ret = store_sort (store, ret, "checkpoint");
  if (ret == STORE_REOPEN)
    ret = store_reopen (store);
  store_busy (store, false);
  return ret;
}
