#include "core/log.hpp"

#include <fstream>
#include <sstream>

#include "core/version.hpp"

namespace noneq::core {

Log::Log(MPI_Comm comm, bool quiet) : quiet_(quiet) { MPI_Comm_rank(comm, &rank_); }

void Log::banner(const std::string& app, const std::string& effective_deck, int mpi_size) const {
  info("{} {} ({}) — {} MPI rank{}", app, kVersion, kGitDescribe, mpi_size, mpi_size == 1 ? "" : "s");
  std::istringstream in(effective_deck);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) info("  | {}", line);
}

Progress::Progress(const Log& log, std::int64_t total_steps, double interval_s)
    : log_(log), total_(total_steps), interval_(interval_s) {
  start_ = last_ = std::chrono::steady_clock::now();
}

bool Progress::due() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - last_).count() >= interval_;
}

void Progress::print(std::int64_t step, double t, const std::string& monitors) {
  const auto now = std::chrono::steady_clock::now();
  if (start_step_ < 0) start_step_ = 0;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(step - start_step_) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - step) / rate : 0.0;
  log_.info("step {:>8}/{:<8} t={:<11.5g} {:8.2f} steps/s  ETA {:7.1f} s  {}", step, total_, t,
            rate, eta, monitors);
}

void Timers::add(const std::string& name, double seconds) {
  if (!seconds_.count(name)) order_.push_back(name);
  seconds_[name] += seconds;
  calls_[name] += 1;
}

double Timers::total(const std::string& name) const {
  const auto it = seconds_.find(name);
  return it == seconds_.end() ? 0.0 : it->second;
}

void Timers::summary(const Log& log, MPI_Comm comm) const {
  log.info("timing summary (seconds, max over ranks):");
  for (const auto& name : order_) {
    double local = seconds_.at(name), global = 0;
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, comm);
    log.info("  {:<28} {:10.3f}  ({} calls)", name, global, calls_.at(name));
  }
  double rss = static_cast<double>(peak_rss_bytes()), rss_max = 0, rss_sum = 0;
  MPI_Allreduce(&rss, &rss_max, 1, MPI_DOUBLE, MPI_MAX, comm);
  MPI_Allreduce(&rss, &rss_sum, 1, MPI_DOUBLE, MPI_SUM, comm);
  log.info("  peak memory: {:.1f} MiB per rank (max), {:.1f} MiB total", rss_max / 1048576.0,
           rss_sum / 1048576.0);
}

std::size_t peak_rss_bytes() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) {
      std::istringstream ls(line.substr(6));
      std::size_t kb = 0;
      ls >> kb;
      return kb * 1024;
    }
  }
  return 0;
}

}  // namespace noneq::core
