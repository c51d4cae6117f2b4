#include "system.h"
#include "suites.h"
Suite *
suite_idnum (void)
{
  return suite_create ("idnum");
}
