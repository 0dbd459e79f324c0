#include "langevin/simulation.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/error.hpp"

namespace noneq::langevin {

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Simulation::Simulation(const Config& config, MPI_Comm world)
    : config_(config),
      domain_(config.dim, config.box, config.interacting() ? config.interaction_range() + config.skin : 0.0, world,
              config.deck_name),
      forces_(config_, domain_),
      obs_(config_, domain_),
      integrator_(config_, obs_.map()),
      sums_(obs_.make_sums()) {
  set_columns();
  if (config_.interacting()) integrator_.set_reference(&forces_.reference());
}

void Simulation::set_columns() {
  p_.dim = config_.dim;
  p_.has_v = config_.model == Model::Underdamped;
  p_.has_e = config_.model == Model::Abp || (config_.model == Model::Underdamped && config_.active());
  p_.has_g = config_.model == Model::Aoup;
}

void Simulation::initialize() {
  const int d = config_.dim;
  const Noise noise(config_.seed);
  const std::int64_t N = config_.particles;
  const std::int64_t first = block_first(N, domain_.size(), domain_.rank());
  const std::int64_t count = block_first(N, domain_.size(), domain_.rank() + 1) - first;
  bool have_orientation = false;
  if (config_.init == Init::File) {
    have_orientation = read_initial_positions(config_.init_file, config_, domain_, p_);
  } else {
    p_.resize(static_cast<std::size_t>(count));
    // Lattice: m_a sites per axis with spacing close to (V/N)^{1/d}.
    std::array<std::int64_t, 3> m{1, 1, 1};
    if (config_.init == Init::Lattice) {
      const double a0 = std::pow(domain_.volume() / static_cast<double>(N), 1.0 / d);
      std::int64_t sites = 1;
      for (int a = 0; a < d; ++a) sites *= (m[a] = std::max<std::int64_t>(1, std::llround(config_.box[a] / a0)));
      for (int a = 0; sites < N; a = (a + 1) % d) sites = sites / m[a] * (m[a] + 1), ++m[a];
    }
    for (std::int64_t k = 0; k < count; ++k) {
      const auto i = static_cast<std::size_t>(k);
      const std::int64_t id = first + k;
      p_.id[i] = id;
      if (config_.init == Init::Random) {
        double u[4];
        noise.uniforms(id, 0, Stream::Init, u);
        for (int a = 0; a < d; ++a) p_.x[a][i] = u[a] * config_.box[a];
      } else {
        std::int64_t s = id;
        for (int a = 0; a < d; ++a) {
          p_.x[a][i] = (static_cast<double>(s % m[a]) + 0.5) * config_.box[a] / static_cast<double>(m[a]);
          s /= m[a];
        }
      }
    }
  }
  for (int a = 0; a < d; ++a) std::fill(p_.image[a].begin(), p_.image[a].end(), 0);
  const std::size_t n = p_.n;
  std::vector<double> z;
  if (p_.has_e && !have_orientation) {
    if (d == 2) {
      for (std::size_t i = 0; i < n; ++i) {
        double u[4];
        noise.uniforms(p_.id[i], 0, Stream::InitAngle, u);
        p_.theta[i] = 2 * std::numbers::pi * u[0] - std::numbers::pi;
      }
      unit_vectors(p_.theta.data(), p_.e[0].data(), p_.e[1].data(), n);
    } else {
      noise.normals(p_.id.data(), n, 0, Stream::InitAngle, 4, z);
      for (std::size_t i = 0; i < n; ++i) {
        const double r = std::sqrt(z[4 * i] * z[4 * i] + z[4 * i + 1] * z[4 * i + 1] + z[4 * i + 2] * z[4 * i + 2]);
        for (int a = 0; a < 3; ++a) p_.e[a][i] = z[4 * i + a] / r;
      }
    }
  }
  if (p_.has_g) {  // stationary: <g_a^2> = 1
    noise.normals(p_.id.data(), n, 2, Stream::Init, 4, z);
    for (std::size_t i = 0; i < n; ++i)
      for (int a = 0; a < d; ++a) p_.g[a][i] = z[4 * i + a];
  }
  if (p_.has_v) {  // Maxwell–Boltzmann at kT
    noise.normals(p_.id.data(), n, 1, Stream::Init, 4, z);
    const double s = std::sqrt(config_.kT() / config_.mass);
    for (std::size_t i = 0; i < n; ++i)
      for (int a = 0; a < d; ++a) p_.v[a][i] = s * z[4 * i + a];
  }
  domain_.migrate(p_);
  if (config_.interacting() && config_.init != Init::File) relax_overlaps();
  for (std::size_t i = 0; i < p_.n; ++i)
    for (int a = 0; a < d; ++a) {
      p_.x_start[a][i] = p_.x[a][i] + p_.image[a][i] * config_.box[a];
      if (p_.has_e) p_.e_start[a][i] = p_.e[a][i];
    }
  step_ = 0;
  sums_.clear();
  refresh();
}

void Simulation::relax_overlaps() {
  // Capped steepest descent on the pair energy until the largest pair force is below the WCA
  // force at r = 0.9 sigma (random placement at high density overlaps particles heavily).
  const double s = config_.sigma, eps = config_.epsilon;
  const double r = 0.9;
  const double f_stop = 24 * eps / s * (2 * std::pow(r, -13) - std::pow(r, -7));
  const double cap = 0.05 * s, alpha = 1e-3 * s * s / eps;
  rebuild();
  for (relax_its_ = 0; relax_its_ < 100000; ++relax_its_) {
    if (relax_its_ > 0) {
      if (needs_rebuild(forces_.max_displacement2(p_))) rebuild();
      else domain_.update_ghosts(p_);
    }
    forces_.compute(p_, false);
    double f2 = 0;
    for (std::size_t i = 0; i < p_.n; ++i) {
      double q = 0;
      for (int a = 0; a < p_.dim; ++a) q += p_.f[a][i] * p_.f[a][i];
      f2 = std::max(f2, q);
    }
    MPI_Allreduce(MPI_IN_PLACE, &f2, 1, MPI_DOUBLE, MPI_MAX, comm());
    if (f2 <= f_stop * f_stop) return;
    for (std::size_t i = 0; i < p_.n; ++i) {
      double q = 0;
      for (int a = 0; a < p_.dim; ++a) q += p_.f[a][i] * p_.f[a][i];
      const double scale = std::min(alpha, cap / std::max(std::sqrt(q), 1e-300));
      for (int a = 0; a < p_.dim; ++a) p_.x[a][i] += scale * p_.f[a][i];
    }
  }
  throw core::NumericalError(fmt::format(
      "initial configuration: overlaps of the random placement not removed after {} relaxation steps "
      "(packing fraction too high for init = random? try init = lattice)", relax_its_));
}

CheckpointInfo Simulation::restart(const std::string& checkpoint) {
  const CheckpointInfo info = read_checkpoint(checkpoint, config_, domain_, p_, sums_);
  domain_.migrate(p_);
  step_ = info.step;
  refresh();
  return info;
}

void Simulation::rebuild() {
  domain_.exchange(p_);
  forces_.sort(p_);
  domain_.borders(p_);
  forces_.build(p_);
  integrator_.cache_cells(p_);
}

void Simulation::compute_forces(bool include_trap) {
  const ForceTotals t = forces_.compute(p_, include_trap);
  sums_.virial += t.virial;
  sums_.potential += t.potential;
}

void Simulation::refresh() {
  integrator_.particles_reordered();
  if (config_.interacting()) {
    rebuild();
  } else {
    // Same canonical state as after a restart: wrapped, on the owner rank, ordered by id.
    domain_.migrate(p_);
    std::vector<std::uint32_t> perm(p_.n);
    for (std::size_t i = 0; i < p_.n; ++i) perm[i] = static_cast<std::uint32_t>(i);
    std::sort(perm.begin(), perm.end(), [&](std::uint32_t a, std::uint32_t b) { return p_.id[a] < p_.id[b]; });
    p_.permute(perm);
  }
  const ForceTotals t = forces_.compute(p_);
  (void)t;
}

bool Simulation::needs_rebuild(double local) {
  const double w = forces_.list_range();
  const double skin = config_.skin;
  double global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, comm());
  if (global <= w * w) return global > 0.25 * skin * skin;
  // Runaway: find the particle (lowest rank holding the largest move) and stop every rank.
  struct {
    double d2;
    int rank;
  } mine{local, domain_.rank()}, top{0, 0};
  MPI_Allreduce(&mine, &top, 1, MPI_DOUBLE_INT, MPI_MAXLOC, comm());
  double info[3] = {0, 0, 0};  // id, |F| (force that moved it), distance
  if (domain_.rank() == top.rank && p_.n > 0) {
    const std::size_t i = forces_.argmax_displacement(p_);
    double f2 = 0;
    for (int a = 0; a < p_.dim; ++a) f2 += p_.f[a][i] * p_.f[a][i];
    info[0] = static_cast<double>(p_.id[i]), info[1] = std::sqrt(f2), info[2] = std::sqrt(local);
  }
  MPI_Bcast(info, 3, MPI_DOUBLE, top.rank, comm());
  throw core::NumericalError(fmt::format(
      "step {} (t = {:g}): a particle moved {:.4g} (more than interaction range + skin = {:.4g}) since the "
      "neighbour list was built — the dynamics blew up. The runaway is particle id {} (force {:.4g} at the start of the step). The time step dt = {:g} is too large for the WCA repulsion (try a smaller time.dt)",
      step_ + 1, time() + config_.dt, info[2], w, static_cast<std::int64_t>(info[0]), info[1], config_.dt));
}

