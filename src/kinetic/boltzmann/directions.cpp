#include "kinetic/boltzmann/directions.hpp"

#include <cmath>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NONEQ_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NONEQ_VECTOR_CLONES
#endif

namespace noneq::kinetic::boltzmann {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoM32 = 0x1p-32;
}  // namespace

// The words are read as signed (int -> double vectorises without AVX-512) and shifted back; sin
// comes from cos as sign(φ) sqrt(1 − cos²) (a sin/cos pair would fuse into sincos, which does not
// vectorise).
NONEQ_VECTOR_CLONES
void unit_vectors(const std::uint32_t* ua, const std::uint32_t* ub, double* __restrict nx, double* __restrict ny,
                  double* __restrict nz, std::size_t padded) {
  const auto* a = reinterpret_cast<const std::int32_t*>(ua);
  const auto* b = reinterpret_cast<const std::int32_t*>(ub);
  for (std::size_t k0 = 0; k0 < padded; k0 += kDirectionBlock) {
#pragma omp simd
    for (std::size_t j = 0; j < kDirectionBlock; ++j) {
      const std::size_t k = k0 + j;
      const double c = 2 * ((static_cast<double>(a[k]) + 2147483648.5) * kTwoM32) - 1;
      const double sn = ::sqrt(::fmax(0.0, 1 - c * c));
      const double phi = 2 * kPi * ((static_cast<double>(b[k]) + 2147483648.5) * kTwoM32) - kPi;
      const double cp = ::cos(phi);
      nx[k] = sn * cp;
      ny[k] = sn * ::copysign(::sqrt(::fmax(0.0, 1 - cp * cp)), phi);
      nz[k] = c;
    }
  }
}

}  // namespace noneq::kinetic::boltzmann
