#include "fokker_planck/solver.hpp"

#include <fmt/core.h>
#include <petscdmda.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>

#include "core/error.hpp"
#include "core/expression.hpp"
#include "core/provenance.hpp"
#include "core/runtime.hpp"

namespace noneq::fokker_planck {

namespace {
double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
DMBoundaryType dm_boundary(Boundary b) {
  return b == Boundary::Periodic ? DM_BOUNDARY_PERIODIC : DM_BOUNDARY_NONE;
}
}  // namespace

Solver::Solver(const Config& config, MPI_Comm comm)
    : config_(config), comm_(comm), grid_(config), model_(config), fluxes_(grid_, model_) {
  // User PETSc options go into the global database; our defaults are set on the objects and
  // KSPSetFromOptions lets the user's options override them.
  if (!config_.petsc_options.empty()) {
    if (PetscOptionsInsertString(nullptr, config_.petsc_options.c_str()) != 0)
      throw core::InputError(fmt::format("{}: [petsc] options: PETSc cannot parse `{}`",
                                         config_.deck_name, config_.petsc_options));
  }
  create_dm();
  observer_ = std::make_unique<Observer>(da_, fluxes_);
  NONEQ_PETSC(DMCreateGlobalVector(da_, p_.out()));
  NONEQ_PETSC(VecDuplicate(p_, rhs_.out()));
  NONEQ_PETSC(VecDuplicate(p_, work_.out()));
  NONEQ_PETSC(DMCreateMatrix(da_, L_.out()));
  NONEQ_PETSC(MatSetOption(L_, MAT_NEW_NONZERO_ALLOCATION_ERR, PETSC_TRUE));
  initial_density();
}

Solver::~Solver() = default;

void Solver::create_dm() {
  const auto& g = grid_;
  const PetscInt sw = 1;
  auto n = [&](int a) { return static_cast<PetscInt>(g.n[a]); };
  int size = 1;
  MPI_Comm_size(comm_, &size);
  // A rank needs at least one cell per axis it is split along; DMDA reports it, we explain it.
  PetscErrorCode ierr = 0;
  if (g.dim == 1)
    ierr = DMDACreate1d(comm_, dm_boundary(g.boundary[0]), n(0), 1, sw, nullptr, da_.out());
  else if (g.dim == 2)
    ierr = DMDACreate2d(comm_, dm_boundary(g.boundary[0]), dm_boundary(g.boundary[1]),
                        DMDA_STENCIL_STAR, n(0), n(1), PETSC_DECIDE, PETSC_DECIDE, 1, sw, nullptr,
                        nullptr, da_.out());
  else
    ierr = DMDACreate3d(comm_, dm_boundary(g.boundary[0]), dm_boundary(g.boundary[1]),
                        dm_boundary(g.boundary[2]), DMDA_STENCIL_STAR, n(0), n(1), n(2), PETSC_DECIDE,
                        PETSC_DECIDE, PETSC_DECIDE, 1, sw, nullptr, nullptr, nullptr, da_.out());
  if (ierr)
    throw core::InputError(fmt::format("{}: [grid] cells: cannot split {} cells over {} MPI ranks",
                                       config_.deck_name, g.cells(), size));
  NONEQ_PETSC(DMSetFromOptions(da_));
  NONEQ_PETSC(DMSetUp(da_));
  NONEQ_PETSC(DMDASetUniformCoordinates(da_, g.lower[0] + 0.5 * g.h[0], g.upper[0] - 0.5 * g.h[0],
                                        g.lower[1] + 0.5 * g.h[1], g.upper[1] - 0.5 * g.h[1],
                                        g.lower[2] + 0.5 * g.h[2], g.upper[2] - 0.5 * g.h[2]));
}

std::array<std::int64_t, 3> Solver::local_start() const {
  PetscInt xs, ys, zs, xm, ym, zm;
  NONEQ_PETSC(DMDAGetCorners(da_, &xs, &ys, &zs, &xm, &ym, &zm));
  return {xs, ys, zs};
}
std::array<std::int64_t, 3> Solver::local_count() const {
  PetscInt xs, ys, zs, xm, ym, zm;
  NONEQ_PETSC(DMDAGetCorners(da_, &xs, &ys, &zs, &xm, &ym, &zm));
  return {xm, ym, zm};
}

std::vector<double> Solver::local_density() const {
  PetscInt n = 0;
  NONEQ_PETSC(VecGetLocalSize(p_, &n));
  const PetscScalar* a = nullptr;
  NONEQ_PETSC(VecGetArrayRead(p_, &a));
  std::vector<double> out(a, a + n);
  NONEQ_PETSC(VecRestoreArrayRead(p_, &a));
  return out;
}

void Solver::set_local_density(const std::vector<double>& p) {
  PetscInt n = 0;
  NONEQ_PETSC(VecGetLocalSize(p_, &n));
  if (static_cast<std::size_t>(n) != p.size()) throw std::logic_error("set_local_density: size");
  PetscScalar* a = nullptr;
  NONEQ_PETSC(VecGetArray(p_, &a));
  std::copy(p.begin(), p.end(), a);
  NONEQ_PETSC(VecRestoreArray(p_, &a));
}

void Solver::initial_density() {
  const auto s = local_start(), c = local_count();
  std::vector<double> p(static_cast<std::size_t>(c[0] * c[1] * c[2]));
  if (!config_.initial_file.empty()) {
    core::h5::File f = core::h5::File::open(config_.initial_file, comm_);
    const std::string where = fmt::format("{}: [initial] file `{}`", config_.deck_name, config_.initial_file);
    if (!core::h5::exists(f.id(), "/fields/p"))
      throw core::InputError(where + ": has no /fields/p (was it written with output.fields = true?)");
    core::h5::Handle d = core::h5::open_dataset(f.id(), "/fields/p");
    const core::h5::Dims dims = core::h5::dataset_dims(d);
    core::h5::Dims want{0};
    for (int a = grid_.dim - 1; a >= 0; --a) want.push_back(static_cast<hsize_t>(grid_.n[a]));
    bool ok = dims.size() == want.size() && dims[0] > 0;
    for (std::size_t i = 1; ok && i < dims.size(); ++i) ok = dims[i] == want[i];
    if (!ok) throw core::InputError(where + ": its grid does not match [grid] cells");
    core::h5::Dims start{dims[0] - 1}, count{1};
    for (int a = grid_.dim - 1; a >= 0; --a)
      start.push_back(static_cast<hsize_t>(s[a])), count.push_back(static_cast<hsize_t>(c[a]));
    p = core::h5::read_block<double>(f.id(), "/fields/p", start, count);
  } else {
    const core::Expression e(config_.initial_density, config_.constants,
                             fmt::format("{}: [initial] density", config_.deck_name));
    if (e.uses("t"))
      throw core::InputError(fmt::format("{}: [initial] density: cannot depend on t", config_.deck_name));
    std::size_t n = 0;
    bool bad = false;
    for (std::int64_t k = s[2]; k < s[2] + c[2]; ++k)
      for (std::int64_t j = s[1]; j < s[1] + c[1]; ++j)
        for (std::int64_t i = s[0]; i < s[0] + c[0]; ++i) {
          const double v = e(grid_.center(0, i), grid_.center(1, j), grid_.center(2, k), 0.0);
          bad |= !(v >= 0) || !std::isfinite(v);
          p[n++] = v;
        }
    if (core::any_rank(bad, comm_))
      throw core::InputError(fmt::format(
          "{}: [initial] density: must be finite and >= 0 on every cell", config_.deck_name));
  }
  set_local_density(p);
  PetscReal mass = 0;
  NONEQ_PETSC(VecSum(p_, &mass));
  mass *= grid_.cell_volume();
  if (!(mass > 0) || !std::isfinite(mass))
    throw core::InputError(fmt::format("{}: [initial]: the initial density has zero or non-finite mass",
                                       config_.deck_name));
  NONEQ_PETSC(VecScale(p_, 1.0 / mass));
  mass0_ = 1.0;
}

void Solver::assemble(double t) {
  if (assembled_at_ == t || (!model_.time_dependent() && !std::isnan(assembled_at_))) return;
  const double t0 = now();
  assemble_generator(da_, L_, fluxes_, t);
  assembled_at_ = t;
  system_gamma_ = NAN;  // system matrix must be rebuilt
  assembly_s_ += now() - t0;
}

void Solver::setup_ksp(KSP ksp, Mat A) const {
  NONEQ_PETSC(KSPSetOperators(ksp, A, A));
  NONEQ_PETSC(KSPSetType(ksp, KSPGMRES));
  NONEQ_PETSC(KSPGMRESSetRestart(ksp, 60));
  PC pc;
  NONEQ_PETSC(KSPGetPC(ksp, &pc));
  NONEQ_PETSC(PCSetType(pc, PCHYPRE));
  NONEQ_PETSC(PCHYPRESetType(pc, "boomeramg"));
  NONEQ_PETSC(KSPSetTolerances(ksp, config_.rtol, 1e-300, PETSC_DEFAULT, 2000));
  NONEQ_PETSC(KSPSetInitialGuessNonzero(ksp, PETSC_TRUE));
  // 3D: BoomerAMG's default (Falgout coarsening, classical interpolation) coarsens the 7-point SG
  // operator slowly and its coarse stencils grow (operator complexity ~17 at 64^3). HMIS +
  // ext+i with P_max 4, one level of aggressive coarsening and threshold 0.5 (hypre's advice for
  // 3D) bring it to ~2.8 and halve steady and per-step times at 64^3 and 128^3. In 2D the
  // defaults were measured fastest. Set only where the user gave no value, and only while this
  // KSP reads its options (PCHYPRE copies them into hypre then), so other solvers are unaffected.
  std::vector<const char*> defaulted;
  if (grid_.dim == 3) {
    static const std::pair<const char*, const char*> kHypre3d[] = {
        {"-pc_hypre_boomeramg_coarsen_type", "HMIS"}, {"-pc_hypre_boomeramg_interp_type", "ext+i"},
        {"-pc_hypre_boomeramg_P_max", "4"}, {"-pc_hypre_boomeramg_agg_nl", "1"},
        {"-pc_hypre_boomeramg_strong_threshold", "0.5"}};
    for (const auto& [name, value] : kHypre3d) {
      PetscBool set = PETSC_FALSE;
      NONEQ_PETSC(PetscOptionsHasName(nullptr, nullptr, name, &set));
      if (!set) NONEQ_PETSC(PetscOptionsSetValue(nullptr, name, value)), defaulted.push_back(name);
    }
  }
  const PetscErrorCode ierr = KSPSetFromOptions(ksp);
  for (const char* name : defaulted) NONEQ_PETSC(PetscOptionsClearValue(nullptr, name));
  core::petsc_check(ierr, "KSPSetFromOptions(ksp)");
}

std::int64_t Solver::pin_index(Vec v) const {
  PetscInt idx = 0;
  PetscReal val = 0;
  NONEQ_PETSC(VecMax(v, &idx, &val));
  return idx;
}

bool Solver::coarse_guess(SteadyReport& rep) {
  constexpr std::int64_t factor = 4, min_coarse = 32;
  if (!config_.nested_iteration) return false;
  Config cc = config_;
  for (int a = 0; a < grid_.dim; ++a) {
    if (config_.cells[a] % factor != 0 || config_.cells[a] / factor < min_coarse) return false;
    cc.cells[a] = config_.cells[a] / factor;
  }
  if (!cc.initial_file.empty()) cc.initial_file.clear(), cc.initial_density = "1";
  // The coarse problem can fail where the fine one does not (too few cells for the rank
  // grid; an under-resolved coarse density beyond the positivity tolerance): then the fine
  // solve starts as without it. Both failures are raised on every rank together.
  std::optional<Solver> coarse;
  try {
    coarse.emplace(cc, comm_);
  } catch (const core::InputError&) {
    return false;
  }
  SteadyReport r;
  try {
    r = coarse->solve_steady();
  } catch (const core::NumericalError&) {
    return false;
  }
  rep.coarse_cells.push_back(coarse->grid().cells());
  rep.coarse_cells.insert(rep.coarse_cells.end(), r.coarse_cells.begin(), r.coarse_cells.end());
  // Coarse stationary density on every rank (1/16 or 1/64 of the fine cells).
  const std::vector<double> pc = core::gather_natural(coarse->da_, coarse->p_, core::GatherTo::All);
  const auto nc = coarse->grid().n;  // 1 on unused axes
  // Multilinear interpolation between coarse cell centres; constant beyond the outermost
  // centres of non-periodic axes, wrapped on periodic ones.
  const auto s = local_start(), c = local_count();
  PetscScalar* p = nullptr;
  NONEQ_PETSC(VecGetArray(p_, &p));
  std::int64_t lo[3][2];
  double w[3][2];
  for (std::int64_t k = 0; k < c[2]; ++k)
    for (std::int64_t j = 0; j < c[1]; ++j)
      for (std::int64_t i = 0; i < c[0]; ++i) {
        const std::int64_t idx[3] = {s[0] + i, s[1] + j, s[2] + k};
        for (int a = 0; a < 3; ++a) {
          if (a >= grid_.dim) {
            lo[a][0] = lo[a][1] = 0, w[a][0] = 1, w[a][1] = 0;
            continue;
          }
          const double xi = (static_cast<double>(idx[a]) + 0.5) / factor - 0.5;
          std::int64_t i0 = static_cast<std::int64_t>(std::floor(xi));
          double f = xi - static_cast<double>(i0);
          std::int64_t i1 = i0 + 1;
          if (grid_.boundary[a] == Boundary::Periodic) {
            i0 = (i0 + nc[a]) % nc[a], i1 = i1 % nc[a];
          } else if (i0 < 0) {
            i0 = i1 = 0, f = 0;
          } else if (i1 >= nc[a]) {
            i0 = i1 = nc[a] - 1, f = 0;
          }
          lo[a][0] = i0, lo[a][1] = i1, w[a][0] = 1 - f, w[a][1] = f;
        }
        double val = 0;
        for (int cz = 0; cz < 2; ++cz)
          for (int cy = 0; cy < 2; ++cy)
            for (int cx = 0; cx < 2; ++cx)
              val += w[0][cx] * w[1][cy] * w[2][cz] *
                     pc[static_cast<std::size_t>(lo[0][cx] + nc[0] * (lo[1][cy] + nc[1] * lo[2][cz]))];
        p[i + c[0] * (j + c[1] * k)] = val;
      }
  NONEQ_PETSC(VecRestoreArray(p_, &p));
  return true;
}

SteadyReport Solver::solve_steady() {
  const double t0 = now();
  SteadyReport rep;
  assemble(0.0);
  auto solve = [&](KSP ksp, const char* what) {
    const double s0 = now();
    NONEQ_PETSC(KSPSolve(ksp, rhs_, p_));
    solve_s_ += now() - s0;
    KSPConvergedReason reason;
    NONEQ_PETSC(KSPGetConvergedReason(ksp, &reason));
    PetscInt its = 0;
    NONEQ_PETSC(KSPGetIterationNumber(ksp, &its));
    rep.iterations += its;
    if (reason < 0)
      throw core::NumericalError(fmt::format(
          "steady solve ({}): the linear solver did not converge ({}, {} iterations); try other "
          "[petsc] options, e.g. `-ksp_type bcgs` or `-pc_type gamg`",
          what, KSPConvergedReasons[reason], its));
  };
  // 1. Where does p_s live? One backward-Euler step (I − Δt L) p = p_guess with Δt the diffusion
  //    time across the box, to a loose tolerance: it moves the mass of any guess to where the
  //    stationary density is O(1), so that the pin below lands on such a cell (pinning a cell
  //    where p_s ~ 1e-30 ruins the conditioning) and the pinned solve starts close.
  //    (Reusing this step's AMG hierarchy for the pinned solve was measured: 4.5x more Krylov
  //    iterations at 1024^2, slower overall.)  On large grids the stationary density of a grid
  //    4x coarser per axis, interpolated, does the same job and is a much better guess
  //    (nested iteration; coarse_guess below).
  if (!coarse_guess(rep)) {
    double t_diff = 0;
    for (int a = 0; a < grid_.dim; ++a) {
      const double len = grid_.upper[a] - grid_.lower[a];
      const double x[3] = {0.5 * (grid_.lower[0] + grid_.upper[0]), 0.5 * (grid_.lower[1] + grid_.upper[1]),
                           0.5 * (grid_.lower[2] + grid_.upper[2])};
      t_diff = std::max(t_diff, len * len / std::fabs(model_.diffusion(a, x, 0.0)));
    }
    core::PMat B;
    NONEQ_PETSC(MatDuplicate(L_, MAT_COPY_VALUES, B.out()));
    NONEQ_PETSC(MatScale(B, -t_diff));
    NONEQ_PETSC(MatShift(B, 1.0));
    core::PKSP ksp;
    NONEQ_PETSC(KSPCreate(comm_, ksp.out()));
    setup_ksp(ksp, B);
    NONEQ_PETSC(KSPSetTolerances(ksp, 1e-3, 1e-300, PETSC_DEFAULT, 500));
    NONEQ_PETSC(VecCopy(p_, rhs_));
    solve(ksp, "locating the density");
  }
  // 2. M = −L with row `pin` replaced by the identity row; M p = e_pin.
  core::PMat M;
  NONEQ_PETSC(MatDuplicate(L_, MAT_COPY_VALUES, M.out()));
  core::PKSP ksp;
  for (int pass = 0; pass < 2; ++pass) {
    const std::int64_t pin = pin_index(p_);
    NONEQ_PETSC(MatCopy(L_, M, SAME_NONZERO_PATTERN));
    NONEQ_PETSC(MatScale(M, -1.0));
    PetscInt row = static_cast<PetscInt>(pin);
    NONEQ_PETSC(MatZeroRows(M, 1, &row, 1.0, nullptr, nullptr));
    NONEQ_PETSC(VecSet(rhs_, 0.0));
    NONEQ_PETSC(VecSetValue(rhs_, row, 1.0, INSERT_VALUES));
    NONEQ_PETSC(VecAssemblyBegin(rhs_));
    NONEQ_PETSC(VecAssemblyEnd(rhs_));
    // Initial guess scaled so that its maximum (the pin) is 1.
    PetscReal pmax = 0;
    NONEQ_PETSC(VecMax(p_, nullptr, &pmax));
    if (pmax > 0) NONEQ_PETSC(VecScale(p_, 1.0 / pmax));
    NONEQ_PETSC(KSPCreate(comm_, ksp.out()));
    setup_ksp(ksp, M);
    solve(ksp, "pinned stationary equation");
    rep.passes = pass + 1;
    // Re-pin if the pinned cell still holds much less than the maximum.
    PetscReal newmax = 0;
    NONEQ_PETSC(VecMax(p_, nullptr, &newmax));
    if (newmax <= 1e3) break;
  }
  // Clip round-off negatives; refuse real ones.
  PetscReal pmin = 0, pmax = 0;
  PetscInt imin = 0;
  NONEQ_PETSC(VecMin(p_, &imin, &pmin));
  NONEQ_PETSC(VecMax(p_, nullptr, &pmax));
  if (!std::isfinite(pmin) || !std::isfinite(pmax))
    throw core::NumericalError("steady solve: the solution is not finite");
  if (pmin < -config_.positivity_tolerance * pmax)
    throw core::NumericalError(fmt::format(
        "steady solve: negative density {:.3e} (max {:.3e}) at global cell {} beyond "
        "solve.positivity_tolerance = {:g}",
        pmin, pmax, imin, config_.positivity_tolerance));
  {
    PetscInt n = 0;
    NONEQ_PETSC(VecGetLocalSize(p_, &n));
    PetscScalar* a = nullptr;
    NONEQ_PETSC(VecGetArray(p_, &a));
    std::int64_t clipped = 0;
    for (PetscInt i = 0; i < n; ++i)
      if (a[i] < 0) a[i] = 0, ++clipped;
    NONEQ_PETSC(VecRestoreArray(p_, &a));
    MPI_Allreduce(&clipped, &rep.clipped, 1, MPI_INT64_T, MPI_SUM, comm_);
  }
  PetscReal sum = 0;
  NONEQ_PETSC(VecSum(p_, &sum));
  NONEQ_PETSC(VecScale(p_, 1.0 / (sum * grid_.cell_volume())));
  // Residual of the stationary equation.
  NONEQ_PETSC(MatMult(L_, p_, rhs_));
  PetscReal r = 0, s = 0;
  NONEQ_PETSC(VecNorm(rhs_, NORM_2, &r));
  NONEQ_PETSC(MatGetDiagonal(L_, work_));
  NONEQ_PETSC(VecPointwiseMult(work_, work_, p_));
  NONEQ_PETSC(VecNorm(work_, NORM_2, &s));
  rep.residual = s > 0 ? r / s : r;
  ksp_iterations_ += rep.iterations;
  rep.seconds = now() - t0;
  return rep;
}

void Solver::build_system(double gamma) {
  // S = I − γ dt L
  if (system_gamma_ == gamma && system_dt_ == config_.dt) return;
  if (!S_) NONEQ_PETSC(MatDuplicate(L_, MAT_COPY_VALUES, S_.out()));
  else NONEQ_PETSC(MatCopy(L_, S_, SAME_NONZERO_PATTERN));
  NONEQ_PETSC(MatScale(S_, -gamma * config_.dt));
  NONEQ_PETSC(MatShift(S_, 1.0));
  if (!ksp_) {
    NONEQ_PETSC(KSPCreate(comm_, ksp_.out()));
    setup_ksp(ksp_, S_);
  } else {
    NONEQ_PETSC(KSPSetOperators(ksp_, S_, S_));
  }
  system_gamma_ = gamma;
  system_dt_ = config_.dt;
}

void Solver::step() {
  if (config_.scheme.rfind("ts:", 0) == 0) step_ts();
  else step_own();
  ++step_;
  t_ = static_cast<double>(step_) * config_.dt;
  check_state("after the step");
}

void Solver::step_own() {
  const double dt = config_.dt, t1 = static_cast<double>(step_ + 1) * dt;
  const std::string& s = config_.scheme;
  if (s == "cn") {
    assemble(t_);
    NONEQ_PETSC(MatMult(L_, p_, rhs_));                   // L(t_n) p^n
    NONEQ_PETSC(VecAYPX(rhs_, 0.5 * dt, p_));              // p^n + dt/2 L p^n
    assemble(t1);
    build_system(0.5);
  } else if (s == "bdf2" && step_ > 0 && p_prev_) {
    assemble(t1);
    // rhs = 4/3 p^n − 1/3 p^{n−1}
    NONEQ_PETSC(VecAXPBYPCZ(rhs_, 4.0 / 3.0, -1.0 / 3.0, 0.0, p_, p_prev_));
    build_system(2.0 / 3.0);
  } else {  // backward Euler (and the first BDF2 step)
    assemble(t1);
    NONEQ_PETSC(VecCopy(p_, rhs_));
    build_system(1.0);
  }
  if (s == "bdf2") {
    if (!p_prev_) NONEQ_PETSC(VecDuplicate(p_, p_prev_.out()));
    NONEQ_PETSC(VecCopy(p_, p_prev_));
  }
  const double s0 = now();
  NONEQ_PETSC(KSPSolve(ksp_, rhs_, p_));
  solve_s_ += now() - s0;
  KSPConvergedReason reason;
  NONEQ_PETSC(KSPGetConvergedReason(ksp_, &reason));
  PetscInt its = 0;
  NONEQ_PETSC(KSPGetIterationNumber(ksp_, &its));
  ksp_iterations_ += its;
  if (reason < 0)
    throw core::NumericalError(fmt::format("step {}, t = {:g}: the linear solver diverged ({}, {} iterations)",
                                           step_ + 1, t1, KSPConvergedReasons[reason], its));
}

namespace {
PetscErrorCode rhs_jacobian(TS, PetscReal t, Vec, Mat A, Mat, void* ctx) {
  auto* f = static_cast<std::pair<DM, const Fluxes*>*>(ctx);
  try {
    assemble_generator(f->first, A, *f->second, t);
  } catch (...) {
    return PETSC_ERR_LIB;
  }
  return 0;
}
}  // namespace

void Solver::step_ts() {
  const double t1 = static_cast<double>(step_ + 1) * config_.dt;
  if (!ts_) {
    ts_ctx_ = {da_, &fluxes_};
    assemble(t_);
    NONEQ_PETSC(TSCreate(comm_, ts_.out()));
    NONEQ_PETSC(TSSetProblemType(ts_, TS_LINEAR));
    NONEQ_PETSC(TSSetType(ts_, config_.scheme.substr(3).c_str()));
    NONEQ_PETSC(TSSetRHSFunction(ts_, nullptr, TSComputeRHSFunctionLinear, nullptr));
    if (model_.time_dependent())
      NONEQ_PETSC(TSSetRHSJacobian(ts_, L_, L_, rhs_jacobian, &ts_ctx_));
    else
      NONEQ_PETSC(TSSetRHSJacobian(ts_, L_, L_, TSComputeRHSJacobianConstant, nullptr));
    NONEQ_PETSC(TSSetTimeStep(ts_, config_.dt));
    NONEQ_PETSC(TSSetMaxSteps(ts_, PETSC_MAX_INT));
    NONEQ_PETSC(TSSetExactFinalTime(ts_, TS_EXACTFINALTIME_MATCHSTEP));
    KSP ksp;
    SNES snes;
    NONEQ_PETSC(TSGetSNES(ts_, &snes));
    NONEQ_PETSC(SNESGetKSP(snes, &ksp));
    NONEQ_PETSC(KSPSetTolerances(ksp, config_.rtol, 1e-300, PETSC_DEFAULT, 2000));
    NONEQ_PETSC(TSSetFromOptions(ts_));
    NONEQ_PETSC(TSSetTime(ts_, t_));
  }
  NONEQ_PETSC(TSSetMaxTime(ts_, t1));
  const double s0 = now();
  const PetscErrorCode ierr = TSSolve(ts_, p_);
  solve_s_ += now() - s0;
  if (ierr) {
    TSConvergedReason reason;
    TSGetConvergedReason(ts_, &reason);
    throw core::NumericalError(fmt::format("step {}, t = {:g}: PETSc TS `{}` failed ({})", step_ + 1, t1,
                                           config_.scheme.substr(3), TSConvergedReasons[reason]));
  }
  assembled_at_ = NAN;  // TS may have re-assembled L at other times
}

void Solver::check_state(const char* where) {
  PetscReal pmin = 0, pmax = 0, n1 = 0;
  PetscInt imin = 0;
  NONEQ_PETSC(VecNorm(p_, NORM_1, &n1));
  NONEQ_PETSC(VecMin(p_, &imin, &pmin));
  NONEQ_PETSC(VecMax(p_, nullptr, &pmax));
  if (!std::isfinite(n1) || !std::isfinite(pmin))
    throw core::NumericalError(fmt::format("step {}, t = {:g}: the density is not finite (NaN/Inf) {}",
                                           step_, t_, where));
  if (pmin < -config_.positivity_tolerance * pmax) {
    // Locate the cell (global natural index -> coordinates).
    throw core::NumericalError(fmt::format(
        "step {}, t = {:g}: density lost positivity: min p = {:.3e} (max {:.3e}) at PETSc index {} "
        "beyond solve.positivity_tolerance = {:g}; {}",
        step_, t_, pmin, pmax, imin, config_.positivity_tolerance,
        config_.scheme == "beuler" ? "backward Euler keeps p >= 0, so this is a solver failure: tighten solve.rtol"
                                   : "use a smaller dt, or scheme = beuler (positivity-preserving, first order)"));
  }
}

Monitors Solver::monitors(std::vector<double>* current) {
  return observer_->compute(p_, t_, mass0_, current);
}

void Solver::write_block(hid_t loc, const std::string& name, Vec v) const {
  const auto s = local_start(), c = local_count();
  core::h5::Dims dims, start, count;
  for (int a = grid_.dim - 1; a >= 0; --a) {
    dims.push_back(static_cast<hsize_t>(grid_.n[a]));
    start.push_back(static_cast<hsize_t>(s[a]));
    count.push_back(static_cast<hsize_t>(c[a]));
  }
  core::h5::Handle d = core::h5::create_dataset(loc, name, H5T_NATIVE_DOUBLE, dims);
  const PetscScalar* a = nullptr;
  NONEQ_PETSC(VecGetArrayRead(v, &a));
  core::h5::write_block(d.id(), start, count, a);
  NONEQ_PETSC(VecRestoreArrayRead(v, &a));
}

void Solver::read_block(hid_t loc, const std::string& name, Vec v) const {
  const auto s = local_start(), c = local_count();
  core::h5::Dims start, count;
  for (int a = grid_.dim - 1; a >= 0; --a)
    start.push_back(static_cast<hsize_t>(s[a])), count.push_back(static_cast<hsize_t>(c[a]));
  const auto data = core::h5::read_block<double>(loc, name, start, count);
  PetscScalar* a = nullptr;
  NONEQ_PETSC(VecGetArray(v, &a));
  std::copy(data.begin(), data.end(), a);
  NONEQ_PETSC(VecRestoreArray(v, &a));
}

void Solver::write_checkpoint(const std::string& path, std::int64_t frames, const std::string& run_id) const {
  core::h5::create_atomically(path, comm_, [&](core::h5::File& f) {
    core::h5::set_attr(f.id(), "schema", core::kSchema);
    core::h5::set_attr(f.id(), "kind", "fokker-planck-checkpoint");
    core::h5::set_attr(f.id(), "step", step_);
    core::h5::set_attr(f.id(), "time", t_);
    core::h5::set_attr(f.id(), "dt", config_.dt);
    core::h5::set_attr(f.id(), "frames", frames);
    core::h5::set_attr(f.id(), "run_id", run_id);
    core::h5::set_attr(f.id(), "scheme", config_.scheme);
    core::h5::set_attr(f.id(), "cells", std::vector<std::int64_t>(grid_.n.begin(), grid_.n.begin() + grid_.dim));
    core::h5::set_attr(f.id(), "mass0", mass0_);
    core::h5::Handle g = core::h5::create_group(f.id(), "/state");
    write_block(g.id(), "p", p_);
    const bool has_prev = static_cast<bool>(p_prev_) && step_ > 0;
    core::h5::set_attr(f.id(), "has_prev", has_prev ? 1 : 0);
    if (has_prev) write_block(g.id(), "p_prev", p_prev_);
  });
}

std::pair<std::int64_t, std::string> Solver::read_checkpoint(const std::string& path) {
  if (!core::h5::is_hdf5(path))
    throw core::InputError(fmt::format("--restart: `{}` is not a readable HDF5 checkpoint", path));
  core::h5::File f = core::h5::File::open(path, comm_);
  const auto bad = [&](const std::string& why) {
    throw core::InputError(fmt::format("--restart `{}`: {}", path, why));
  };
  if (!core::h5::has_attr(f.id(), "kind") ||
      core::h5::attr_string(f.id(), "kind") != "fokker-planck-checkpoint")
    bad("not a noneq-fokker-planck checkpoint");
  const auto cells = core::h5::attr_ints(f.id(), "cells");
  if (cells != std::vector<std::int64_t>(grid_.n.begin(), grid_.n.begin() + grid_.dim))
    bad("its grid differs from the deck's [grid] cells");
  if (std::fabs(core::h5::attr_real(f.id(), "dt") - config_.dt) > 1e-12 * config_.dt)
    bad(fmt::format("it was written with dt = {:g}, the deck gives {:g}", core::h5::attr_real(f.id(), "dt"), config_.dt));
  if (core::h5::attr_string(f.id(), "scheme") != config_.scheme)
    bad(fmt::format("it was written with scheme `{}`, the deck gives `{}`",
                    core::h5::attr_string(f.id(), "scheme"), config_.scheme));
  step_ = core::h5::attr_int(f.id(), "step");
  t_ = core::h5::attr_real(f.id(), "time");
  mass0_ = core::h5::attr_real(f.id(), "mass0");
  read_block(f.id(), "/state/p", p_);
  if (core::h5::attr_int(f.id(), "has_prev")) {
    if (!p_prev_) NONEQ_PETSC(VecDuplicate(p_, p_prev_.out()));
    read_block(f.id(), "/state/p_prev", p_prev_);
  }
  return {core::h5::attr_int(f.id(), "frames"), core::h5::attr_string(f.id(), "run_id")};
}

}  // namespace noneq::fokker_planck