void Simulation::step() {
  const double t0 = now();
  integrator_.first(p_, static_cast<std::uint64_t>(step_), sums_);
  busy_ += now() - t0;
  if (config_.interacting()) {
    if (needs_rebuild(integrator_.max_move2())) rebuild();
    else domain_.update_ghosts(p_);
  }
  const double t1 = now();
  compute_forces();
  integrator_.second(p_, sums_);
  busy_ += now() - t1;
  ++step_;
}

Record Simulation::record() {
  bool bad = false;
  std::int64_t bad_id = -1;
  for (std::size_t i = 0; i < p_.n && !bad; ++i)
    for (int a = 0; a < p_.dim; ++a)
      if (!std::isfinite(p_.x[a][i])) bad = true, bad_id = p_.id[i];
  std::int64_t worst = bad ? bad_id : std::numeric_limits<std::int64_t>::max();
  MPI_Allreduce(MPI_IN_PLACE, &worst, 1, MPI_INT64_T, MPI_MIN, comm());
  if (worst != std::numeric_limits<std::int64_t>::max())
    throw core::NumericalError(fmt::format("step {} (t = {:g}): particle id {} has a non-finite position", step_,
                                           time(), worst));
  // Free particles are never wrapped by list builds: wrap them here (unwrapped positions are kept
  // through the image counters), so that coordinates stay bounded.
  if (!config_.interacting()) domain_.wrap(p_);
  return obs_.record(p_, sums_);
}

void Simulation::write_checkpoint(const std::string& path, std::int64_t frames, std::int64_t records,
                                  const std::string& run_id, const std::string& deck) {
  CheckpointInfo info;
  info.step = step_, info.frames = frames, info.records = records, info.run_id = run_id, info.deck = deck;
  langevin::write_checkpoint(path, config_, domain_, p_, sums_, info);
}

}  // namespace noneq::langevin
