/*
 * testutil.c — scratch directories and file helpers for the Check suites.
 */
#include "system.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "formdef.h"
#include "msg.h"
#include "testutil.h"

static char scratch_root[4096];

void
testutil_init (void)
{
  const char *base = getenv ("TMPDIR");

  snprintf (scratch_root, sizeof scratch_root, "%s/canbao-check-XXXXXX",
            base && *base ? base : "/tmp");
  if (!mkdtemp (scratch_root))
    msg_fatal ("mkdtemp %s: %s", scratch_root, strerror (errno));
}

void
testutil_cleanup (void)
{
  if (!getenv ("CANBAO_KEEP_TMP") && scratch_root[0])
    testutil_rmtree (scratch_root);
}

char *
testutil_mkdtemp (const char *tag)
{
  char *path = xmalloc (strlen (scratch_root) + strlen (tag) + 16);

  sprintf (path, "%s/%s-XXXXXX", scratch_root, tag);
  if (!mkdtemp (path))
    msg_fatal ("mkdtemp %s: %s", path, strerror (errno));
  return path;
}

void
testutil_rmtree (const char *path)
{
  struct stat st;
  DIR *dir;
  struct dirent *entry;

  if (lstat (path, &st) != 0)
    return;
  if (!S_ISDIR (st.st_mode))
    {
      unlink (path);
      return;
    }
  dir = opendir (path);
  if (dir)
    {
      while ((entry = readdir (dir)) != NULL)
        {
          char *child;

          if (!strcmp (entry->d_name, ".") || !strcmp (entry->d_name, ".."))
            continue;
          child = xmalloc (strlen (path) + strlen (entry->d_name) + 2);
          sprintf (child, "%s/%s", path, entry->d_name);
          testutil_rmtree (child);
          free (child);
        }
      closedir (dir);
    }
  rmdir (path);
}

char *
testutil_slurp (const char *path, size_t *len)
{
  FILE *f = fopen (path, "rb");
  char *buf = NULL;
  size_t used = 0, cap = 0, got;

  if (!f)
    return NULL;
  do
    {
      if (cap - used < 65536)
        buf = xrealloc (buf, cap = cap * 2 + 65536);
      got = fread (buf + used, 1, cap - used - 1, f);
      used += got;
    }
  while (got > 0);
  fclose (f);
  buf[used] = '\0';
  if (len)
    *len = used;
  return buf;
}

const char *
testutil_sample (const char *name)
{
  static char path[4096];

  snprintf (path, sizeof path, "%s/%s", SAMPLES_DIR, name);
  return path;
}

int
testutil_under_valgrind (void)
{
  return getenv ("CANBAO_VALGRIND") != NULL;
}

const char *
testutil_forms_dir (void)
{
  const char *dir = getenv ("CANBAO_FORMSDIR");

  ck_assert_msg (dir && *dir, "set CANBAO_FORMSDIR to the forms directory");
  return dir;
}

struct formdef *
testutil_load_form (const char *name)
{
  char path[4096], *error = NULL;
  struct formdef *def;

  snprintf (path, sizeof path, "%s/%s", testutil_forms_dir (), name);
  def = formdef_load (path, &error);
  ck_assert_msg (def != NULL, "%s", error ? error : "(no message)");
  ck_assert_ptr_null (error);
  return def;
}
