#ifndef SEMBLANCE_CLAPACK_SHIM_H
#define SEMBLANCE_CLAPACK_SHIM_H
// Debian ships no LAPACK header with OpenBLAS, but libopenblas exports LAPACK's Fortran
// symbols: the one routine used (symmetric eigendecomposition, divide and conquer) is declared
// here with Fortran's calling convention (every argument by pointer, column-major arrays).
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info);
#endif
