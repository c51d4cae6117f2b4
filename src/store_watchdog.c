/*
 * store_watchdog.c — what keeps one canbao from waiting for ever on
 * another that was killed.
 *
 * Why: a process killed in the middle of its work (SIGKILL, a crash, the
 * OOM killer) releases nothing it held in the shared environment, and
 * Berkeley DB 5.3 blocks a waiter on a mutex that only the holder or the
 * deadlock detector wakes.  Without help, another clerk's canbao then
 * waits for ever, deaf to SIGHUP, and goes on waiting even after the next
 * canbao to open has recovered the environment (recovery wakes nobody).
 * Two threads of the store see to it:
 *
 *   - The detector asks Berkeley DB once a second to expire lock requests
 *     that waited longer than the lock timeout.  The request fails with
 *     DB_LOCK_NOTGRANTED, which store_sort turns into a reopen: the open
 *     (DB_REGISTER) finds the dead process and recovers, and the work
 *     runs again.  The detector has an environment handle of its own (the
 *     store's is not free-threaded), joined without DB_REGISTER (one
 *     registered handle per process) and with DB_NOPANIC, so that it can
 *     still expire a wait in a region that another process's recovery
 *     has abandoned; it joins the new region after the store reopens.
 *     Handles it leaves behind are kept, never closed: closing one could
 *     wait on a mutex of the dead process.
 *
 *   - The checker never calls Berkeley DB.  When the store has been inside
 *     one call for STUCK_SEC (not counting its own opening, which may
 *     recover a large log) and either a process registered in the
 *     environment is dead or another process has recovered it (the region
 *     file is a new one), the wait is on a mutex a dead process held (it
 *     died in the middle of writing the log, say), which nothing can ever
 *     release: the checker ends the process through msg_fatal, which
 *     restores the terminal first.  The next canbao recovers.  What the
 *     stuck call was saving is lost; everything committed is kept.
 *
 * The registry (__db.register) is read through a descriptor kept open
 * until the store's environment is closed: closing any descriptor of a
 * file drops every fcntl lock the process holds on it, our own
 * registration included.
 */
#include "system.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "store_internal.h"

#define WATCH_PERIOD_SEC 1
/* Four lock timeouts: by then a lock wait would have been expired and the
   environment reopened, even under valgrind. */
#define STUCK_SEC 20
/* How long store_close waits for the detector before leaving it. */
#define JOIN_SEC 10
/* A registry line: "%24lu\n", or "X…" when the slot is free. */
#define REGISTRY_LINE 25

struct store_watchdog
{
  pthread_t detector, checker;
  bool checker_started;
  pthread_mutex_t mutex;
  pthread_cond_t wake;
  char *dir;
  int registry_fd;
  unsigned generation;          /* bumped by each (re)open of the store */
  dev_t region_dev;             /* __db.001 as the store opened it */
  ino_t region_ino;
  bool stop;
  atomic_long busy_since;       /* CLOCK_MONOTONIC seconds; 0: idle */
  atomic_bool opening;          /* the store is (re)opening: not stuck */
  int busy_depth;               /* the store's own thread only */
  DB_ENV *detector_env;         /* the detector's; here, so that it stays
                                   reachable in a child that forked */
};

/* Handles the detector left behind (see above), and a watchdog whose
   detector could not be stopped; reachable, for leak checkers. */
static DB_ENV *retired_envs[64];
static atomic_size_t n_retired_envs;
static struct store_watchdog *abandoned;

static long
now_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long) ts.tv_sec + 1;  /* never 0 */
}

static DB_ENV *
join_env (const char *dir)
{
  DB_ENV *env;

  if (db_env_create (&env, 0) != 0)
    return NULL;
  env->set_flags (env, DB_NOPANIC, 1);
  /* No DB_CREATE and no DB_RECOVER: only ever join what the store made. */
  if (env->open (env, dir, DB_INIT_LOCK | DB_INIT_LOG | DB_INIT_MPOOL
                 | DB_INIT_TXN, 0) != 0)
    {
      env->close (env, 0);
      return NULL;
    }
  return env;
}

static void
retire (DB_ENV *env)
{
  size_t i = atomic_fetch_add (&n_retired_envs, 1);

  if (i < ARRAY_SIZE (retired_envs))
    retired_envs[i] = env;
}

/* Waits WATCH_PERIOD_SEC or until stopped; false when stopped. */
static bool
pause_a_while (struct store_watchdog *wd)
{
  struct timespec until;
  bool go_on;

  clock_gettime (CLOCK_REALTIME, &until);
  until.tv_sec += WATCH_PERIOD_SEC;
  pthread_mutex_lock (&wd->mutex);
  if (!wd->stop)
    pthread_cond_timedwait (&wd->wake, &wd->mutex, &until);
  go_on = !wd->stop;
  pthread_mutex_unlock (&wd->mutex);
  return go_on;
}

static void *
detect (void *arg)
{
  struct store_watchdog *wd = arg;
  unsigned joined = 0;

  do
    {
      unsigned generation;

      pthread_mutex_lock (&wd->mutex);
      generation = wd->generation;
      pthread_mutex_unlock (&wd->mutex);
      if (joined != generation || !wd->detector_env)
        {
          /* The store reopened: the old region may be the abandoned one. */
          if (wd->detector_env)
            retire (wd->detector_env);
          wd->detector_env = join_env (wd->dir);
          joined = generation;
        }
      if (wd->detector_env)
        wd->detector_env->lock_detect (wd->detector_env, 0, DB_LOCK_EXPIRE,
                                       NULL);
    }
  while (pause_a_while (wd));
  if (wd->detector_env)
    wd->detector_env->close (wd->detector_env, 0);
  wd->detector_env = NULL;
  return NULL;
}

