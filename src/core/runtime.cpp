#include "core/runtime.hpp"

#include <fftw3-mpi.h>
#include <hdf5.h>
#include <fmt/core.h>
#include <petscsys.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <exception>

#include "core/error.hpp"

namespace noneq::core {

namespace {
std::atomic<int> g_signal{0};
extern "C" void on_signal(int sig) { g_signal.store(sig); }
}  // namespace

Runtime::Runtime(int& argc, char**& argv) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    own_mpi_ = true;
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  // PETSc must not parse our command line (--key=value overrides): pass no argv.
  PetscErrorCode ierr = PetscInitializeNoArguments();
  if (ierr) {
    std::fprintf(stderr, "error: PETSc initialisation failed (code %d)\n", static_cast<int>(ierr));
    MPI_Abort(MPI_COMM_WORLD, kInternal);
  }
  // Errors are turned into exceptions by petsc_check(); do not let PETSc print tracebacks.
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  fftw_mpi_init();
}

Runtime::~Runtime() {
  H5close();  // closes anything still open while MPI is alive
  fftw_mpi_cleanup();
  PetscPopErrorHandler();
  PetscFinalize();
  if (own_mpi_) {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
  }
}

void petsc_check(int ierr, const char* what) {
  if (ierr == 0) return;
  const char* text = nullptr;
  char* specific = nullptr;
  PetscErrorMessage(static_cast<PetscErrorCode>(ierr), &text, &specific);
  throw LibraryError(fmt::format("PETSc error {} in `{}`: {}{}{}", ierr, what, text ? text : "",
                                 specific ? " — " : "", specific ? specific : ""));
}

bool any_rank(bool flag, MPI_Comm comm) {
  int local = flag ? 1 : 0, global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, comm);
  return global != 0;
}

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}
bool interrupt_requested_local() { return g_signal.load() != 0; }
bool interrupt_requested(MPI_Comm comm) { return any_rank(interrupt_requested_local(), comm); }

namespace {
// Every rank reports (code, message); rank 0 prints the message of the lowest failing rank.
int report(int code, const std::string& msg, const char* prefix) {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank == 0 || size == 1) std::fprintf(stderr, "%s%s\n", prefix, msg.c_str());
  return code;
}
}  // namespace

int run_main(int argc, char** argv, const std::function<int(Runtime&)>& body) {
  int code = kOk;
  {
    Runtime rt(argc, argv);
    std::string msg;
    const char* prefix = "error: ";
    bool collective = true;  // InputError/NumericalError/Interrupted are raised on every rank
    try {
      code = body(rt);
    } catch (const InputError& e) {
      code = kBadInput, msg = e.what();
    } catch (const NumericalError& e) {
      code = kNumerical, msg = e.what(), prefix = "numerical failure: ";
    } catch (const Interrupted& e) {
      code = kInterrupted, msg = e.what(), prefix = "interrupted: ";
    } catch (const std::exception& e) {
      code = kInternal, msg = e.what(), prefix = "internal error: ", collective = false;
    } catch (...) {
      code = kInternal, msg = "unknown exception", prefix = "internal error: ", collective = false;
    }
    if (code != kOk && !collective && rt.size() > 1) {
      // A library failure may hit one rank while the others wait in a collective call:
      // print it here and abort the job rather than hang.
      std::fprintf(stderr, "[rank %d] %s%s\n", rt.rank(), prefix, msg.c_str());
      std::fflush(stderr);
      MPI_Abort(MPI_COMM_WORLD, code);
    }
    if (code != kOk) report(code, msg, prefix);
  }
  return code;
}

}  // namespace noneq::core
