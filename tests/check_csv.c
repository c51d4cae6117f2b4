#include "system.h"
#include "suites.h"
Suite *
suite_csv (void)
{
  return suite_create ("csv");
}
