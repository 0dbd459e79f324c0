#pragma once
// One RAII object starts and stops MPI, PETSc and FFTW-MPI in order (after deal.II's
// MPI_InitFinalize). Construct it first in main(); everything else lives inside its scope.
#include <mpi.h>

#include <functional>
#include <string>
#include <vector>

namespace noneq::core {

class Runtime {
 public:
  /// Initialises MPI (MPI_THREAD_FUNNELED), then PETSc (with no options database from argv:
  /// PETSc options come from the deck's [petsc] section), then FFTW-MPI.
  Runtime(int& argc, char**& argv);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  MPI_Comm world() const { return MPI_COMM_WORLD; }
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
  bool own_mpi_ = false;
};

/// Runs body() inside a Runtime and maps exceptions to exit codes: InputError -> 2,
/// NumericalError -> 3, Interrupted -> 130, anything else -> 1. Messages are printed once
/// (by the lowest rank that saw them; an error seen on only some ranks aborts the job so
/// that no rank hangs). Use as `return noneq::core::run_main(argc, argv, [&](Runtime& rt){...});`
int run_main(int argc, char** argv, const std::function<int(Runtime&)>& body);

/// PETSc error code -> LibraryError with PETSc's message.
void petsc_check(int ierr, const char* what);

/// Collective: true on every rank if `flag` is true on any rank.
bool any_rank(bool flag, MPI_Comm comm);

/// Install SIGINT/SIGTERM handlers that only set a flag; interrupt_requested() reads it.
void install_signal_handlers();
bool interrupt_requested_local();
/// Collective agreement on the interrupt flag (cheap allreduce).
bool interrupt_requested(MPI_Comm comm);

}  // namespace noneq::core

/// Wrap every PETSc call: throws LibraryError with the call text on failure.
#define NONEQ_PETSC(call) ::noneq::core::petsc_check((call), #call)
