#include "CPUID.h"

#include <stddef.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/// XCR0, the OS's enabled register state (xgetbv with ecx = 0). Only valid when cpuid reports
/// OSXSAVE. Inline asm, so this file needs no -mxsave.
static uint64_t read_xcr0(void) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
}

uint32_t qb_cpu_features(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
  const int fma = (c >> 12) & 1, f16c = (c >> 29) & 1;
  if (!osxsave || !avx) return 0;
  const uint64_t xcr0 = read_xcr0();
  const int ymm_state = (xcr0 & 0x6) == 0x6;     // SSE (bit 1) and AVX (bit 2) state
  const int zmm_state = (xcr0 & 0xE0) == 0xE0;   // opmask (5), ZMM_Hi256 (6), Hi16_ZMM (7)
  if (!ymm_state) return 0;
  uint32_t features = 0;
  if (fma) features |= QB_CPU_FMA;
  if (f16c) features |= QB_CPU_F16C;
  unsigned max_leaf = __get_cpuid_max(0, NULL);
  if (max_leaf < 7) return features;
  __cpuid_count(7, 0, a, b, c, d);
  const unsigned leaf7_max_subleaf = a;
  if ((b >> 5) & 1) features |= QB_CPU_AVX2;
  if (zmm_state) {
    if ((b >> 16) & 1) features |= QB_CPU_AVX512F;
    if ((b >> 30) & 1) features |= QB_CPU_AVX512BW;
    if ((b >> 31) & 1) features |= QB_CPU_AVX512VL;
    if ((c >> 11) & 1) features |= QB_CPU_AVX512VNNI;
  }
  if (leaf7_max_subleaf >= 1) {
    __cpuid_count(7, 1, a, b, c, d);
    if ((a >> 4) & 1) features |= QB_CPU_AVXVNNI;
  }
  return features;
}

uint32_t qb_cpu_baseline(void) { return QB_CPU_AVX2 | QB_CPU_FMA | QB_CPU_F16C; }

#else

uint32_t qb_cpu_features(void) { return 0; }

uint32_t qb_cpu_baseline(void) { return 0; }

#endif

const char *qb_cpu_baseline_missing(uint32_t features) {
  const uint32_t missing = qb_cpu_baseline() & ~features;
  if (missing == 0) return NULL;
  if (missing & QB_CPU_AVX2)
    return "this CPU (or its operating system) lacks AVX2, which this build of quantbook needs "
           "(x86-64 with AVX2, FMA and F16C: Intel Haswell, AMD Zen or newer)";
  if (missing & QB_CPU_FMA)
    return "this CPU lacks FMA, which this build of quantbook needs "
           "(x86-64 with AVX2, FMA and F16C: Intel Haswell, AMD Zen or newer)";
  return "this CPU lacks F16C, which this build of quantbook needs "
         "(x86-64 with AVX2, FMA and F16C: Intel Haswell, AMD Zen or newer)";
}
