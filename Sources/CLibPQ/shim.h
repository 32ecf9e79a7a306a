#ifndef SEMBLANCE_CLIBPQ_SHIM_H
#define SEMBLANCE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
