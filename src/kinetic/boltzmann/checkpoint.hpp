#pragma once
// Checkpoints of noneq-boltzmann-shear, written atomically (temporary name, then rename):
//   /checkpoint attrs: solver, window (records interval index), time, records, histograms, run_id,
//               samples; dataset deck. Checkpoints are taken at record times only.
//   dsmc:    velocities [N, 3] (by molecule id, at the checkpoint time), remainder [S] (NTC
//            fractional candidates carried by each sample)
//   test-particle: velocities [N, 3] by tagged-molecule id (at a record time)
//   moments: state vector y and the solver's step count
// Molecules are ordered by id and samples by index, so a restart may use another rank count
// (any count <= samples).
#include <mpi.h>

#include <cstdint>
#include <string>

#include "kinetic/boltzmann/config.hpp"
#include "kinetic/boltzmann/dsmc.hpp"
#include "kinetic/boltzmann/moments.hpp"
#include "kinetic/boltzmann/test_particle.hpp"

namespace noneq::kinetic::boltzmann {

struct CheckpointInfo {
  std::string solver;
  std::int64_t window = 0;  // record intervals done (dsmc / test-particle)
  double time = 0;
  std::int64_t records = 0, histograms = 0;
  std::int64_t samples = 0;
  std::string run_id;
  std::string deck;  // effective deck of the run that wrote it
};

/// Reads only the attributes (to size the solver before reading its state). Throws InputError.
CheckpointInfo read_checkpoint_info(const std::string& path, const Config& config, MPI_Comm comm);

/// Collective. `dsmc` must have been rebased at its current time (Dsmc::measure).
void write_checkpoint(const std::string& path, const Dsmc& dsmc, const CheckpointInfo& info, MPI_Comm comm);
void read_checkpoint(const std::string& path, Dsmc& dsmc, MPI_Comm comm);
void write_checkpoint(const std::string& path, const TestParticles& tp, const CheckpointInfo& info, MPI_Comm comm);
void read_checkpoint(const std::string& path, TestParticles& tp, MPI_Comm comm);
void write_checkpoint(const std::string& path, const MomentEquations& m, const CheckpointInfo& info, MPI_Comm comm);
void read_checkpoint(const std::string& path, MomentEquations& m, MPI_Comm comm);

}  // namespace noneq::kinetic::boltzmann
