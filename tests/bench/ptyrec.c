/*
 * ptyrec — drive a terminal program through a pseudo-terminal and measure
 * what it writes back: bytes per step, time to a quiet screen, memory.
 *
 *   ptyrec [-c COLS] [-r ROWS] [-q QUIET_MS] [-t TIMEOUT_MS] [-l LOG]
 *          SCRIPT -- COMMAND [ARG...]
 *
 * COMMAND runs on the slave side of a new pty of COLS x ROWS (80x24) with
 * the environment ptyrec got (the caller sets TERM and LANG).  ptyrec is
 * the terminal: it answers nothing and only counts.  SCRIPT (a file, or -
 * for standard input) says what to type, one command a line:
 *
 *   start NAME [MARK]       the program's first screen: from the fork until
 *                           MARK (or a first byte) has come and the output
 *                           is quiet
 *   step NAME KEYS [MARK]   type KEYS, wait as above, report the step
 *   send KEYS [MARK]        the same, unreported, and KEYS may draw nothing
 *                           (filling a form)
 *   keys NAME N KEY...      N keystrokes, cycling through the KEYs, each
 *                           typed once the screen is quiet again and each
 *                           expected to draw; reports the median, 99th
 *                           percentile and maximum
 *   mem NAME [PATTERN]      the program's memory now, from /proc; with
 *                           PATTERN, also the resident part of the files
 *                           mapped whose path contains it
 *   sleep MS                read (and count) output for MS milliseconds
 *   touch FILE              create FILE (to pace another ptyrec)
 *   waitfile FILE [SECONDS] read output until FILE exists (300 s at most)
 *   end NAME                wait for the program to exit; reports the bytes
 *                           it wrote meanwhile and its peak RSS
 *
 * KEYS and MARK take C escapes: \e \r \n \t \s (space) \\ \xHH.
 *
 * A step waits for its answer to begin (its MARK, else its first byte),
 * however long that takes up to TIMEOUT_MS, and then for QUIET_MS (50)
 * without a byte.  Times are taken to the LAST byte before that quiet
 * spell, never to its end: the wait costs nothing in the figures, and an
 * answer arriving in pieces counts until its last piece, as long as no
 * gap inside it reaches QUIET_MS.  A slow answer is therefore timed, not
 * taken for silence and blamed on the next key.
 *
 * Results go to standard output, tab-separated, one line each:
 *   STEP  NAME  BYTES  MICROSECONDS
 *   KEYS  NAME  COUNT  MEDIAN_US  P99_US  MAX_US  BYTES
 *   MEM   NAME  VMHWM_KB  RSS_KB  PSS_KB  USS_KB  ANON_KB  MATCHED_KB
 *   EXIT  NAME  BYTES  MICROSECONDS  STATUS  MAXRSS_KB
 * where USS is Private_Clean + Private_Dirty and MATCHED_KB is - without
 * a PATTERN.  Exit status 0, or 1 when an answer did not come within
 * TIMEOUT_MS (10 s) or the program died early; what it wrote goes to LOG
 * if given, one "=== step" line before each step's bytes.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORDS 64

static int quiet_ms = 50;
static int timeout_ms = 10000;
static int master = -1;
static pid_t child;
static bool child_gone;         /* the slave side closed: EOF or EIO */
static FILE *log_file;

/* What one step read: all of it, so that a MARK split across reads is
   still found. */
static char *got;
static size_t got_len, got_cap;
static int64_t last_byte_us;    /* when the latest byte arrived */

static void
die (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  fputs ("ptyrec: ", stderr);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
  va_end (ap);
  if (child > 0 && !child_gone)
    kill (child, SIGKILL);
  exit (1);
}

static int64_t
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n);
  if (!p)
    die ("out of memory");
  return p;
}

/* Reads what the program wrote, waiting at most WAIT_MS (-1: forever).
   Returns false when nothing came. */
static bool
pump (int wait_ms)
{
  struct pollfd pfd = { master, POLLIN, 0 };
  char buf[65536];
  ssize_t n;

  if (child_gone)
    return false;
  if (poll (&pfd, 1, wait_ms) <= 0)
    return false;
  n = read (master, buf, sizeof buf);
  if (n <= 0)
    {
      /* Linux gives EIO once every slave descriptor is closed. */
      if (n == 0 || errno != EINTR)
        child_gone = true;
      return false;
    }
  last_byte_us = now_us ();
  if (got_len + (size_t) n > got_cap)
    {
      got_cap = (got_len + (size_t) n) * 2;
      got = xrealloc (got, got_cap);
    }
  memcpy (got + got_len, buf, (size_t) n);
  got_len += (size_t) n;
  if (log_file)
    fwrite (buf, 1, (size_t) n, log_file);
  return true;
}

