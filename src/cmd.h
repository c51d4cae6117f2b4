/*
 * cmd — the subcommand table (after tmux's cmd-*.c files).
 *
 * Each subcommand lives in its own cmd_<name>.c and exports one
 * `struct cmd`; cmd.c collects them in one table, which main.c and
 * `canbao --help` walk.  A subcommand parses its own options and returns
 * an exit status: CMD_OK, CMD_REJECTED (some input rejected), or
 * CMD_USAGE (usage error or refused input: nothing changed).
 */
#ifndef CANBAO_CMD_H
#define CANBAO_CMD_H

#include <stdio.h>

enum cmd_exit
{
  CMD_OK = 0,
  CMD_REJECTED = 1,
  CMD_USAGE = 2
};

/* What every subcommand gets from the global options. */
struct cmd_context
{
  const char *db_dir;           /* --db DIR, or NULL for the default */
  const char *program_name;
};

struct cmd
{
  const char *name;
  const char *args;             /* usage after the name, for --help */
  const char *summary;          /* one line, an N_() msgid */
  int (*run) (const struct cmd_context *ctx, int argc, char **argv);
};

extern const struct cmd cmd_id;
extern const struct cmd cmd_show;
extern const struct cmd cmd_db;
extern const struct cmd cmd_import;
extern const struct cmd cmd_demo;
extern const struct cmd cmd_export;
extern const struct cmd cmd_stats;

/* The table, NULL-terminated. */
extern const struct cmd *const cmd_table[];

const struct cmd *cmd_find (const char *name);

/* Prints "Usage: canbao NAME ARGS" and a hint to stderr; returns CMD_USAGE. */
int cmd_usage_error (const struct cmd *cmd, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Writes UTF-8 text from data to FP in the locale's charset, with control
   characters made visible (nothing from data reaches a terminal raw). */
void cmd_put_text (FILE *fp, const char *utf8);

/* The database directory the context names, or the default (malloc'd). */
char *cmd_db_dir (const struct cmd_context *ctx);

#endif
