#pragma once
// What every solver of noneq-boltzmann-shear reports at a record time, and the derived series
// written to /series (same names and shapes for dsmc, moments and test-particle, so that the
// methods overlay directly).
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/flow.hpp"
#include "kinetic/boltzmann/kernel.hpp"

namespace noneq::kinetic::boltzmann {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Raw state at a record (m = 1; averages per molecule, pressure per volume).
struct State {
  double time = 0;
  double density = 1;
  Sym3 pressure{};                     // P_ij = n <V_i V_j>
  double zeta = kNaN;                  // thermostat rate (window average for dsmc)
  double collision_rate = kNaN;        // collisions per molecule per time (window average)
  double v4 = kNaN, v6 = kNaN;         // <|V|^4>, <|V|^6>
  std::array<double, 3> vi4{kNaN, kNaN, kNaN};  // <V_i^4>
  std::array<double, 3> mean_velocity{0, 0, 0};
  double nu = kNaN;                    // ν of the reduced units (NaN: ν(n, T) of this state)
};

/// One series: name, shape of one record, unit/meaning (HDF5 attribute `description`).
struct SeriesSpec {
  std::string name;
  std::vector<std::size_t> shape;  // empty: scalar
  std::string description;
};

/// The series of /series, in order.
const std::vector<SeriesSpec>& series_specs();

/// Derived record values, flattened in series_specs() order.
std::vector<double> derive(const State& s, const Config& c, const Kernel& k, const Flow& f);

/// Exact steady values of the series, flattened like derive() with NaN where none is known; empty
/// if not applicable: maxwell/bgk kernel with gaussian thermostat in simple shear, and the
/// test-particle problem of Maxwell molecules in simple shear below the critical shear rate.
std::vector<double> exact_steady(const Config& c);

}  // namespace noneq::kinetic::boltzmann
