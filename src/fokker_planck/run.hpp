#pragma once
// The noneq-fokker-planck run: deck → solver → steady solve or time loop → HDF5, with progress
// lines, periodic and on-signal checkpoints, and restart.
#include <mpi.h>

#include "core/cli.hpp"

namespace noneq::fokker_planck {

/// Runs the app for a parsed command line; returns the exit code (throws core errors).
int run(const core::CommandLine& cl, MPI_Comm comm);

}  // namespace noneq::fokker_planck
