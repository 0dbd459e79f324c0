#include "langevin/domain.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace noneq::langevin {

namespace {
// Every way to write `size` as a product of `dim` factors.
void factorizations(int size, int dim, std::array<int, 3> cur, int axis, std::vector<std::array<int, 3>>& out) {
  if (axis < 0 || axis > 2) return;
  if (axis == dim - 1) {
    cur[axis] = size;
    out.push_back(cur);
    return;
  }
  for (int f = 1; f <= size; ++f)
    if (size % f == 0) {
      cur[axis] = f;
      factorizations(size / f, dim, cur, axis + 1, out);
    }
}
}  // namespace

Domain::Domain(int dim, const std::array<double, 3>& box, double ghost_width, MPI_Comm world,
               const std::string& deck_name)
    : dim_(dim), box_(box), width_(ghost_width) {
  int size = 1;
  MPI_Comm_size(world, &size);
  std::vector<std::array<int, 3>> cands;
  factorizations(size, dim, {1, 1, 1}, 0, cands);
  double best = std::numeric_limits<double>::infinity();
  for (const auto& c : cands) {
    bool ok = true;
    for (int a = 0; a < dim; ++a) ok &= box[a] / c[a] >= ghost_width && box[a] >= 2 * ghost_width;
    if (!ok) continue;
    // Cut surface: sum over axes of (number of cuts) x (cross-section).
    double surface = 0;
    for (int a = 0; a < dim; ++a) {
      double cross = 1;
      for (int b = 0; b < dim; ++b)
        if (b != a) cross *= box[b];
      surface += (c[a] > 1 ? c[a] : 0) * cross;
    }
    // Ties (e.g. 2x2 and 1x4 in a square) go to the more even split (fewer ghost corners).
    const int widest = *std::max_element(c.begin(), c.begin() + dim);
    const int best_widest = *std::max_element(dims_.begin(), dims_.begin() + dim);
    if (surface < best * (1 - 1e-12) || (surface <= best * (1 + 1e-12) && widest < best_widest))
      best = surface, dims_ = c;
  }
  if (!std::isfinite(best)) {
    double smallest = box[0];
    for (int a = 1; a < dim; ++a) smallest = std::min(smallest, box[a]);
    throw core::InputError(fmt::format(
        "{}: [system] box: the box ({:g}{}{}) is too small for {} MPI rank{}: every subdomain must be at "
        "least the interaction range + skin = {:g} wide (and the box at least twice that). Use fewer "
        "ranks or a larger box",
        deck_name, box[0], fmt::format(" x {:g}", box[1]), dim == 3 ? fmt::format(" x {:g}", box[2]) : "",
        size, size == 1 ? "" : "s", ghost_width));
  }
  int periods[3] = {1, 1, 1};
  MPI_Cart_create(world, dim, dims_.data(), periods, 0, &cart_);
  MPI_Comm_rank(cart_, &rank_);
  MPI_Comm_size(cart_, &size_);
  MPI_Cart_coords(cart_, rank_, dim, coords_.data());
  for (int a = 0; a < dim; ++a) {
    lo_[a] = box[a] * coords_[a] / dims_[a];
    hi_[a] = box[a] * (coords_[a] + 1) / dims_[a];
    MPI_Cart_shift(cart_, a, 1, &neighbor_[a][0], &neighbor_[a][1]);
  }
  if (dim == 2) lo_[2] = 0, hi_[2] = box[2];
  // Rank of every grid coordinate (row-major index -> rank), so owner() needs no MPI call.
  rank_of_.resize(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) {
    int c[3] = {0, 0, 0};
    MPI_Cart_coords(cart_, r, dim, c);
    std::size_t k = 0;
    for (int a = 0; a < dim; ++a) k = k * static_cast<std::size_t>(dims_[a]) + static_cast<std::size_t>(c[a]);
    rank_of_[k] = r;
  }
}

Domain::~Domain() {
  if (cart_ != MPI_COMM_NULL) MPI_Comm_free(&cart_);
}

double Domain::volume() const {
  double v = 1;
  for (int a = 0; a < dim_; ++a) v *= box_[a];
  return v;
}

int Domain::owner(const double* x) const {
  std::size_t k = 0;
  for (int a = 0; a < dim_; ++a)
    k = k * static_cast<std::size_t>(dims_[a]) + static_cast<std::size_t>(axis_coord(a, x[a]));
  return rank_of_[k];
}