static void
begin_step (const char *name)
{
  got_len = 0;
  if (log_file)
    fprintf (log_file, "\n=== %s\n", name);
}

/* Reads until MARK (if any) has come, or with ANSWER at least a byte,
   and then QUIET_MS pass without a byte.  SINCE is when the step's input
   was written. */
static void
wait_quiet (const char *mark, size_t mark_len, bool answer, int64_t since)
{
  int64_t deadline = since + (int64_t) timeout_ms * 1000;
  char what[256];

  if (mark)
    snprintf (what, sizeof what, "\"%.*s\"", (int) mark_len, mark);
  else
    snprintf (what, sizeof what, "an answer");
  last_byte_us = since;
  for (;;)
    {
      int64_t t = now_us ();
      bool marked = mark
        ? got_len >= mark_len && memmem (got, got_len, mark, mark_len)
        : !answer || got_len > 0;
      int64_t quiet_end = last_byte_us + (int64_t) quiet_ms * 1000;
      int wait;

      if (marked && t >= quiet_end)
        return;
      if (child_gone)
        {
          if (!marked)
            die ("the program ended before %s came", what);
          return;
        }
      if (!marked && t >= deadline)
        die ("%s did not come within %d ms", what, timeout_ms);
      wait = marked ? (int) ((quiet_end - t + 999) / 1000)
        : (int) ((deadline - t + 999) / 1000);
      pump (wait > 0 ? wait : 0);
    }
}

/* Decodes the C escapes of WORD in place; returns its length. */
static size_t
unescape (char *word)
{
  char *in = word, *out = word;

  while (*in)
    {
      if (*in != '\\' || !in[1])
        {
          *out++ = *in++;
          continue;
        }
      in++;
      switch (*in)
        {
        case 'e': *out++ = '\033'; in++; break;
        case 'r': *out++ = '\r'; in++; break;
        case 'n': *out++ = '\n'; in++; break;
        case 't': *out++ = '\t'; in++; break;
        case 's': *out++ = ' '; in++; break;
        case 'x':
          {
            char hex[3] = { 0, 0, 0 };
            size_t digits = strspn (in + 1, "0123456789abcdefABCDEF");

            memcpy (hex, in + 1, digits < 2 ? digits : 2);
            *out++ = (char) strtol (hex, NULL, 16);
            in += 1 + strlen (hex);
            break;
          }
        default: *out++ = *in++; break;
        }
    }
  *out = '\0';
  return (size_t) (out - word);
}

static void
type_keys (const char *keys, size_t len)
{
  while (len > 0)
    {
      ssize_t n = write (master, keys, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        die ("cannot write to the program: %s", strerror (errno));
      keys += n;
      len -= (size_t) n;
    }
}

/* Step NAME: types KEYS and waits for the screen to settle (ANSWER: for
   at least a byte first); returns the time from the write to the last
   byte (-1: nothing came). */
static int64_t
step (const char *name, char *keys, char *mark, bool answer)
{
  size_t keys_len = unescape (keys);
  size_t mark_len = mark ? unescape (mark) : 0;
  int64_t t0;

  /* Anything still arriving belongs to the step before. */
  while (pump (0))
    ;
  begin_step (name);
  t0 = now_us ();
  type_keys (keys, keys_len);
  wait_quiet (mark, mark_len, answer, t0);
  return got_len ? last_byte_us - t0 : -1;
}

static int
compare_i64 (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

  return (x > y) - (x < y);
}

static void
keys_command (const char *name, long count, char **keys, int n_keys)
{
  int64_t *lat;
  size_t bytes = 0, p99 = ((size_t) count * 99 + 99) / 100;   /* rank */
  int key_len[MAX_WORDS];

  if (count < 1)
    die ("%s: no keys to type", name);
  lat = xrealloc (NULL, (size_t) count * sizeof *lat);
  for (int k = 0; k < n_keys; k++)
    key_len[k] = (int) unescape (keys[k]);
  while (pump (0))
    ;
  begin_step (name);
  for (long i = 0; i < count; i++)
    {
      const char *key = keys[i % n_keys];
      int64_t t0;

      while (pump (0))
        ;
      got_len = 0;
      t0 = now_us ();
      type_keys (key, (size_t) key_len[i % n_keys]);
      wait_quiet (NULL, 0, true, t0);
      if (child_gone)
        die ("the program ended during %s", name);
      bytes += got_len;
      lat[i] = last_byte_us - t0;
    }
  qsort (lat, (size_t) count, sizeof *lat, compare_i64);
  printf ("KEYS\t%s\t%ld\t%lld\t%lld\t%lld\t%zu\n", name, count,
          (long long) (count % 2 ? lat[count / 2]
                       : (lat[count / 2 - 1] + lat[count / 2]) / 2),
          (long long) lat[p99 - 1], (long long) lat[count - 1], bytes);
  free (lat);
}

/* The kB figure after KEY in a /proc file of "Key:   N kB" lines. */
static long
proc_kb (const char *file, const char *key)
{
  char path[64], line[256];
  size_t key_len = strlen (key);
  long value = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%ld/%s", (long) child, file);
  f = fopen (path, "r");
  if (!f)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, key, key_len) == 0 && line[key_len] == ':')
      {
        value = strtol (line + key_len + 1, NULL, 10);
        break;
      }
  fclose (f);
  return value;
}

