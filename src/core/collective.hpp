#pragma once
// Rank-local failures made collective. Code that evaluates user input cell by cell (deck
// expressions, coefficients) can fail on one rank only; if that rank threw on its own, the
// others would wait forever in the next collective call. `collectively` runs such code on every
// rank and, if any rank failed, makes every rank throw the same error (the message of the lowest
// failing rank), so the run stops with one clear message and the right exit code.
#include <mpi.h>

#include <limits>
#include <string>

#include "core/error.hpp"

namespace noneq::core {

/// Runs f() on every rank of `comm` (collective). If f throws InputError or NumericalError on
/// any rank, every rank throws that type with the lowest failing rank's message, prefixed by
/// `prefix`. Other exceptions propagate unchanged (they are internal errors that abort).
template <class F>
void collectively(MPI_Comm comm, F&& f, const std::string& prefix = "") {
  int kind = 0;  // 1 input, 2 numerical
  std::string msg;
  try {
    f();
  } catch (const InputError& e) {
    kind = 1, msg = e.what();
  } catch (const NumericalError& e) {
    kind = 2, msg = e.what();
  }
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  const int mine = kind ? rank : std::numeric_limits<int>::max();
  int first = 0;
  MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm);
  if (first == std::numeric_limits<int>::max()) return;
  int head[2] = {kind, static_cast<int>(msg.size())};
  MPI_Bcast(head, 2, MPI_INT, first, comm);
  msg.resize(static_cast<std::size_t>(head[1]));
  MPI_Bcast(msg.data(), head[1], MPI_CHAR, first, comm);
  if (head[0] == 1) throw InputError(prefix + msg);
  throw NumericalError(prefix + msg);
}

}  // namespace noneq::core
