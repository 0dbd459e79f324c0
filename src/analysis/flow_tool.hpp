#pragma once
// noneq-flow: probability-flow velocity v = J/p of a noneq-fokker-planck grid output and, in 2D, the
// Helmholtz–Hodge split of the current (analysis/grid_flow.hpp). Output (kind "flow-grid"):
//   root attrs schema, kind = "flow-grid", complete, dim, mode (of the input)
//   /grid/{x,y,z} + attrs                    copied from the input
//   /fields/v     [t, (z), (y), x, dim]      J/p (0 where p <= floor · max p)
//   /fields/valid [t, (z), (y), x] (uint8)   1 where v is defined (p > floor · max p)
//   2D only:
//   /fields/psi    [t, y, x]                 stream function ψ (Δψ = −ω; 0 on walls)
//   /fields/J_rot  [t, y, x, 2]              ∇⊥ψ = (∂_y ψ, −∂_x ψ)
//   /fields/J_grad [t, y, x, 2]              J − J_rot − H (gradient/divergent part)
//   /series/time [t], /series/frame [t] (int64: frame index in the input)
//   /series/current_norm [t]                 ‖J‖ = (Σ |J|² V)^{1/2}
//   2D only: /series/divergent_fraction [t] = ‖J_grad‖/‖J‖, /series/harmonic_current [t, 2] = H
//   /provenance (+ input, input_run_id, input_deck)
// plus an XDMF sidecar (v, and in 2D psi, J_rot, J_grad; the uint8 mask is not in it because
// core::XdmfField describes 8-byte floats only).
// MPI: frames are distributed over ranks; each frame is computed whole by one rank, so the output is
// identical for any number of ranks.
#include <mpi.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/grid_epr.hpp"

namespace noneq::analysis {

struct FlowOptions {
  std::string input;
  std::string output;        // empty: <input stem>_flow.h5 next to the input
  bool overwrite = false;
  double floor = kDefaultFloor;
  std::string frames = "all";  // "all" | "last" | N (0-based; negative counts from the end)
  std::string command_line;
};

struct FlowReport {
  std::string output;
  int dim = 0;
  std::vector<std::int64_t> frames;  // input frame indices analysed
  std::vector<double> time, current_norm, divergent_fraction;  // divergent_fraction: 2D only
  std::vector<std::array<double, 2>> harmonic;                 // 2D only
  std::vector<std::int64_t> valid_cells;
  std::int64_t cells = 0;
  bool input_complete = true;
  std::string input_note;
};

/// Frame indices selected by `spec` ("all", "last", N or -N) among `frames`; InputError otherwise.
std::vector<std::int64_t> select_frames(const std::string& spec, std::int64_t frames);

/// Collective over `comm`: reads, computes, writes; returns the series on every rank.
FlowReport run_flow(const FlowOptions& options, MPI_Comm comm);

/// Summary table `frame | time | ‖J‖ | divergent fraction | valid cells`.
std::string flow_table(const FlowReport& report, std::size_t max_rows = 20);

}  // namespace noneq::analysis
