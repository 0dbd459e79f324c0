#pragma once
// Rank-0 logging: banner, progress lines at a fixed wall-clock interval, timing summary.
#include <fmt/core.h>
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace noneq::core {

class Log {
 public:
  explicit Log(MPI_Comm comm, bool quiet = false);
  template <class... Args>
  void info(fmt::format_string<Args...> f, Args&&... args) const {
    if (rank_ == 0 && !quiet_) {
      fmt::print(stdout, f, std::forward<Args>(args)...);
      std::fputc('\n', stdout);
      std::fflush(stdout);
    }
  }
  template <class... Args>
  void warn(fmt::format_string<Args...> f, Args&&... args) const {
    if (rank_ == 0) {
      fmt::print(stderr, "warning: ");
      fmt::print(stderr, f, std::forward<Args>(args)...);
      std::fputc('\n', stderr);
      std::fflush(stderr);
    }
  }
  /// Banner: app name, version, MPI size, effective deck.
  void banner(const std::string& app, const std::string& effective_deck, int mpi_size) const;
  bool is_root() const { return rank_ == 0; }

 private:
  int rank_ = 0;
  bool quiet_ = false;
};

/// Progress lines: `step/total  t=...  steps/s  ETA  monitors`, printed when `interval_s` of
/// wall-clock time have passed since the last line (and at the last step).
class Progress {
 public:
  Progress(const Log& log, std::int64_t total_steps, double interval_s);
  /// Cheap when nothing is printed; `monitors` is only evaluated when a line is due.
  template <class F>
  void update(std::int64_t step, double t, F&& monitors) {
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since < interval_ && step != total_) return;
    print(step, t, monitors());
    last_ = now;
  }
  bool due() const;

 private:
  void print(std::int64_t step, double t, const std::string& monitors);
  const Log& log_;
  std::int64_t total_;
  double interval_;
  std::chrono::steady_clock::time_point start_, last_;
  std::int64_t start_step_ = -1;
};

/// Named wall-clock accumulators; summary() prints a table (max over ranks).
class Timers {
 public:
  class Scope {
   public:
    Scope(Timers& t, const std::string& name) : t_(t), name_(name), s_(clock::now()) {}
    ~Scope() { t_.add(name_, std::chrono::duration<double>(clock::now() - s_).count()); }
   private:
    using clock = std::chrono::steady_clock;
    Timers& t_;
    std::string name_;
    clock::time_point s_;
  };
  Scope scope(const std::string& name) { return Scope(*this, name); }
  void add(const std::string& name, double seconds);
  double total(const std::string& name) const;
  void summary(const Log& log, MPI_Comm comm) const;

 private:
  std::vector<std::string> order_;
  std::map<std::string, double> seconds_;
  std::map<std::string, long> calls_;
};

/// Peak resident set size of this process in bytes (VmHWM), 0 if unknown.
std::size_t peak_rss_bytes();

}  // namespace noneq::core
