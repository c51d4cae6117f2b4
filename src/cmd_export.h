/*
 * cmd_export.h — what the parts of `canbao export` share.
 */
#ifndef CANBAO_CMD_EXPORT_H
#define CANBAO_CMD_EXPORT_H

#include <stdio.h>

#include "cmd.h"
#include "export_records.h"
#include "store.h"

/* Calls WRITE (FP, ARG) with FP a new file beside OUTPUT, created 0660
   and renamed into place when all went well (so a failed export leaves no
   half file), or standard output when OUTPUT is NULL.  CMD_OK or
   CMD_USAGE, with the trouble reported; STORE names the error of
   EXPORT_STORE_FAILED. */
int cmd_export_to_file (const char *output, struct store *store,
                        enum export_status (*write) (FILE *fp, void *arg),
                        void *arg);

/* The --encoding argument ARG (gb18030 or utf-8, in any case) in *ENC;
   false when it is neither. */
bool cmd_export_encoding (const char *arg, enum charset_encoding *enc);

/* `canbao export sheet …` (cmd_export_sheet.c). */
int cmd_export_sheet (const struct cmd_context *ctx, int argc, char **argv);

#endif
