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

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NONEQ_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NONEQ_VECTOR_CLONES
#endif

namespace {
// Box–Muller on `padded` pairs of 32-bit words (a multiple of kBlock). Written so that GCC maps
// log and cos to libmvec's vector variants: the bits are read as signed (int -> double vectorises
// without AVX-512) and shifted back; sin comes from cos as sign(a) sqrt(1 - cos^2) (a sin/cos pair of
// one argument would be fused into sincos, which does not vectorise).
NONEQ_VECTOR_CLONES
void box_muller(const std::int32_t* __restrict sb, double* __restrict o, std::size_t padded) {
  for (std::size_t p0 = 0; p0 < padded; p0 += kBlock) {
#pragma omp simd
    for (std::size_t j = 0; j < kBlock; ++j) {
      const std::size_t p = p0 + j;
      const double u1 = (static_cast<double>(sb[2 * p]) + 2147483648.5) * kTwoM32;  // (0, 1)
      const double u2 = (static_cast<double>(sb[2 * p + 1]) + 2147483648.5) * kTwoM32;
      const double r = ::sqrt(-2.0 * ::log(u1));
      const double a = 2 * kPi * u2 - kPi;  // uniform on (-pi, pi)
      const double c = ::cos(a);
      o[2 * p] = r * c;
      o[2 * p + 1] = r * ::copysign(::sqrt(::fmax(0.0, 1.0 - c * c)), a);
    }
  }
}

NONEQ_VECTOR_CLONES
void cos_sin_blocks(const double* __restrict t, double* __restrict cx, double* __restrict cy, std::size_t padded) {
  for (std::size_t i0 = 0; i0 < padded; i0 += kBlock) {
#pragma omp simd
    for (std::size_t j = 0; j < kBlock; ++j) {
      const double a = t[i0 + j];
      cx[i0 + j] = ::cos(a);
      cy[i0 + j] = ::cos(a - 0.5 * kPi);
    }
  }
}
}  // namespace

void Noise::normals(const std::int64_t* ids, std::size_t n, std::uint64_t step, Stream stream, int per,
                    std::vector<double>& out) const {
  // per = 4: all four words of the Philox output; per = 2: the first two (one Box–Muller pair).
  const std::size_t words = static_cast<std::size_t>(per) * n;
  const std::size_t padded = (words / 2 + kBlock - 1) / kBlock * kBlock;  // pairs
  if (bits_.size() < 2 * padded) bits_.resize(2 * padded);
  if (out.size() < 2 * padded) out.resize(2 * padded);
  std::uint32_t* b = bits_.data();
  const r123::Philox4x32 philox;
  const auto k = key(seed_);
  if (per == 4) {
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = philox(counter(ids[i], step, stream), k);
      b[4 * i] = r.v[0], b[4 * i + 1] = r.v[1], b[4 * i + 2] = r.v[2], b[4 * i + 3] = r.v[3];
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = philox(counter(ids[i], step, stream), k);
      b[2 * i] = r.v[0], b[2 * i + 1] = r.v[1];
    }
  }
  std::fill(b + words, b + 2 * padded, 0u);
  box_muller(reinterpret_cast<const std::int32_t*>(b), out.data(), padded);
}

void philox_reference(std::int64_t id, std::uint64_t step, Stream stream, std::uint64_t seed, std::uint32_t out[4]) {
  const r123::Philox4x32 philox;
  const auto r = philox(counter(id, step, stream), key(seed));
  for (int j = 0; j < 4; ++j) out[j] = r.v[j];
}

void Noise::words(const std::int64_t* ids, std::size_t n, std::uint64_t step, Stream stream,
                  std::vector<std::uint32_t>& out) const {
  // The batch loop of normals(), kept separate so that tests can compare it with single calls.
  out.resize(4 * n);
  const r123::Philox4x32 philox;
  const auto k = key(seed_);
  for (std::size_t i = 0; i < n; ++i) {
    const auto r = philox(counter(ids[i], step, stream), k);
    for (int j = 0; j < 4; ++j) out[4 * i + j] = r.v[j];
  }
}

void Noise::uniforms(std::int64_t id, std::uint64_t step, Stream stream, double out[4]) const {
  const r123::Philox4x32 philox;
  const auto r = philox(counter(id, step, stream), key(seed_));
  for (int j = 0; j < 4; ++j) out[j] = (static_cast<double>(r.v[j]) + 0.5) * kTwoM32;
}

void unit_vectors(const double* theta, double* ex, double* ey, std::size_t n) {
  // Same fixed blocks as normals(), on padded copies (the tail takes the vector path too).
  static thread_local std::vector<double> t, cx, cy;
  const std::size_t padded = (n + kBlock - 1) / kBlock * kBlock;
  t.assign(padded, 0.0), cx.resize(padded), cy.resize(padded);
  std::copy(theta, theta + n, t.begin());
  cos_sin_blocks(t.data(), cx.data(), cy.data(), padded);
  std::copy(cx.begin(), cx.begin() + static_cast<long>(n), ex);
  std::copy(cy.begin(), cy.begin() + static_cast<long>(n), ey);
}

}  // namespace noneq::langevin