/* The resident kB of the mappings whose path contains PATTERN. */
static long
matched_rss_kb (const char *pattern)
{
  char path[64], line[4096];
  bool matching = false;
  long sum = 0;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%ld/smaps", (long) child);
  f = fopen (path, "r");
  if (!f)
    return -1;
  while (fgets (line, sizeof line, f))
    {
      /* A mapping starts with its address range, "start-end perms". */
      char *dash = strchr (line, '-'), *space = strchr (line, ' ');

      if (dash && space && dash < space
          && strspn (line, "0123456789abcdef") == (size_t) (dash - line))
        matching = strstr (line, pattern) != NULL;
      else if (matching && strncmp (line, "Rss:", 4) == 0)
        sum += strtol (line + 4, NULL, 10);
    }
  fclose (f);
  return sum;
}

static void
mem_command (const char *name, const char *pattern)
{
  long clean = proc_kb ("smaps_rollup", "Private_Clean");
  long dirty = proc_kb ("smaps_rollup", "Private_Dirty");
  char matched[32] = "-";

  if (child_gone || clean < 0 || dirty < 0)
    die ("no memory figures for %s: the program is gone", name);
  if (pattern)
    snprintf (matched, sizeof matched, "%ld", matched_rss_kb (pattern));
  printf ("MEM\t%s\t%ld\t%ld\t%ld\t%ld\t%ld\t%s\n", name,
          proc_kb ("status", "VmHWM"), proc_kb ("status", "VmRSS"),
          proc_kb ("smaps_rollup", "Pss"), clean + dirty,
          proc_kb ("smaps_rollup", "Anonymous"), matched);
}

static void
read_for (int64_t until)
{
  for (int64_t t = now_us (); t < until && !child_gone; t = now_us ())
    pump ((int) ((until - t + 999) / 1000));
}

static void
end_command (const char *name, int64_t t0)
{
  struct rusage ru;
  int status;
  int64_t deadline = now_us () + (int64_t) timeout_ms * 1000;
  pid_t r;

  begin_step (name);
  last_byte_us = t0;
  while (!child_gone && now_us () < deadline)
    pump (100);
  /* The slave side is closed; the program may still be exiting. */
  while ((r = wait4 (child, &status, WNOHANG, &ru)) == 0
         && now_us () < deadline)
    nanosleep (&(struct timespec) { 0, 1000000 }, NULL);
  if (r != child)
    die ("%s: the program did not exit within %d ms", name, timeout_ms);
  child = 0;
  printf ("EXIT\t%s\t%zu\t%lld\t%d\t%ld\n", name, got_len,
          (long long) (got_len ? last_byte_us - t0 : -1),
          WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status),
          ru.ru_maxrss);
}

/* Splits LINE into words at blanks; returns how many. */
static int
split (char *line, char **words)
{
  int n = 0;

  for (char *w = strtok (line, " \t\r\n"); w && n < MAX_WORDS;
       w = strtok (NULL, " \t\r\n"))
    words[n++] = w;
  return n;
}

