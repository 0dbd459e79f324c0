#pragma once
// Shared by the Fokker–Planck validation tests: build a solver from deck text, gather fields,
// and the exact OU results (Lyapunov equation) of ../shared/VALIDATION.md.
#include <petscdmda.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/deck.hpp"
#include "core/runtime.hpp"
#include "fokker_planck/config.hpp"
#include "fokker_planck/ou_exact.hpp"
#include "fokker_planck/solver.hpp"
#include "support/test_util.hpp"

namespace noneq::test {

inline fokker_planck::Config fp_config(const std::string& text, const core::Overrides& ov = {}) {
  static const core::Schema schema = fokker_planck::Config::schema();
  const core::Deck deck = core::Deck::from_string(text, "test-deck", schema, ov);
  return fokker_planck::Config::from_deck(deck);
}

/// The whole density in natural order (x fastest) on rank 0 of the solver's communicator
/// (empty elsewhere).
inline std::vector<double> gather(const fokker_planck::Solver& s, Vec v = nullptr) {
  return core::gather_natural(s.dm(), v ? v : s.density(), core::GatherTo::Zero);
}

using fokker_planck::Mat3;
using fokker_planck::expm;
using fokker_planck::lyapunov;
using fokker_planck::matmul;
using fokker_planck::ou_epr;
using fokker_planck::transpose;

/// Observed order of convergence from errors on grids with spacing ratio 2.
inline double order(double e_coarse, double e_fine) { return std::log2(e_coarse / e_fine); }

}  // namespace noneq::test

