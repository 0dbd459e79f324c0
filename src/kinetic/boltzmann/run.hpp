#pragma once
#include <mpi.h>

#include "core/cli.hpp"

namespace noneq::kinetic::boltzmann {

/// noneq-boltzmann-shear main: deck -> solver (dsmc | moments | test-particle) -> HDF5 series,
/// histograms, steady-state summary and checkpoints. Returns the exit code.
int run(const core::CommandLine& cl, MPI_Comm comm);

}  // namespace noneq::kinetic::boltzmann
