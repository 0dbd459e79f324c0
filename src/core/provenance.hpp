#pragma once
// The common header of every noneq output (DESIGN.md): root attributes `schema`, `kind`,
// `complete` (0 until the run finishes cleanly) and the group /provenance holding everything that
// differs between identical runs (so `h5diff --exclude-path /provenance` compares physics only).
#include <mpi.h>

#include <string>

#include "core/h5.hpp"

namespace noneq::core {

inline constexpr const char* kSchema = "noneq/1";

struct RunInfo {
  std::string app;             // "noneq-fokker-planck"
  std::string kind;            // "fokker-planck"
  std::string deck_text;       // the deck as given
  std::string deck_path;
  std::string effective_deck;  // --print-config text
  std::string command_line;
};

/// Writes root attributes (complete = 0) and /provenance. Collective.
void write_header(h5::File& file, const RunInfo& info);
/// Sets root attribute complete = 1 (or 0). Collective.
void mark_complete(h5::File& file, bool complete);
/// "PETSc 3.18.5, HDF5 1.10.8, Open MPI v4.1.4, FFTW 3.3.10, Boost 1.74, muparser 2.3.3, fmt 9.1.0"
std::string library_versions();
/// Collective, on an output reopened by --restart: /provenance/effective_deck becomes the deck of
/// the continuing run (it may extend [time] end), and the attribute `restarts` of /provenance gains
/// the line "<UTC time>: from <checkpoint> at t = <time>".
void record_restart(h5::File& file, const std::string& effective_deck, const std::string& checkpoint, double time);
/// Current UTC time, ISO 8601.
std::string utc_now();
/// Collective: an identifier of this run (random + clock on rank 0, broadcast), stored in the
/// output and its checkpoints so that a restart finds its own output.
std::string make_run_id(MPI_Comm comm);

}  // namespace noneq::core
