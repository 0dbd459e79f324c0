// Compiled with -ffast-math -fopenmp-simd (see CMakeLists.txt): the Box–Muller loop is vectorised
// through glibc's libmvec. Nothing else lives in this translation unit.
#include "langevin/noise.hpp"

#include <Random123/philox.h>

#include <math.h>  // ::log, ::sin, ::cos carry the libmvec SIMD declarations

namespace noneq::langevin {

namespace {
inline r123::Philox4x32::ctr_type counter(std::int64_t id, std::uint64_t step, Stream stream) {
  const auto uid = static_cast<std::uint64_t>(id);
  return {{static_cast<std::uint32_t>(uid), static_cast<std::uint32_t>(uid >> 32) |
                                                (static_cast<std::uint32_t>(stream) << 16),
           static_cast<std::uint32_t>(step), static_cast<std::uint32_t>(step >> 32)}};
}
inline r123::Philox4x32::key_type key(std::uint64_t seed) {
  return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
}
constexpr double kTwoM32 = 1.0 / 4294967296.0;
constexpr double kPi = 3.141592653589793238462643383279502884;
}  // namespace

void Noise::normals(const std::int64_t* ids, std::size_t n, std::uint64_t step, Stream stream,
                    double* out) const {
  if (bits_.size() < 4 * n) bits_.resize(4 * n);
  std::uint32_t* b = bits_.data();
  const r123::Philox4x32 philox;
  const auto k = key(seed_);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = philox(counter(ids[i], step, stream), k);
    b[4 * i] = r.v[0], b[4 * i + 1] = r.v[1], b[4 * i + 2] = r.v[2], b[4 * i + 3] = r.v[3];
  }
  // Box–Muller. Written so that GCC maps log and cos to libmvec's vector variants: the bits are
  // read as signed (int -> double vectorises without AVX-512) and shifted back, and sin is taken
  // as cos(a - pi/2) (a sin/cos pair of one argument is fused into sincos, which does not vectorise).
  const std::int32_t* sb = reinterpret_cast<const std::int32_t*>(b);
  const std::size_t pairs = 2 * n;
#pragma omp simd
  for (std::size_t p = 0; p < pairs; ++p) {
    const double u1 = (static_cast<double>(sb[2 * p]) + 2147483648.5) * kTwoM32;  // (0, 1)
    const double u2 = (static_cast<double>(sb[2 * p + 1]) + 2147483648.5) * kTwoM32;
    const double r = ::sqrt(-2.0 * ::log(u1));
    const double a = 2 * kPi * u2 - kPi;  // uniform on (-pi, pi)
    out[2 * p] = r * ::cos(a);
    out[2 * p + 1] = r * ::cos(a - 0.5 * kPi);
  }
}

void Noise::uniforms(std::int64_t id, std::uint64_t step, Stream stream, double out[4]) const {
  const r123::Philox4x32 philox;
  const auto r = philox(counter(id, step, stream), key(seed_));
  for (int j = 0; j < 4; ++j) out[j] = (static_cast<double>(r.v[j]) + 0.5) * kTwoM32;
}

void unit_vectors(const double* theta, double* ex, double* ey, std::size_t n) {
#pragma omp simd
  for (std::size_t i = 0; i < n; ++i) {
    ex[i] = ::cos(theta[i]);
    ey[i] = ::cos(theta[i] - 0.5 * kPi);
  }
}

}  // namespace noneq::langevin
