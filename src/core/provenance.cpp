#include "core/provenance.hpp"

#include <chrono>
#include <cstdio>
#include <random>

#include <fftw3.h>
#include <fmt/core.h>
#include <muParserDef.h>
#include <petscsys.h>
#include <unistd.h>

#include <boost/version.hpp>
#include <chrono>
#include <ctime>

#include "core/version.hpp"

namespace noneq::core {

void record_restart(h5::File& file, const std::string& effective_deck, const std::string& checkpoint, double time) {
  h5::Handle prov = h5::open_group(file.id(), "/provenance");
  if (h5::exists(prov.id(), "effective_deck"))
    h5::check_status(H5Ldelete(prov.id(), "effective_deck", H5P_DEFAULT), "H5Ldelete");
  h5::write_string(prov.id(), "effective_deck", effective_deck, file.comm());
  std::vector<std::string> restarts;
  if (h5::has_attr(prov.id(), "restarts")) restarts = h5::attr_strings(prov.id(), "restarts");
  restarts.push_back(fmt::format("{}: from {} at t = {:.17g}", utc_now(), checkpoint, time));
  h5::set_attr(prov.id(), "restarts", restarts);
}

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string library_versions() {
  char petsc[256] = {0};
  PetscGetVersion(petsc, sizeof petsc);
  char mpi[MPI_MAX_LIBRARY_VERSION_STRING] = {0};
  int len = 0;
  MPI_Get_library_version(mpi, &len);
  std::string mpis(mpi, static_cast<std::size_t>(len));
  if (auto nl = mpis.find_first_of("\n,"); nl != std::string::npos) mpis.resize(nl);
  return fmt::format("{}; HDF5 {}; {}; {}; Boost {}; muparser {}; fmt {}", petsc,
                     h5::library_version(), mpis, fftw_version, BOOST_LIB_VERSION,
                     mu::ParserVersion, FMT_VERSION);
}

void write_header(h5::File& file, const RunInfo& info) {
  int size = 1;
  MPI_Comm_size(file.comm(), &size);
  h5::set_attr(file.id(), "schema", kSchema);
  h5::set_attr(file.id(), "kind", info.kind);
  h5::set_attr(file.id(), "complete", 0);
  // Host and time can differ between ranks: take rank 0's.
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  std::string when = utc_now();
  std::string hosts(host);
  {
    int n = static_cast<int>(hosts.size());
    MPI_Bcast(&n, 1, MPI_INT, 0, file.comm());
    hosts.resize(static_cast<std::size_t>(n));
    MPI_Bcast(hosts.data(), n, MPI_CHAR, 0, file.comm());
    when.resize(20);
    MPI_Bcast(when.data(), 20, MPI_CHAR, 0, file.comm());
  }
  h5::Handle prov = h5::create_group(file.id(), "/provenance");
  h5::write_string(prov, "deck", info.deck_text, file.comm());
  h5::write_string(prov, "effective_deck", info.effective_deck, file.comm());
  h5::set_attr(prov, "app", info.app);
  h5::set_attr(prov, "deck_path", info.deck_path);
  h5::set_attr(prov, "command_line", info.command_line);
  h5::set_attr(prov, "version", kVersion);
  h5::set_attr(prov, "git", kGitDescribe);
  h5::set_attr(prov, "libraries", library_versions());
  h5::set_attr(prov, "mpi_size", size);
  h5::set_attr(prov, "host", hosts);
  h5::set_attr(prov, "start_time", when);
}

void mark_complete(h5::File& file, bool complete) {
  h5::set_attr(file.id(), "complete", complete ? 1 : 0);
  if (complete) {
    h5::Handle prov = h5::open_group(file.id(), "/provenance");
    std::string when = utc_now();
    when.resize(20);
    MPI_Bcast(when.data(), 20, MPI_CHAR, 0, file.comm());
    h5::set_attr(prov, "end_time", when);
  }
  file.flush();
}

std::string make_run_id(MPI_Comm comm) {
  char buf[40] = {0};
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  if (rank == 0) {
    std::random_device rd;
    std::snprintf(buf, sizeof buf, "%08x%08x-%lld", rd(), rd(),
                  static_cast<long long>(std::chrono::system_clock::now().time_since_epoch().count()));
  }
  MPI_Bcast(buf, sizeof buf, MPI_CHAR, 0, comm);
  return buf;
}

}  // namespace noneq::core
