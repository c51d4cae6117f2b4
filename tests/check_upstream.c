#include "system.h"
#include "suites.h"
Suite *
suite_upstream (void)
{
  return suite_create ("upstream");
}