static void
run_script (FILE *script, int64_t started)
{
  char line[4096];
  int lineno = 0;

  while (fgets (line, sizeof line, script))
    {
      char *w[MAX_WORDS];
      int n;

      lineno++;
      n = split (line, w);
      if (n == 0 || w[0][0] == '#')
        continue;
      if (strcmp (w[0], "start") == 0 && n >= 2)
        {
          size_t mark_len = n > 2 ? unescape (w[2]) : 0;

          begin_step (w[1]);
          wait_quiet (n > 2 ? w[2] : NULL, mark_len, true, started);
          printf ("STEP\t%s\t%zu\t%lld\n", w[1], got_len,
                  (long long) (last_byte_us - started));
        }
      else if (strcmp (w[0], "step") == 0 && n >= 3)
        {
          int64_t us = step (w[1], w[2], n > 3 ? w[3] : NULL, true);

          printf ("STEP\t%s\t%zu\t%lld\n", w[1], got_len, (long long) us);
        }
      else if (strcmp (w[0], "send") == 0 && n >= 2)
        step ("send", w[1], n > 2 ? w[2] : NULL, false);
      else if (strcmp (w[0], "keys") == 0 && n >= 4)
        keys_command (w[1], strtol (w[2], NULL, 10), w + 3, n - 3);
      else if (strcmp (w[0], "mem") == 0 && (n == 2 || n == 3))
        mem_command (w[1], n == 3 ? w[2] : NULL);
      else if (strcmp (w[0], "sleep") == 0 && n == 2)
        read_for (now_us () + strtol (w[1], NULL, 10) * 1000);
      else if (strcmp (w[0], "touch") == 0 && n == 2)
        {
          int fd = open (w[1], O_WRONLY | O_CREAT, 0644);

          if (fd < 0)
            die ("cannot create %s: %s", w[1], strerror (errno));
          close (fd);
        }
      else if (strcmp (w[0], "waitfile") == 0 && (n == 2 || n == 3))
        {
          int64_t until = now_us ()
            + (n == 3 ? strtol (w[2], NULL, 10) : 300) * 1000000;
          struct stat st;

          while (stat (w[1], &st) != 0)
            {
              if (now_us () >= until)
                die ("%s did not appear", w[1]);
              if (!child_gone)
                pump (20);
              else
                nanosleep (&(struct timespec) { 0, 20000000 }, NULL);
            }
        }
      else if (strcmp (w[0], "end") == 0 && n == 2)
        end_command (w[1], now_us ());
      else
        die ("script line %d: cannot read \"%s\"", lineno, w[0]);
      fflush (stdout);
    }
}

static void
usage (void)
{
  fputs ("usage: ptyrec [-c COLS] [-r ROWS] [-q QUIET_MS] [-t TIMEOUT_MS] "
         "[-l LOG] SCRIPT -- COMMAND [ARG...]\n", stderr);
  exit (2);
}

int
main (int argc, char **argv)
{
  struct winsize ws = { 24, 80, 0, 0 };
  FILE *script;
  int64_t started;
  int opt;

  while ((opt = getopt (argc, argv, "+c:r:q:t:l:")) != -1)
    switch (opt)
      {
      case 'c': ws.ws_col = (unsigned short) atoi (optarg); break;
      case 'r': ws.ws_row = (unsigned short) atoi (optarg); break;
      case 'q': quiet_ms = atoi (optarg); break;
      case 't': timeout_ms = atoi (optarg); break;
      case 'l':
        log_file = fopen (optarg, "w");
        if (!log_file)
          die ("cannot write %s: %s", optarg, strerror (errno));
        break;
      default: usage ();
      }
  if (argc - optind < 3 || strcmp (argv[optind + 1], "--") != 0)
    usage ();
  script = strcmp (argv[optind], "-") == 0 ? stdin
    : fopen (argv[optind], "r");
  if (!script)
    die ("cannot read %s: %s", argv[optind], strerror (errno));

  /* The parent keeps SIGPIPE and SIGCHLD as they come. */
  started = now_us ();
  child = forkpty (&master, NULL, NULL, &ws);
  if (child < 0)
    die ("forkpty: %s", strerror (errno));
  if (child == 0)
    {
      execvp (argv[optind + 2], argv + optind + 2);
      fprintf (stderr, "ptyrec: %s: %s\n", argv[optind + 2], strerror (errno));
      _exit (127);
    }
  run_script (script, started);
  if (child > 0)
    {
      /* The script did not wait for the end: hang up, as a closed
         terminal window does. */
      close (master);
      kill (child, SIGHUP);
      waitpid (child, NULL, 0);
    }
  if (log_file)
    fclose (log_file);
  return 0;
}
