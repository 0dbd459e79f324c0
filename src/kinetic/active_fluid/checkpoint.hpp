#pragma once
// Checkpoints of noneq-active-fluid, written atomically (temporary name, then rename):
//   /checkpoint attrs: time, step, records, frames, modes, run_id; dataset deck (effective deck)
//   periodic:    psi, psi_prev, nl, nl_prev [n(k_x), n(k_y), modes, 2], uhat and uhat_prev [n, n, 2, 2]: the
//                Fourier coefficients in global order, so a restart may use another rank count
//   homogeneous: the same arrays with one point.
// The SBDF2 history (previous state and right-hand side) and the last velocity (the start of the
// Stokes fixed point) are stored, so the continuation takes the steps the interrupted run would have.
#include <mpi.h>

#include <cstdint>
#include <string>

#include "kinetic/active_fluid/fluid.hpp"
#include "kinetic/active_fluid/homogeneous.hpp"

namespace noneq::kinetic::active_fluid {

struct CheckpointInfo {
  double time = 0;
  std::int64_t step = 0, records = 0, frames = 0, psi_frames = 0, modes = 0;
  std::string run_id, deck;
};

CheckpointInfo read_checkpoint_info(const std::string& path, MPI_Comm comm);
void write_checkpoint(const std::string& path, Fluid& fluid, const CheckpointInfo& info, MPI_Comm comm);
void read_checkpoint(const std::string& path, Fluid& fluid, MPI_Comm comm);
void write_checkpoint(const std::string& path, Homogeneous& h, const CheckpointInfo& info, MPI_Comm comm);
void read_checkpoint(const std::string& path, Homogeneous& h, MPI_Comm comm);

}  // namespace noneq::kinetic::active_fluid
