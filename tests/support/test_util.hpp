#pragma once
// Helpers shared by tests: decks from strings, running an app as a subprocess.
#include <mpi.h>

#include <cstdlib>
#include <string>

#include "core/deck.hpp"

namespace noneq::test {

inline int mpi_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}
inline int mpi_size() {
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}
/// A per-test scratch file name that is the same on every rank (and distinct per rank count).
inline std::string scratch(const std::string& stem) {
  return stem + ".np" + std::to_string(mpi_size()) + ".h5";
}

}  // namespace noneq::test
