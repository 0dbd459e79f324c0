// Catch2 main for every test executable: starts MPI/PETSc/FFTW through core::Runtime, runs the
// tests on every rank (collective tests call collectives in the same order everywhere), and
// returns a failure if any rank failed. Only rank 0 reports unless NONEQ_TEST_ALL_RANKS is set.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>

#include "core/runtime.hpp"

int main(int argc, char** argv) {
  int result = 0;
  {
    noneq::core::Runtime rt(argc, argv);
    Catch::Session session;
    if (const int rc = session.applyCommandLine(argc, argv); rc != 0) return rc;
    if (rt.rank() != 0 && !std::getenv("NONEQ_TEST_ALL_RANKS"))
      (void)std::freopen("/dev/null", "w", stdout);  // failures are still counted below
    const int local = session.run();
    MPI_Allreduce(&local, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (local != 0 && rt.rank() != 0) std::fprintf(stderr, "rank %d: %d test failure(s)\n", rt.rank(), local);
  }
  return result;
}
