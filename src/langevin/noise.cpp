// Compiled with -ffast-math -fopenmp-simd (see CMakeLists.txt): the Box–Muller loop is vectorised
// through glibc's libmvec. Nothing else lives in this translation unit.
#include "langevin/noise.hpp"

#include <Random123/philox.h>

#include <algorithm>
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

// The vector math functions and their scalar counterparts can differ in the last bit, so every
// value must take the same path wherever its particle sits in the array (otherwise results would
// depend on the number of particles per rank). The loops therefore run over whole blocks of
// kBlock lanes with a constant trip count (no scalar prologue or epilogue), on padded buffers.
constexpr std::size_t kBlock = 8;

void Noise::normals(const std::int64_t* ids, std::size_t n, std::uint64_t step, Stream stream,
                    double* out) const {
  const std::size_t pairs = 2 * n, padded = (pairs + kBlock - 1) / kBlock * kBlock;
  if (bits_.size() < 2 * padded) bits_.resize(2 * padded);
  if (normals_.size() < 2 * padded) normals_.resize(2 * padded);
  std::uint32_t* b = bits_.data();
  const r123::Philox4x32 philox;
  const auto k = key(seed_);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = philox(counter(ids[i], step, stream), k);
    b[4 * i] = r.v[0], b[4 * i + 1] = r.v[1], b[4 * i + 2] = r.v[2], b[4 * i + 3] = r.v[3];
  }
  std::fill(b + 4 * n, b + 2 * padded, 0u);
  // Box–Muller. Written so that GCC maps log and cos to libmvec's vector variants: the bits are
  // read as signed (int -> double vectorises without AVX-512) and shifted back, and sin is taken
  // as cos(a - pi/2) (a sin/cos pair of one argument is fused into sincos, which does not vectorise).
  const std::int32_t* sb = reinterpret_cast<const std::int32_t*>(b);
  double* o = normals_.data();
  for (std::size_t p0 = 0; p0 < padded; p0 += kBlock) {
#pragma omp simd
    for (std::size_t j = 0; j < kBlock; ++j) {
      const std::size_t p = p0 + j;
      const double u1 = (static_cast<double>(sb[2 * p]) + 2147483648.5) * kTwoM32;  // (0, 1)
      const double u2 = (static_cast<double>(sb[2 * p + 1]) + 2147483648.5) * kTwoM32;
      const double r = ::sqrt(-2.0 * ::log(u1));
      const double a = 2 * kPi * u2 - kPi;  // uniform on (-pi, pi)
      o[2 * p] = r * ::cos(a);
      o[2 * p + 1] = r * ::cos(a - 0.5 * kPi);
    }
  }
  std::copy(o, o + 4 * n, out);
}

void Noise::uniforms(std::int64_t id, std::uint64_t step, Stream stream, double out[4]) const {
  const r123::Philox4x32 philox;
  const auto r = philox(counter(id, step, stream), key(seed_));
  for (int j = 0; j < 4; ++j) out[j] = (static_cast<double>(r.v[j]) + 0.5) * kTwoM32;
}

void unit_vectors(const double* theta, double* ex, double* ey, std::size_t n) {
  // Same constant-trip-count blocks as normals(); the tail is computed in a padded block.
  const std::size_t whole = n / kBlock * kBlock;
  for (std::size_t i0 = 0; i0 < whole; i0 += kBlock) {
#pragma omp simd
    for (std::size_t j = 0; j < kBlock; ++j) {
      ex[i0 + j] = ::cos(theta[i0 + j]);
      ey[i0 + j] = ::cos(theta[i0 + j] - 0.5 * kPi);
    }
  }
  if (whole == n) return;
  double t[kBlock] = {0}, cx[kBlock], cy[kBlock];
  for (std::size_t j = 0; whole + j < n; ++j) t[j] = theta[whole + j];
#pragma omp simd
  for (std::size_t j = 0; j < kBlock; ++j) {
    cx[j] = ::cos(t[j]);
    cy[j] = ::cos(t[j] - 0.5 * kPi);
  }
  for (std::size_t j = 0; whole + j < n; ++j) ex[whole + j] = cx[j], ey[whole + j] = cy[j];
}

}  // namespace noneq::langevin
