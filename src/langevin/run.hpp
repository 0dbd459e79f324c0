#pragma once
#include <mpi.h>

#include "core/cli.hpp"

namespace noneq::langevin {

/// noneq-langevin main: deck -> simulation -> H5MD output and checkpoints. Returns the exit code.
int run(const core::CommandLine& cl, MPI_Comm comm);

}  // namespace noneq::langevin
