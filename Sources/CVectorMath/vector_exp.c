// glibc's double-precision exp (the ARM optimized-routines algorithm, as built for CPUs with
// FMA and AVX2: glibc's __exp_fma), four values at a time, giving the same bits.
//
// glibc picks __exp_fma at load time on a CPU with FMA and AVX2; its result depends on which
// operations are fused, so this reproduces that routine's sequence, fused multiply-add for
// fused multiply-add (read from its disassembly), with the same constants and table. Values
// outside its main path (|x| < 2^-54, |x| >= 512, NaN: overflow, underflow and the rare
// cases) are handed to the system's exp one by one. Before first use the vector path is
// checked against the system's exp on a spread of values, and used only if every bit agrees:
// on any other CPU or library, the batch is exp called element by element.
#pragma STDC FP_CONTRACT OFF
#include "vector_math.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// N = 128 table entries: for k in 0..<N, tab[2k] is the bits of t_k with 2^(k/N) = H_k (1 + t_k)
/// to double precision, H_k being 2^(k/N) rounded to double, and tab[2k + 1] the bits of H_k
/// minus k << 45 (the exponent added back from the reduced argument).
static const uint64_t exp_table[256] = {
    0x0000000000000000ULL, 0x3ff0000000000000ULL,
    0x3c9b3b4f1a88bf6eULL, 0x3feff63da9fb3335ULL,
    0xbc7160139cd8dc5dULL, 0x3fefec9a3e778061ULL,
    0xbc905e7a108766d1ULL, 0x3fefe315e86e7f85ULL,
    0x3c8cd2523567f613ULL, 0x3fefd9b0d3158574ULL,
    0xbc8bce8023f98efaULL, 0x3fefd06b29ddf6deULL,
    0x3c60f74e61e6c861ULL, 0x3fefc74518759bc8ULL,
    0x3c90a3e45b33d399ULL, 0x3fefbe3ecac6f383ULL,
    0x3c979aa65d837b6dULL, 0x3fefb5586cf9890fULL,
    0x3c8eb51a92fdeffcULL, 0x3fefac922b7247f7ULL,
    0x3c3ebe3d702f9cd1ULL, 0x3fefa3ec32d3d1a2ULL,
    0xbc6a033489906e0bULL, 0x3fef9b66affed31bULL,
    0xbc9556522a2fbd0eULL, 0x3fef9301d0125b51ULL,
    0xbc5080ef8c4eea55ULL, 0x3fef8abdc06c31ccULL,
    0xbc91c923b9d5f416ULL, 0x3fef829aaea92de0ULL,
    0x3c80d3e3e95c55afULL, 0x3fef7a98c8a58e51ULL,
    0xbc801b15eaa59348ULL, 0x3fef72b83c7d517bULL,
    0xbc8f1ff055de323dULL, 0x3fef6af9388c8deaULL,
    0x3c8b898c3f1353bfULL, 0x3fef635beb6fcb75ULL,
    0xbc96d99c7611eb26ULL, 0x3fef5be084045cd4ULL,
    0x3c9aecf73e3a2f60ULL, 0x3fef54873168b9aaULL,
    0xbc8fe782cb86389dULL, 0x3fef4d5022fcd91dULL,
    0x3c8a6f4144a6c38dULL, 0x3fef463b88628cd6ULL,
    0x3c807a05b0e4047dULL, 0x3fef3f49917ddc96ULL,
    0x3c968efde3a8a894ULL, 0x3fef387a6e756238ULL,
    0x3c875e18f274487dULL, 0x3fef31ce4fb2a63fULL,
    0x3c80472b981fe7f2ULL, 0x3fef2b4565e27cddULL,
    0xbc96b87b3f71085eULL, 0x3fef24dfe1f56381ULL,
    0x3c82f7e16d09ab31ULL, 0x3fef1e9df51fdee1ULL,
    0xbc3d219b1a6fbffaULL, 0x3fef187fd0dad990ULL,
    0x3c8b3782720c0ab4ULL, 0x3fef1285a6e4030bULL,
    0x3c6e149289cecb8fULL, 0x3fef0cafa93e2f56ULL,
    0x3c834d754db0abb6ULL, 0x3fef06fe0a31b715ULL,
    0x3c864201e2ac744cULL, 0x3fef0170fc4cd831ULL,
    0x3c8fdd395dd3f84aULL, 0x3feefc08b26416ffULL,
    0xbc86a3803b8e5b04ULL, 0x3feef6c55f929ff1ULL,
    0xbc924aedcc4b5068ULL, 0x3feef1a7373aa9cbULL,
    0xbc9907f81b512d8eULL, 0x3feeecae6d05d866ULL,
    0xbc71d1e83e9436d2ULL, 0x3feee7db34e59ff7ULL,
    0xbc991919b3ce1b15ULL, 0x3feee32dc313a8e5ULL,
    0x3c859f48a72a4c6dULL, 0x3feedea64c123422ULL,
    0xbc9312607a28698aULL, 0x3feeda4504ac801cULL,
    0xbc58a78f4817895bULL, 0x3feed60a21f72e2aULL,
    0xbc7c2c9b67499a1bULL, 0x3feed1f5d950a897ULL,
    0x3c4363ed60c2ac11ULL, 0x3feece086061892dULL,
    0x3c9666093b0664efULL, 0x3feeca41ed1d0057ULL,
    0x3c6ecce1daa10379ULL, 0x3feec6a2b5c13cd0ULL,
    0x3c93ff8e3f0f1230ULL, 0x3feec32af0d7d3deULL,
    0x3c7690cebb7aafb0ULL, 0x3feebfdad5362a27ULL,
    0x3c931dbdeb54e077ULL, 0x3feebcb299fddd0dULL,
    0xbc8f94340071a38eULL, 0x3feeb9b2769d2ca7ULL,
    0xbc87deccdc93a349ULL, 0x3feeb6daa2cf6642ULL,
    0xbc78dec6bd0f385fULL, 0x3feeb42b569d4f82ULL,
    0xbc861246ec7b5cf6ULL, 0x3feeb1a4ca5d920fULL,
    0x3c93350518fdd78eULL, 0x3feeaf4736b527daULL,
    0x3c7b98b72f8a9b05ULL, 0x3feead12d497c7fdULL,
    0x3c9063e1e21c5409ULL, 0x3feeab07dd485429ULL,
    0x3c34c7855019c6eaULL, 0x3feea9268a5946b7ULL,
    0x3c9432e62b64c035ULL, 0x3feea76f15ad2148ULL,
    0xbc8ce44a6199769fULL, 0x3feea5e1b976dc09ULL,
    0xbc8c33c53bef4da8ULL, 0x3feea47eb03a5585ULL,
    0xbc845378892be9aeULL, 0x3feea34634ccc320ULL,
    0xbc93cedd78565858ULL, 0x3feea23882552225ULL,
    0x3c5710aa807e1964ULL, 0x3feea155d44ca973ULL,
    0xbc93b3efbf5e2228ULL, 0x3feea09e667f3bcdULL,
    0xbc6a12ad8734b982ULL, 0x3feea012750bdabfULL,
    0xbc6367efb86da9eeULL, 0x3fee9fb23c651a2fULL,
    0xbc80dc3d54e08851ULL, 0x3fee9f7df9519484ULL,
    0xbc781f647e5a3ecfULL, 0x3fee9f75e8ec5f74ULL,
    0xbc86ee4ac08b7db0ULL, 0x3fee9f9a48a58174ULL,
    0xbc8619321e55e68aULL, 0x3fee9feb564267c9ULL,
    0x3c909ccb5e09d4d3ULL, 0x3feea0694fde5d3fULL,
    0xbc7b32dcb94da51dULL, 0x3feea11473eb0187ULL,
    0x3c94ecfd5467c06bULL, 0x3feea1ed0130c132ULL,
    0x3c65ebe1abd66c55ULL, 0x3feea2f336cf4e62ULL,
    0xbc88a1c52fb3cf42ULL, 0x3feea427543e1a12ULL,
    0xbc9369b6f13b3734ULL, 0x3feea589994cce13ULL,
    0xbc805e843a19ff1eULL, 0x3feea71a4623c7adULL,
    0xbc94d450d872576eULL, 0x3feea8d99b4492edULL,
    0x3c90ad675b0e8a00ULL, 0x3feeaac7d98a6699ULL,
    0x3c8db72fc1f0eab4ULL, 0x3feeace5422aa0dbULL,
    0xbc65b6609cc5e7ffULL, 0x3feeaf3216b5448cULL,
    0x3c7bf68359f35f44ULL, 0x3feeb1ae99157736ULL,
    0xbc93091fa71e3d83ULL, 0x3feeb45b0b91ffc6ULL,
    0xbc5da9b88b6c1e29ULL, 0x3feeb737b0cdc5e5ULL,
    0xbc6c23f97c90b959ULL, 0x3feeba44cbc8520fULL,
    0xbc92434322f4f9aaULL, 0x3feebd829fde4e50ULL,
    0xbc85ca6cd7668e4bULL, 0x3feec0f170ca07baULL,
    0x3c71affc2b91ce27ULL, 0x3feec49182a3f090ULL,
    0x3c6dd235e10a73bbULL, 0x3feec86319e32323ULL,
    0xbc87c50422622263ULL, 0x3feecc667b5de565ULL,
    0x3c8b1c86e3e231d5ULL, 0x3feed09bec4a2d33ULL,
    0xbc91bbd1d3bcbb15ULL, 0x3feed503b23e255dULL,
    0x3c90cc319cee31d2ULL, 0x3feed99e1330b358ULL,
    0x3c8469846e735ab3ULL, 0x3feede6b5579fdbfULL,
    0xbc82dfcd978e9db4ULL, 0x3feee36bbfd3f37aULL,
    0x3c8c1a7792cb3387ULL, 0x3feee89f995ad3adULL,
    0xbc907b8f4ad1d9faULL, 0x3feeee07298db666ULL,
    0xbc55c3d956dcaebaULL, 0x3feef3a2b84f15fbULL,
    0xbc90a40e3da6f640ULL, 0x3feef9728de5593aULL,
    0xbc68d6f438ad9334ULL, 0x3feeff76f2fb5e47ULL,
    0xbc91eee26b588a35ULL, 0x3fef05b030a1064aULL,
    0x3c74ffd70a5fddcdULL, 0x3fef0c1e904bc1d2ULL,
    0xbc91bdfbfa9298acULL, 0x3fef12c25bd71e09ULL,
    0x3c736eae30af0cb3ULL, 0x3fef199bdd85529cULL,
    0x3c8ee3325c9ffd94ULL, 0x3fef20ab5fffd07aULL,
    0x3c84e08fd10959acULL, 0x3fef27f12e57d14bULL,
    0x3c63cdaf384e1a67ULL, 0x3fef2f6d9406e7b5ULL,
    0x3c676b2c6c921968ULL, 0x3fef3720dcef9069ULL,
    0xbc808a1883ccb5d2ULL, 0x3fef3f0b555dc3faULL,
    0xbc8fad5d3ffffa6fULL, 0x3fef472d4a07897cULL,
    0xbc900dae3875a949ULL, 0x3fef4f87080d89f2ULL,
    0x3c74a385a63d07a7ULL, 0x3fef5818dcfba487ULL,
    0xbc82919e2040220fULL, 0x3fef60e316c98398ULL,
    0x3c8e5a50d5c192acULL, 0x3fef69e603db3285ULL,
    0x3c843a59ac016b4bULL, 0x3fef7321f301b460ULL,
    0xbc82d52107b43e1fULL, 0x3fef7c97337b9b5fULL,
    0xbc892ab93b470dc9ULL, 0x3fef864614f5a129ULL,
    0x3c74b604603a88d3ULL, 0x3fef902ee78b3ff6ULL,
    0x3c83c5ec519d7271ULL, 0x3fef9a51fbc74c83ULL,
    0xbc8ff7128fd391f0ULL, 0x3fefa4afa2a490daULL,
    0xbc8dae98e223747dULL, 0x3fefaf482d8e67f1ULL,
    0x3c8ec3bc41aa2008ULL, 0x3fefba1bee615a27ULL,
    0x3c842b94c3a9eb32ULL, 0x3fefc52b376bba97ULL,
    0x3c8a64a931d185eeULL, 0x3fefd0765b6e4540ULL,
    0xbc8e37bae43be3edULL, 0x3fefdbfdad9cbe14ULL,
    0x3c77893b4d91cd9dULL, 0x3fefe7c1819e90d8ULL,
    0x3c5305c14160cc89ULL, 0x3feff3c22b8f71f1ULL,
};

