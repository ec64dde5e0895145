// What the CPU and the operating system let the engine use, read with cpuid and xgetbv.
//
// This target is compiled for plain x86-64 (no -mavx flags): the CLI calls it first thing,
// before any code built for AVX2 runs, so that a CPU without AVX2 gets a message instead of an
// illegal instruction.
#ifndef QUANTBOOK_CPUID_H
#define QUANTBOOK_CPUID_H

#include <stdint.h>

/// One bit per instruction-set extension, each set only when both the CPU reports it and the
/// OS saves the registers it needs (XCR0: YMM state for AVX*, opmask + ZMM state for AVX-512).
enum {
  QB_CPU_AVX2 = 1u << 0,
  QB_CPU_FMA = 1u << 1,
  QB_CPU_F16C = 1u << 2,
  QB_CPU_AVX512F = 1u << 3,
  QB_CPU_AVX512BW = 1u << 4,
  QB_CPU_AVX512VL = 1u << 5,
  QB_CPU_AVX512VNNI = 1u << 6,
  QB_CPU_AVXVNNI = 1u << 7,
};

/// The host's feature bits (0 on other architectures). Reads cpuid every call: cache it.
uint32_t qb_cpu_features(void);

/// The features every Quantbook binary is compiled for (AVX2, FMA, F16C on x86-64; none
/// elsewhere).
uint32_t qb_cpu_baseline(void);

/// NULL when `features` has the baseline; otherwise a one-line message naming what is missing,
/// e.g. "this CPU lacks AVX2, which this build of quantbook needs (x86-64 with AVX2, FMA and
/// F16C: Intel Haswell, AMD Zen or newer)". Pure: tests pass any bit set.
const char *qb_cpu_baseline_missing(uint32_t features);

#endif
