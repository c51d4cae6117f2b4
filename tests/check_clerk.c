#include "system.h"
#include "suites.h"
Suite *
suite_clerk (void)
{
  return suite_create ("clerk");
}
