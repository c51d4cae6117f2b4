#include "system.h"
#include "suites.h"
Suite *
suite_charset (void)
{
  return suite_create ("charset");
}
