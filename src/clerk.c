/*
 * clerk.c — the clerk's identity from the password database; see clerk.h.
 */
#include "system.h"

#include <pwd.h>
#include <unistd.h>

#include "clerk.h"
#include "msg.h"

void
clerk_copy_utf8 (char *dst, size_t dstsz, const char *src)
{
  size_t n = strlen (src);

  if (n >= dstsz)
    {
      n = dstsz - 1;
      /* Back off continuation bytes so no character is cut in half. */
      while (n > 0 && ((unsigned char) src[n] & 0xC0) == 0x80)
        n--;
    }
  memcpy (dst, src, n);
  dst[n] = '\0';
}

void
clerk_from_passwd (struct clerk *clerk, const char *login, const char *gecos)
{
  memset (clerk, 0, sizeof *clerk);
  clerk_copy_utf8 (clerk->user, sizeof clerk->user, login);
  if (gecos)
    {
      /* GECOS is "full name,room,work phone,home phone". */
      char *full = xstrndup (gecos, strcspn (gecos, ","));

      clerk_copy_utf8 (clerk->name, sizeof clerk->name, full);
      free (full);
    }
}

int
clerk_current (struct clerk *clerk)
{
  uid_t uid = getuid ();
  struct passwd *pw;

  errno = 0;
  pw = getpwuid (uid);
  if (!pw || !pw->pw_name)
    {
      memset (clerk, 0, sizeof *clerk);
      snprintf (clerk->user, sizeof clerk->user, "#%lu",
                (unsigned long) uid);
      return -1;
    }
  clerk_from_passwd (clerk, pw->pw_name, pw->pw_gecos);
  return 0;
}
