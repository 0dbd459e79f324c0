#pragma once
// noneq-epr: local entropy production σ(x) = J·D⁻¹·J/p of every frame of a noneq-fokker-planck
// grid output, written to its own file (kind "epr-grid"):
//   root attrs schema, kind = "epr-grid", complete, dim, mode (of the input)
//   /grid/{x,y,z} + attrs                 copied from the input
//   /fields/sigma [t, (z), (y), x]        σ (0 where p <= floor · max p)
//   /series/time [t]
//   /series/epr_local_integral [t]        Σ_cells σ V
//   /series/epr_solver [t]                the input's /series/epr (Schnakenberg, face fluxes), if it has one
//   /series/masked_cells [t] (int64), /series/masked_mass [t]   cells with σ set to 0, their mass
//   /provenance (+ input, input_run_id, input_deck)
// plus an XDMF sidecar <output>.xmf for sigma.
// MPI: frames are distributed over ranks in contiguous blocks; each frame is computed whole by one
// rank, so the output is identical for any number of ranks.
#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/grid_epr.hpp"

namespace noneq::analysis {

struct EprOptions {
  std::string input;
  std::string output;  // empty: <input stem>_epr.h5 next to the input
  bool overwrite = false;
  double floor = kDefaultFloor;  // relative density floor, in [0, 1)
  std::string command_line;      // for /provenance
};

struct EprReport {
  std::string output;
  std::vector<double> time, integral, solver;  // solver empty if the input has no /series/epr
  std::vector<std::int64_t> masked_cells;
  std::vector<double> masked_mass;
  bool input_complete = true;
  std::string input_note;  // e.g. frame counts that differed in the input
};

/// Collective over `comm`: reads, computes, writes; returns the series on every rank.
/// Bad input (file, options, existing output) -> core::InputError on every rank.
EprReport run_epr(const EprOptions& options, MPI_Comm comm);

/// Summary table `time | ∫σ dx | solver EPR` (at most `max_rows` rows, first and last always).
std::string epr_table(const EprReport& report, std::size_t max_rows = 20);

}  // namespace noneq::analysis
