#ifndef SEMBLANCE_COPENBLAS_SHIM_H
#define SEMBLANCE_COPENBLAS_SHIM_H
// Debian's alternatives point cblas.h at OpenBLAS's header, which also declares
// openblas_set_num_threads / openblas_get_num_threads.
#include <cblas.h>
#endif
