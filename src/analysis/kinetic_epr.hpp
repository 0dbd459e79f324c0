#pragma once
// noneq-epr for noneq-boltzmann-shear outputs (root attribute kind = "boltzmann-shear"), written to
// its own file (kind "epr-kinetic"):
//   /series/time [r], /series/viscous_epr [r]   −L:P/T per unit volume (k_B = 1): the entropy
//       production of a thermostatted steady state (heat removed by the thermostat at T);
//       attrs mean, error, batches, from_time (batch means over t >= from_time)
//   /h_function/time [h], /h_function/H [h]     H = ∫ f ln f dV per unit volume from the scaled
//       distribution histogram φ(c), c = V/sqrt(2T):  H = n [ln n − (3/2) ln(2T) + Σ φ ln φ Δc³]
//       (coarse-grained over the bins, and over the cube [-3, 3]³ only)
//   /h_function/midpoint_time [h−1], /h_function/collisional_epr [h−1]
//       σ = −dH/dt − tr(L) H + 3 ζ n between consecutive histograms: the H-theorem entropy
//       production of the collisions (the streaming term conserves H, the thermostat adds 3ζn),
//       valid in transients as well as in steady states
//   /provenance (+ input, input_run_id, input_deck)
#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/particle_epr.hpp"

namespace noneq::analysis {

/// Same options as for noneq-langevin outputs (input, output, overwrite, command line, --from;
/// from_time < 0: the input's own average_from, else the second half).
using KineticEprOptions = ParticleEprOptions;

struct KineticEprReport {
  std::string output;
  std::vector<double> time, viscous;
  double mean = 0, error = 0, from_time = 0;
  int batches = 0;
  std::vector<double> h_time, H, mid_time, collisional;
  bool input_complete = true;
};

/// Collective. Bad input -> core::InputError on every rank.
KineticEprReport run_kinetic_epr(const KineticEprOptions& options, MPI_Comm comm);

}  // namespace noneq::analysis
