#include "system.h"
#include "suites.h"
Suite *
suite_record (void)
{
  return suite_create ("record");
}
