#ifndef GAMMAKIT_VECTOR_MATH_H
#define GAMMAKIT_VECTOR_MATH_H

/// y[i] = exp(x[i]) for i < n, the same bits as the system's exp, four at a time where the CPU
/// allows it (vector_exp.c). x and y may be the same array, not otherwise overlap.
void gk_exp_batch(const double *x, double *y, long n);

/// 1 when gk_exp_batch uses its four-wide path on this machine, else 0.
int gk_exp_batch_is_vectorised(void);

#endif
