#pragma once
// Test helpers for noneq-langevin: a Config from deck text, id-ordered positions, per-particle sums.
#include <mpi.h>

#include <string>
#include <vector>

#include "core/deck.hpp"
#include "langevin/config.hpp"
#include "langevin/io.hpp"
#include "langevin/simulation.hpp"

namespace noneq::test {

inline langevin::Config langevin_config(const std::string& text) {
  static const core::Schema schema = langevin::Config::schema();
  return langevin::Config::from_deck(core::Deck::from_string(text, "test.ini", schema));
}

/// Sum over all particles of f(i) (collective).
template <class F>
double particle_sum(langevin::Simulation& sim, F&& f) {
  double s = 0, t = 0;
  for (std::size_t i = 0; i < sim.particles().n; ++i) s += f(i);
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, sim.comm());
  return t;
}

/// Unwrapped positions of every particle ordered by id, on every rank: [id * dim + a].
inline std::vector<double> positions_by_id(langevin::Simulation& sim) {
  auto& p = sim.particles();
  const int d = p.dim;
  const auto N = sim.config().particles;
  std::vector<double> mine(static_cast<std::size_t>(N) * d, 0.0), all(mine.size());
  for (std::size_t i = 0; i < p.n; ++i)
    for (int a = 0; a < d; ++a)
      mine[static_cast<std::size_t>(p.id[i]) * d + a] = p.x[a][i] + p.image[a][i] * sim.config().box[a];
  MPI_Allreduce(mine.data(), all.data(), static_cast<int>(all.size()), MPI_DOUBLE, MPI_SUM, sim.comm());
  return all;
}

}  // namespace noneq::test