enum {
    InvLn2N = 0,    // N / ln 2
    NegLn2HiN = 1,  // -ln 2 / N, high and low parts
    NegLn2LoN = 2,
    C2 = 3, C3 = 4, C4 = 5, C5 = 6,  // the polynomial's coefficients
    Shift = 7,      // 1.5 * 2^52: adding it rounds to an integer
};
static const uint64_t exp_constants[8] = {
    0x40671547652b82feULL, 0xbf762e42fefa0000ULL, 0xbd0cf79abc9e3b3aULL, 0x3fdffffffffffdbdULL,
    0x3fc555555555543cULL, 0x3fa55555cf172b91ULL, 0x3f81111167a4d017ULL, 0x4338000000000000ULL,
};

__attribute__((target("avx2,fma")))
static inline __m256d constant(int which) {
    return _mm256_castsi256_pd(_mm256_set1_epi64x((long long)exp_constants[which]));
}

__attribute__((target("avx2,fma")))
static void exp_fma4(const double *x, double *y, long n) {
    const __m256d invln2n = constant(InvLn2N), shift = constant(Shift);
    const __m256d negln2hin = constant(NegLn2HiN), negln2lon = constant(NegLn2LoN);
    const __m256d c2 = constant(C2), c3 = constant(C3), c4 = constant(C4), c5 = constant(C5);
    const __m256i exponentMask = _mm256_set1_epi64x(0x7ff), indexMask = _mm256_set1_epi64x(127);
    // the main path: the biased exponent of |x| in [0x3c9, 0x407] (2^-54 <= |x| < 512)
    const __m256i belowMain = _mm256_set1_epi64x(0x3c9), aboveMain = _mm256_set1_epi64x(0x407);
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m256d vx = _mm256_loadu_pd(x + i);
        const __m256i abstop = _mm256_and_si256(_mm256_srli_epi64(_mm256_castpd_si256(vx), 52), exponentMask);
        const __m256i special = _mm256_or_si256(_mm256_cmpgt_epi64(belowMain, abstop), _mm256_cmpgt_epi64(abstop, aboveMain));
        // x = k ln2/N + r with |r| <= ln2/2N; k from the rounding by the shift
        __m256d kd = _mm256_fmadd_pd(vx, invln2n, shift);
        const __m256i ki = _mm256_castpd_si256(kd);
        kd = _mm256_sub_pd(kd, shift);
        __m256d r = _mm256_fmadd_pd(kd, negln2hin, vx);
        r = _mm256_fmadd_pd(kd, negln2lon, r);
        // 2^(k/N) ~ scale (1 + tail)
        const __m256i index = _mm256_slli_epi64(_mm256_and_si256(ki, indexMask), 1);
        const __m256i top = _mm256_slli_epi64(ki, 45);
        // each lane's tail and scale bits are adjacent: one 16-byte load per lane, regrouped
        // (faster than two gathers, by a quarter on the AMD machines we measure on)
        long long slot[4];
        _mm256_storeu_si256((__m256i *)slot, index);
        const __m256i e02 = _mm256_set_m128i(_mm_loadu_si128((const __m128i *)(exp_table + slot[2])), _mm_loadu_si128((const __m128i *)(exp_table + slot[0])));
        const __m256i e13 = _mm256_set_m128i(_mm_loadu_si128((const __m128i *)(exp_table + slot[3])), _mm_loadu_si128((const __m128i *)(exp_table + slot[1])));
        const __m256d tail = _mm256_castsi256_pd(_mm256_unpacklo_epi64(e02, e13));
        const __m256i sbits = _mm256_add_epi64(_mm256_unpackhi_epi64(e02, e13), top);
        // tmp = tail + r + r^2 (C2 + r C3) + r^4 (C4 + r C5), fused as glibc's build fuses it
        const __m256d low = _mm256_fmadd_pd(r, c3, c2);
        const __m256d sum = _mm256_add_pd(r, tail);
        const __m256d r2 = _mm256_mul_pd(r, r);
        const __m256d high = _mm256_fmadd_pd(r, c5, c4);
        const __m256d partial = _mm256_fmadd_pd(low, r2, sum);
        const __m256d r4 = _mm256_mul_pd(r2, r2);
        const __m256d tmp = _mm256_fmadd_pd(r4, high, partial);
        const __m256d scale = _mm256_castsi256_pd(sbits);
        _mm256_storeu_pd(y + i, _mm256_fmadd_pd(scale, tmp, scale));
        if (!_mm256_testz_si256(special, special)) {
            double in[4];
            long long lanes[4];
            _mm256_storeu_pd(in, vx);  // y may be x
            _mm256_storeu_si256((__m256i *)lanes, special);
            for (int k = 0; k < 4; k++) {
                if (lanes[k]) y[i + k] = exp(in[k]);
            }
        }
    }
    for (; i < n; i++) y[i] = exp(x[i]);
}

