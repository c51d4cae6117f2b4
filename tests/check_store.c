#include "system.h"
#include "suites.h"
Suite *
suite_store (void)
{
  return suite_create ("store");
}
