#pragma once
// Error types and exit codes shared by every app and tool.
//   InputError     -> exit 2 (bad deck, bad CLI, existing output without --overwrite)
//   NumericalError -> exit 3 (NaN, loss of positivity, solver divergence)
//   anything else  -> exit 1 (internal error, library failure)
#include <stdexcept>
#include <string>

namespace noneq::core {

enum ExitCode : int { kOk = 0, kInternal = 1, kBadInput = 2, kNumerical = 3, kInterrupted = 130 };

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class NumericalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Raised (collectively) when SIGINT/SIGTERM was received and a checkpoint was written.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Library (PETSc/HDF5/MPI/FFTW) failure carrying the library's own message.
class LibraryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace noneq::core
