#pragma once
// Counter-based random numbers of noneq-boltzmann-shear: Random123 Philox4x32-10 keyed by the
// seed; the counter holds (a, b, step, stream) with the meaning of a and b fixed by the stream
// (e.g. candidate index and sample index), so every number is a function of rank-independent ids.
#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace noneq::kinetic::boltzmann {

using Philox = r123::Philox4x32;

enum Stream : std::uint32_t {
  kCandidate = 0,   // dsmc: (candidate, sample, step) -> i, j, accept | direction
  kDirection = 1,   // dsmc: direction of an accepted non-Maxwell candidate
  kInit = 2,        // (id low, id high, k) -> initial velocity
  kEvent = 3,       // test particle: (id, event, window) -> waiting time, accept, direction
  kBackground = 4,  // test particle: (id, event, window) -> background partner velocity
};

/// Counter {a, b, step low 32 bits, step high 16 bits | stream << 24}.
inline Philox::ctr_type philox(std::uint64_t seed, std::uint32_t a, std::uint32_t b, std::uint64_t step, Stream stream) {
  const Philox::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const Philox::ctr_type ctr = {{a, b, static_cast<std::uint32_t>(step),
                                 static_cast<std::uint32_t>((step >> 32) & 0xFFFFu) |
                                     (static_cast<std::uint32_t>(stream) << 24)}};
  return Philox()(ctr, key);
}

/// Uniform in (0, 1).
inline double uniform(std::uint32_t w) { return (static_cast<double>(w) + 0.5) * 0x1p-32; }

/// Unit vector: cos(theta) uniform in (-1, 1), phi uniform in (0, 2 pi).
inline void direction(std::uint32_t a, std::uint32_t b, double n[3]) {
  const double c = 2 * uniform(a) - 1, sn = std::sqrt(std::max(0.0, 1 - c * c));
  const double phi = 2 * std::numbers::pi * uniform(b);
  n[0] = sn * std::cos(phi);
  n[1] = sn * std::sin(phi);
  n[2] = c;
}

/// Two standard normals (Box–Muller).
inline void normals(std::uint32_t a, std::uint32_t b, double& x, double& y) {
  const double r = std::sqrt(-2 * std::log(uniform(a))), phi = 2 * std::numbers::pi * uniform(b);
  x = r * std::cos(phi);
  y = r * std::sin(phi);
}

}  // namespace noneq::kinetic::boltzmann
