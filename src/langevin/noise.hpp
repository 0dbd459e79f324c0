#pragma once
// Counter-based Gaussian noise (after HOOMD-blue): Random123 Philox4x32-10 keyed by the seed, with
// (particle id, stream, step) in the counter. The numbers a particle receives depend only on
// (seed, id, stream, step): not on the rank that owns it, the order of particles in memory, or a
// restart. One Philox call gives 4 x 32 random bits -> 4 standard normals by Box–Muller.
//
// Speed: the Box–Muller transform (log, sqrt, sin, cos) dominates a scalar implementation
// (~22 ns per pair on the reference machine). normals() works on batches: a first loop fills the
// counter-based bits, a second loop is vectorised by the compiler through glibc's libmvec
// (noise.cpp is compiled with -ffast-math -fopenmp-simd so that log/cos map to the vector ABI), in
// clones for AVX-512, AVX2 and baseline x86-64 chosen at run time (GCC target_clones): a generic
// build uses the widest vector math of the machine it runs on.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace noneq::langevin {

/// Streams: independent noise sources per particle and step.
enum class Stream : std::uint32_t { Translation = 0, Rotation = 1, Propulsion = 2, Init = 3, InitAngle = 4 };

class Noise {
 public:
  explicit Noise(std::uint64_t seed) : seed_(seed) {}
  /// `per` (2 or 4) independent standard normals for each (ids[i], stream, step), i < n, into
  /// out[per*i + k]; `out` is resized (with padding: its size may exceed per*n).
  void normals(const std::int64_t* ids, std::size_t n, std::uint64_t step, Stream stream, int per,
               std::vector<double>& out) const;
  /// The raw 4 x 32 Philox words per particle (tests).
  void words(const std::int64_t* ids, std::size_t n, std::uint64_t step, Stream stream,
             std::vector<std::uint32_t>& out) const;
  /// 4 uniforms in (0, 1) for one particle (initial positions; not vectorised).
  void uniforms(std::int64_t id, std::uint64_t step, Stream stream, double out[4]) const;
  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
  mutable std::vector<std::uint32_t> bits_;
};

/// The same 4 words for one particle through Random123's r123::Philox4x32 (tests).
void philox_reference(std::int64_t id, std::uint64_t step, Stream stream, std::uint64_t seed, std::uint32_t out[4]);

/// e = (cos theta, sin theta) for n angles, vectorised like the Box–Muller loop.
void unit_vectors(const double* theta, double* ex, double* ey, std::size_t n);

}  // namespace noneq::langevin
