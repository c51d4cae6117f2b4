#include "system.h"
#include "suites.h"
Suite *
suite_region (void)
{
  return suite_create ("region");
}