void Domain::wrap(Particles& p) const {
  for (int a = 0; a < dim_; ++a) {
    const double L = box_[a];
    double* x = p.x[a].data();
    std::int32_t* im = p.image[a].data();
    for (std::size_t i = 0; i < p.n; ++i) {
      if (x[i] >= 0 && x[i] < L) continue;
      double k = std::floor(x[i] / L);
      x[i] -= k * L;
      if (x[i] >= L) x[i] -= L, k += 1;  // round-off: x just below 0 maps to L
      if (x[i] < 0) x[i] = 0;
      im[i] += static_cast<std::int32_t>(k);
    }
  }
}

namespace {
// A particle as one row of doubles (every real column) and one row of int64 (id, int columns).
struct RowCodec {
  std::vector<Particles::RealColumn> reals;
  std::vector<Particles::IntColumn> ints;
  int nr = 0, ni = 1;
  explicit RowCodec(Particles& p) : reals(p.real_columns()), ints(p.int_columns()) {
    for (auto& c : reals) nr += c.comps;
    for (auto& c : ints) ni += c.comps;
  }
  void pack(const Particles& p, std::size_t i, double* dr, std::int64_t* di) const {
    for (auto& c : reals)
      for (int a = 0; a < c.comps; ++a) *dr++ = (*c.data[a])[i];
    *di++ = p.id[i];
    for (auto& c : ints)
      for (int a = 0; a < c.comps; ++a) *di++ = (*c.data[a])[i];
  }
  void unpack(Particles& p, std::size_t i, const double* dr, const std::int64_t* di) const {
    for (auto& c : reals)
      for (int a = 0; a < c.comps; ++a) (*c.data[a])[i] = *dr++;
    p.id[i] = *di++;
    for (auto& c : ints)
      for (int a = 0; a < c.comps; ++a) (*c.data[a])[i] = static_cast<std::int32_t>(*di++);
  }
};

// MPI row types for a codec (counts in particles, not values).
struct RowTypes {
  MPI_Datatype real = MPI_DATATYPE_NULL, integer = MPI_DATATYPE_NULL;
  RowTypes(int nr, int ni) {
    MPI_Type_contiguous(nr, MPI_DOUBLE, &real);
    MPI_Type_contiguous(ni, MPI_INT64_T, &integer);
    MPI_Type_commit(&real);
    MPI_Type_commit(&integer);
  }
  ~RowTypes() {
    MPI_Type_free(&real);
    MPI_Type_free(&integer);
  }
  RowTypes(const RowTypes&) = delete;
  RowTypes& operator=(const RowTypes&) = delete;
};
}  // namespace

int Domain::axis_coord(int a, double x) const {
  const double y = x - box_[a] * std::floor(x / box_[a]);
  return std::clamp(static_cast<int>(y * dims_[a] / box_[a]), 0, dims_[a] - 1);
}

void Domain::migrate(Particles& p) const {
  p.ghosts = 0;
  for (int a = 0; a < dim_; ++a) p.x[a].resize(p.n);
  wrap(p);
  if (size_ == 1) return;
  const RowCodec codec(p);
  const int nr = codec.nr, ni = codec.ni;
  std::vector<int> dest(p.n);
  std::vector<int> count(size_, 0);
  std::size_t leaving = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    double x[3] = {p.x[0][i], p.x[1][i], dim_ == 3 ? p.x[2][i] : 0};
    dest[i] = owner(x);
    if (dest[i] != rank_) ++count[dest[i]], ++leaving;
  }
  std::vector<int> rcount(size_);
  MPI_Alltoall(count.data(), 1, MPI_INT, rcount.data(), 1, MPI_INT, cart_);
  std::vector<int> sd(size_ + 1, 0), rd(size_ + 1, 0);
  for (int r = 0; r < size_; ++r) sd[r + 1] = sd[r] + count[r], rd[r + 1] = rd[r] + rcount[r];
  std::vector<double> sr(static_cast<std::size_t>(sd[size_]) * nr), rr(static_cast<std::size_t>(rd[size_]) * nr);
  std::vector<std::int64_t> si(static_cast<std::size_t>(sd[size_]) * ni), ri(static_cast<std::size_t>(rd[size_]) * ni);
  std::vector<int> fill(sd.begin(), sd.end() - 1);
  std::vector<char> keep(p.n, 1);
  for (std::size_t i = 0; i < p.n; ++i) {
    if (dest[i] == rank_) continue;
    keep[i] = 0;
    const std::size_t k = static_cast<std::size_t>(fill[dest[i]]++);
    codec.pack(p, i, &sr[k * nr], &si[k * ni]);
  }
  {
    const RowTypes t(nr, ni);
    MPI_Alltoallv(sr.data(), count.data(), sd.data(), t.real, rr.data(), rcount.data(), rd.data(), t.real, cart_);
    MPI_Alltoallv(si.data(), count.data(), sd.data(), t.integer, ri.data(), rcount.data(), rd.data(), t.integer, cart_);
  }
  if (leaving) p.compact(keep);
  const std::size_t old = p.n, incoming = static_cast<std::size_t>(rd[size_]);
  p.resize(old + incoming);
  for (std::size_t k = 0; k < incoming; ++k) codec.unpack(p, old + k, &rr[k * nr], &ri[k * ni]);
}