/// Whether the vector path gives the system exp's bits: on this CPU, with this libm.
static int exp_fma4_agrees(void) {
    enum { count = 4096 };
    static double x[count], mine[count];
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (int k = 0; k < count; k++) {
        // spread over [-750, 750] and, densely, over the range backgrounds use, [-40, 10]
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double u = (double)(state >> 11) / 9007199254740992.0;
        x[k] = k % 4 == 0 ? -750 + 1500 * u : -40 + 50 * u;
    }
    x[0] = 0; x[1] = -0.0; x[2] = 1e-300; x[3] = 709.7; x[5] = -745.2; x[6] = INFINITY; x[7] = -INFINITY; x[9] = NAN;
    exp_fma4(x, mine, count);
    for (int k = 0; k < count; k++) {
        const double expected = exp(x[k]);
        if (memcmp(&expected, mine + k, sizeof expected) != 0) return 0;
    }
    return 1;
}
#endif

/// 1 when the four-wide path is used, 0 when not, -1 before the first call.
static int vector_path = -1;

int gk_exp_batch_is_vectorised(void) {
    int state = __atomic_load_n(&vector_path, __ATOMIC_ACQUIRE);
    if (state < 0) {
#if defined(__x86_64__)
        __builtin_cpu_init();
        state = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && exp_fma4_agrees();
#else
        state = 0;
#endif
        __atomic_store_n(&vector_path, state, __ATOMIC_RELEASE);
    }
    return state;
}

void gk_exp_batch(const double *x, double *y, long n) {
#if defined(__x86_64__)
    if (gk_exp_batch_is_vectorised()) {
        exp_fma4(x, y, n);
        return;
    }
#endif
    for (long i = 0; i < n; i++) y[i] = exp(x[i]);
}
