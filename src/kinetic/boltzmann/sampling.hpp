#pragma once
// Velocity statistics shared by the particle solvers (dsmc, test-particle): per-sample sums of
// moments and histogram counts, and their rank-independent reduction (sums added in sample order).
#include <mpi.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kinetic/boltzmann/flow.hpp"

namespace noneq::kinetic::boltzmann {

/// Sums over molecules of a set of samples (extensive; divide by count).
struct VelocitySums {
  static constexpr int kSize = 18;
  double count = 0;
  Sym3 vv{};                      // Σ V_i V_j
  std::array<double, 3> v{};      // Σ V_i (0 to round-off: momentum conservation)
  double v4 = 0, v6 = 0;          // Σ |V|^4, Σ |V|^6
  std::array<double, 3> vi4{};    // Σ V_i^4
  double collisions = 0, candidates = 0;  // since the last record
  double log_scale = 0;           // Σ over samples of ln s at the record (thermostat work)
  void add(const VelocitySums& o);
  void pack(double* out) const;
  void unpack(const double* in);
};

/// Velocity histograms of one record (counts, summed over ranks by the caller).
struct Histograms {
  std::int64_t bins = 0;            // marginal bins over [-range, range] of V_i / sqrt(T)
  double range = 0;
  std::vector<std::int64_t> marginal;  // [3][bins]
  std::int64_t cube = 0;            // bins per axis of V / sqrt(2T) over [-3, 3]^3 (0: none)
  std::vector<std::int64_t> distribution;  // [cube^3]
  std::int64_t outside = 0;         // molecules outside the cube
};

/// Adds one velocity to the sums (and to `hist`, with T the temperature that scales it).
inline void add_velocity(const double v[3], VelocitySums& s) {
  const double v2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  s.vv[0] += v[0] * v[0], s.vv[1] += v[0] * v[1], s.vv[2] += v[0] * v[2];
  s.vv[3] += v[1] * v[1], s.vv[4] += v[1] * v[2], s.vv[5] += v[2] * v[2];
  for (int a = 0; a < 3; ++a) {
    s.v[a] += v[a];
    s.vi4[a] += v[a] * v[a] * v[a] * v[a];
  }
  s.v4 += v2 * v2;
  s.v6 += v2 * v2 * v2;
}

/// Histogram scales for a sample at temperature T (per unit mass).
struct HistogramScale {
  double marginal = 0, cube = 0;
  HistogramScale(const Histograms& h, double T);
};
void add_to_histograms(const double v[3], const HistogramScale& sc, Histograms& h);

/// Collective: `local` holds the sums of this rank's samples, in order (ranks hold contiguous
/// blocks in rank order); returns the sum over all samples added in sample order, the same on
/// every rank and for every rank count.
VelocitySums reduce_samples(const std::vector<VelocitySums>& local, MPI_Comm comm);

/// Samples used for `requested` ([dsmc] samples; 0: automatic) with N molecules on P ranks:
/// automatic = ceil(N / kSampleSize), so that a sample's velocities (24 bytes each) stay in a core's
/// L2 cache while it is advanced; it does not depend on P, except that it is raised to P when
/// smaller (then results depend on the rank count: `rank_dependent` is set).
inline constexpr std::int64_t kSampleSize = 32768;
std::int64_t effective_samples(std::int64_t requested, std::int64_t N, int P, bool* rank_dependent = nullptr);

/// The samples of this rank: N molecules (ids 0..N-1) in S samples of N/S (+1 for the first N % S)
/// consecutive ids, samples split over the ranks in contiguous blocks.
struct SampleLayout {
  std::int64_t total = 0;        // S
  bool rank_dependent = false;   // automatic S raised to the rank count
  std::int64_t first = 0, count = 0;  // this rank's samples [first, first + count)
  std::int64_t molecules = 0;    // N
  std::int64_t first_id(std::int64_t sample) const;  // first molecule id of a sample (sample <= S)
  std::int64_t size(std::int64_t sample) const { return first_id(sample + 1) - first_id(sample); }
};
/// Collective (no communication). Throws InputError naming the deck and [dsmc] samples when the
/// samples cannot be spread over the ranks or hold fewer than `min_per_sample` molecules.
SampleLayout sample_layout(std::int64_t requested, std::int64_t N, MPI_Comm comm, std::int64_t min_per_sample,
                           const std::string& deck_name);

/// First sample of rank r when S samples are split over P ranks in blocks.
std::int64_t sample_block_first(std::int64_t S, int P, int r);

}  // namespace noneq::kinetic::boltzmann