void Domain::exchange(Particles& p) const {
  // Between list builds a particle moves less than the subdomain width, so it can only have
  // crossed into a face neighbour: one swap per axis and side (corners through later axes).
  // A particle found farther away (possible only after an unusual jump) makes every rank fall back
  // to the general all-to-all migration.
  p.ghosts = 0;
  for (int a = 0; a < dim_; ++a) p.x[a].resize(p.n);
  wrap(p);
  if (size_ == 1) return;
  const RowCodec codec(p);
  const int nr = codec.nr, ni = codec.ni;
  const RowTypes types(nr, ni);
  int far = 0;
  for (int a = 0; a < dim_; ++a) {
    if (dims_[a] == 1) continue;
    std::vector<char> keep(p.n, 1);
    std::vector<double> sr[2];
    std::vector<std::int64_t> si[2];
    int nsend[2] = {0, 0};
    for (std::size_t i = 0; i < p.n; ++i) {
      const int c = axis_coord(a, p.x[a][i]);
      if (c == coords_[a]) continue;
      const int step = (c - coords_[a] + dims_[a]) % dims_[a];
      const int side = step == 1 ? 1 : step == dims_[a] - 1 ? 0 : -1;
      if (side < 0) {
        far = 1;
        continue;
      }
      keep[i] = 0;
      sr[side].resize(sr[side].size() + nr), si[side].resize(si[side].size() + ni);
      codec.pack(p, i, &sr[side][static_cast<std::size_t>(nsend[side]) * nr],
                 &si[side][static_cast<std::size_t>(nsend[side]) * ni]);
      ++nsend[side];
    }
    p.compact(keep);
    for (int side = 0; side < 2; ++side) {
      // Send to the neighbour on `side`, receive from the opposite one (its particles moving our way).
      const int to = neighbor_[a][side], from = neighbor_[a][1 - side];
      int nrecv = 0;
      MPI_Sendrecv(&nsend[side], 1, MPI_INT, to, 40 + side, &nrecv, 1, MPI_INT, from, 40 + side, cart_,
                   MPI_STATUS_IGNORE);
      std::vector<double> rr(static_cast<std::size_t>(nrecv) * nr);
      std::vector<std::int64_t> ri(static_cast<std::size_t>(nrecv) * ni);
      MPI_Sendrecv(sr[side].data(), nsend[side], types.real, to, 42 + side, rr.data(), nrecv, types.real, from,
                   42 + side, cart_, MPI_STATUS_IGNORE);
      MPI_Sendrecv(si[side].data(), nsend[side], types.integer, to, 44 + side, ri.data(), nrecv, types.integer, from,
                   44 + side, cart_, MPI_STATUS_IGNORE);
      const std::size_t old = p.n;
      p.resize(old + static_cast<std::size_t>(nrecv));
      for (int k = 0; k < nrecv; ++k)
        codec.unpack(p, old + static_cast<std::size_t>(k), &rr[static_cast<std::size_t>(k) * nr],
                     &ri[static_cast<std::size_t>(k) * ni]);
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, &far, 1, MPI_INT, MPI_MAX, cart_);
  if (far) migrate(p);
}

void Domain::borders(Particles& p) {
  swaps_.clear();
  p.ghosts = 0;
  for (int a = 0; a < dim_; ++a) p.x[a].resize(p.n);
  if (width_ <= 0) return;
  for (int a = 0; a < dim_; ++a) {
    const std::size_t candidates = p.n + p.ghosts;
    for (int side = 0; side < 2; ++side) {
      Swap s;
      s.axis = a;
      s.send_to = neighbor_[a][side];
      s.recv_from = neighbor_[a][1 - side];
      const double* xa = p.x[a].data();
      if (side == 0) {
        s.shift = coords_[a] == 0 ? box_[a] : 0;
        const double edge = lo_[a] + width_;
        for (std::size_t j = 0; j < candidates; ++j)
          if (xa[j] < edge) s.send.push_back(static_cast<std::uint32_t>(j));
      } else {
        s.shift = coords_[a] == dims_[a] - 1 ? -box_[a] : 0;
        const double edge = hi_[a] - width_;
        for (std::size_t j = 0; j < candidates; ++j)
          if (xa[j] >= edge) s.send.push_back(static_cast<std::uint32_t>(j));
      }
      std::uint64_t ns = s.send.size(), nrecv = 0;
      MPI_Sendrecv(&ns, 1, MPI_UINT64_T, s.send_to, 10 + side, &nrecv, 1, MPI_UINT64_T, s.recv_from, 10 + side,
                   cart_, MPI_STATUS_IGNORE);
      s.recv_start = p.n + p.ghosts;
      s.recv_count = nrecv;
      for (int b = 0; b < dim_; ++b) p.x[b].resize(s.recv_start + nrecv);
      p.ghosts += nrecv;
      swaps_.push_back(std::move(s));
      // Positions of the new swap (same code path as every later refresh).
      const Swap& sw = swaps_.back();
      const std::size_t m = sw.send.size();
      sendbuf_.resize(m * dim_);
      recvbuf_.resize(sw.recv_count * dim_);
      for (std::size_t k = 0; k < m; ++k)
        for (int b = 0; b < dim_; ++b) sendbuf_[k * dim_ + b] = p.x[b][sw.send[k]] + (b == a ? sw.shift : 0.0);
      MPI_Sendrecv(sendbuf_.data(), static_cast<int>(m * dim_), MPI_DOUBLE, sw.send_to, 20 + side, recvbuf_.data(),
                   static_cast<int>(sw.recv_count * dim_), MPI_DOUBLE, sw.recv_from, 20 + side, cart_,
                   MPI_STATUS_IGNORE);
      for (std::size_t k = 0; k < sw.recv_count; ++k)
        for (int b = 0; b < dim_; ++b) p.x[b][sw.recv_start + k] = recvbuf_[k * dim_ + b];
    }
  }
}

void Domain::update_ghosts(Particles& p) {
  for (std::size_t s = 0; s < swaps_.size(); ++s) {
    const Swap& sw = swaps_[s];
    const int a = sw.axis;
    const std::size_t m = sw.send.size();
    sendbuf_.resize(m * dim_);
    recvbuf_.resize(sw.recv_count * dim_);
    for (int b = 0; b < dim_; ++b) {
      const double* xb = p.x[b].data();
      const double sh = b == a ? sw.shift : 0.0;
      for (std::size_t k = 0; k < m; ++k) sendbuf_[k * dim_ + b] = xb[sw.send[k]] + sh;
    }
    const int tag = 30 + static_cast<int>(s % 2);
    if (sw.send_to == rank_ && sw.recv_from == rank_) {
      std::copy(sendbuf_.begin(), sendbuf_.end(), recvbuf_.begin());
    } else {
      MPI_Sendrecv(sendbuf_.data(), static_cast<int>(m * dim_), MPI_DOUBLE, sw.send_to, tag, recvbuf_.data(),
                   static_cast<int>(sw.recv_count * dim_), MPI_DOUBLE, sw.recv_from, tag, cart_, MPI_STATUS_IGNORE);
    }
    for (int b = 0; b < dim_; ++b) {
      double* xb = p.x[b].data() + sw.recv_start;
      for (std::size_t k = 0; k < sw.recv_count; ++k) xb[k] = recvbuf_[k * dim_ + b];
    }
  }
}

}  // namespace noneq::langevin
