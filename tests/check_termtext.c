#include "system.h"
#include "suites.h"
Suite *
suite_termtext (void)
{
  return suite_create ("termtext");
}
