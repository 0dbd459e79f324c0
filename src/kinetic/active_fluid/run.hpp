#pragma once
#include <mpi.h>

#include "core/cli.hpp"

namespace noneq::kinetic::active_fluid {

/// The whole noneq-active-fluid run (deck, solver, output, checkpoints). Returns the exit code.
int run(const core::CommandLine& cl, MPI_Comm comm);

}  // namespace noneq::kinetic::active_fluid
