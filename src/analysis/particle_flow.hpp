#pragma once
// noneq-flow for noneq-langevin outputs: the coarse-grained probability density p and current J in
// a chosen plane of two single-particle coordinates, estimated from consecutive trajectory frames
// (Stratonovich: the increment dq/dt of each particle between frames k and k+1 is binned at its
// midpoint), averaged over particles and frame pairs. Coordinates: x y z (positions; periodic,
// increments from unwrapped positions), ex ey ez (orientation), vx vy vz (velocity), gx gy gz
// (OU propulsion). Output (kind "flow-particles"):
//   /grid/x, /grid/y                 bin centres of the first and second coordinate
//   /fields/p [ny, nx]               probability density per particle in the plane
//   /fields/J [ny, nx, 2]            probability current density
//   /fields/v [ny, nx, 2]            v = J/p (0 in empty bins), /fields/samples [ny, nx]
//   root attrs plane, frame_pairs, frame_interval
// plus an XDMF sidecar. The estimator is exact as the frame interval -> 0; with a finite interval
// it averages the velocity over the interval (choose output.every accordingly).
#include <mpi.h>

#include <array>
#include <string>
#include <vector>

namespace noneq::analysis {

struct ParticleFlowOptions {
  std::string input, output, command_line;
  bool overwrite = false;
  std::string plane;                // "x,y" (default: x,y for positions)
  std::array<int, 2> bins{32, 32};
};

struct ParticleFlowReport {
  std::string output;
  std::array<std::string, 2> plane;
  std::int64_t frame_pairs = 0, particles = 0;
  double frame_interval = 0;
  bool input_complete = true;
};

/// Collective. Bad input -> core::InputError on every rank.
ParticleFlowReport run_particle_flow(const ParticleFlowOptions& options, MPI_Comm comm);

}  // namespace noneq::analysis