/* True when a process registered in the environment has died: its slot
   in the registry is not locked by anyone (BDB's own test, without
   taking the lock). */
static bool
registry_has_dead (struct store_watchdog *wd)
{
  char line[REGISTRY_LINE + 1];
  pid_t me = getpid ();

  if (wd->registry_fd < 0)
    return false;
  for (off_t pos = 0;; pos += REGISTRY_LINE)
    {
      struct flock fl;
      ssize_t n = pread (wd->registry_fd, line, REGISTRY_LINE, pos);
      long pid;

      if (n != REGISTRY_LINE)
        return false;
      line[REGISTRY_LINE] = '\0';
      pid = strtol (line, NULL, 10);
      if (pid <= 0 || pid == me)
        continue;
      memset (&fl, 0, sizeof fl);
      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      fl.l_start = pos;
      fl.l_len = 1;
      if (fcntl (wd->registry_fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK)
        return true;
    }
}

/* The first region file of DIR, or 0 and 0. */
static void
region_file (const char *dir, dev_t *dev, ino_t *ino)
{
  char *path = xasprintf ("%s/__db.001", dir);
  struct stat st;

  if (stat (path, &st) == 0)
    {
      *dev = st.st_dev;
      *ino = st.st_ino;
    }
  else
    {
      *dev = 0;
      *ino = 0;
    }
  free (path);
}

/* True when recovery has replaced the region the store is in. */
static bool
region_replaced (struct store_watchdog *wd)
{
  dev_t dev, opened_dev;
  ino_t ino, opened_ino;

  region_file (wd->dir, &dev, &ino);
  pthread_mutex_lock (&wd->mutex);
  opened_dev = wd->region_dev;
  opened_ino = wd->region_ino;
  pthread_mutex_unlock (&wd->mutex);
  return dev != opened_dev || ino != opened_ino;
}

static void *
check (void *arg)
{
  struct store_watchdog *wd = arg;

  while (pause_a_while (wd))
    {
      long since = atomic_load (&wd->busy_since);

      if (since && !atomic_load (&wd->opening)
          && now_seconds () - since >= STUCK_SEC
          && (registry_has_dead (wd) || region_replaced (wd)))
        msg_fatal (_("%s: another canbao died in the middle of writing to "
                     "the database, and this one cannot go on; what it was "
                     "saving is lost.  Start canbao again: it repairs the "
                     "database first"), wd->dir);
    }
  return NULL;
}

void
store_watchdog_opened (struct store *store)
{
  struct store_watchdog *wd = store->watchdog;
  char *path;

  if (wd)
    {
      dev_t dev;
      ino_t ino;

      region_file (store->dir, &dev, &ino);
      pthread_mutex_lock (&wd->mutex);
      wd->generation++;
      wd->region_dev = dev;
      wd->region_ino = ino;
      pthread_mutex_unlock (&wd->mutex);
      return;
    }
  wd = xcalloc (1, sizeof *wd);
  wd->dir = xstrdup (store->dir);
  wd->generation = 1;
  region_file (store->dir, &wd->region_dev, &wd->region_ino);
  atomic_init (&wd->busy_since, 0);
  atomic_init (&wd->opening, false);
  path = xasprintf ("%s/__db.register", store->dir);
  wd->registry_fd = open (path, O_RDONLY | O_CLOEXEC);
  free (path);
  pthread_mutex_init (&wd->mutex, NULL);
  pthread_cond_init (&wd->wake, NULL);
  if (pthread_create (&wd->detector, NULL, detect, wd) != 0)
    {
      /* Saving still works; only a dead process could hang it. */
      if (wd->registry_fd >= 0)
        close (wd->registry_fd);
      pthread_mutex_destroy (&wd->mutex);
      pthread_cond_destroy (&wd->wake);
      free (wd->dir);
      free (wd);
      return;
    }
  wd->checker_started = pthread_create (&wd->checker, NULL, check, wd) == 0;
  store->watchdog = wd;
}

void
store_busy (struct store *store, bool busy)
{
  struct store_watchdog *wd = store->watchdog;

  if (!wd)
    return;
  if (busy && wd->busy_depth++ == 0)
    atomic_store (&wd->busy_since, now_seconds ());
  else if (!busy && --wd->busy_depth == 0)
    atomic_store (&wd->busy_since, 0);
}

void
store_watchdog_opening (struct store *store, bool opening)
{
  struct store_watchdog *wd = store->watchdog;

  if (!wd)
    return;
  /* The clock starts again once open: opening is not being stuck. */
  if (!opening && wd->busy_depth > 0)
    atomic_store (&wd->busy_since, now_seconds ());
  atomic_store (&wd->opening, opening);
}

void
store_watchdog_stop (struct store *store)
{
  struct store_watchdog *wd = store->watchdog;
  struct timespec until;

  if (!wd)
    return;
  store->watchdog = NULL;
  pthread_mutex_lock (&wd->mutex);
  wd->stop = true;
  pthread_cond_broadcast (&wd->wake);
  pthread_mutex_unlock (&wd->mutex);
  if (wd->checker_started)
    pthread_join (wd->checker, NULL);
  /* The detector may be stuck in a region a dead process broke: then it
     is left there, with what it uses. */
  clock_gettime (CLOCK_REALTIME, &until);
  until.tv_sec += JOIN_SEC;
  if (pthread_timedjoin_np (wd->detector, NULL, &until) != 0)
    {
      pthread_detach (wd->detector);
      abandoned = wd;
      return;
    }
  if (wd->registry_fd >= 0)
    close (wd->registry_fd);
  pthread_mutex_destroy (&wd->mutex);
  pthread_cond_destroy (&wd->wake);
  free (wd->dir);
  free (wd);
}
