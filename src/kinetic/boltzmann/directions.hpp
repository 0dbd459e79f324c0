#pragma once
// Random unit vectors in batches, vectorised through glibc's libmvec (directions.cpp is compiled
// with -ffast-math -fopenmp-simd, with AVX-512/AVX2/baseline clones chosen at run time, as the
// langevin noise). A direction depends only on its two 32-bit words: every batch is processed in
// whole blocks of kDirectionBlock lanes, so a value never takes a scalar path.
#include <cstddef>
#include <cstdint>

namespace noneq::kinetic::boltzmann {

inline constexpr std::size_t kDirectionBlock = 8;

/// n[k] = (sinθ cosφ, sinθ sinφ, cosθ) with cosθ = 2u(a[k]) − 1, φ = 2π u(b[k]) − π, for
/// k < padded (a multiple of kDirectionBlock); outputs are separate x, y, z arrays.
void unit_vectors(const std::uint32_t* a, const std::uint32_t* b, double* nx, double* ny, double* nz, std::size_t padded);

}  // namespace noneq::kinetic::boltzmann
