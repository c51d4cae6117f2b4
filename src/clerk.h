/*
 * clerk — who is at the keyboard.
 *
 * Clerks log in to the county server over SSH as their own Unix users, so
 * the identity canbao records in the audit log is the login of the real
 * user id and the person's name from the password database's GECOS field
 * (the part before the first comma).  This module promises:
 *   - clerk_current always fills both fields with NUL-terminated UTF-8
 *     (a name that does not fit is cut at a character boundary);
 *   - when the user id has no password entry, user is "#UID", name is
 *     empty, and -1 is returned so that the caller may warn;
 *   - nothing is printed or allocated.
 */
#ifndef CANBAO_CLERK_H
#define CANBAO_CLERK_H

#include <stddef.h>

struct clerk
{
  char user[64];                /* the Unix login, e.g. "liuxm" */
  char name[256];               /* the GECOS name, e.g. "刘晓敏", or "" */
};

/* Fills *CLERK for the real user id.  Returns 0, or -1 when there is no
   password entry (see above). */
int clerk_current (struct clerk *clerk);

/* Fills *CLERK from a login and a GECOS field (NULL for none): the name
   is the part before the first comma. */
void clerk_from_passwd (struct clerk *clerk, const char *login,
                        const char *gecos);

/* Copies SRC into DST (DSTSZ bytes, at least 1), cutting at a UTF-8
   character boundary when it does not fit. */
void clerk_copy_utf8 (char *dst, size_t dstsz, const char *src);

#endif
