#pragma once
// MPI Cartesian domain decomposition of the periodic box: subdomain bounds, migration of particles
// to their owner, and ghost layers (LAMMPS-style "borders": one swap per axis and side, later axes
// forwarding the ghosts of earlier ones so that corners are covered; periodic images are ghosts with
// shifted positions, also on a single rank).
#include <mpi.h>

#include <array>
#include <cstdint>
#include <vector>

#include "langevin/particles.hpp"

namespace noneq::langevin {

class Domain {
 public:
  /// Chooses the rank grid (dims) with the least cut surface among those whose subdomains are at
  /// least `ghost_width` wide on every axis; throws InputError (naming `deck_name`) if none exists.
  Domain(int dim, const std::array<double, 3>& box, double ghost_width, MPI_Comm world,
         const std::string& deck_name);
  ~Domain();
  Domain(const Domain&) = delete;
  Domain& operator=(const Domain&) = delete;

  MPI_Comm comm() const { return cart_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  int dim() const { return dim_; }
  const std::array<double, 3>& box() const { return box_; }
  const std::array<int, 3>& dims() const { return dims_; }
  const std::array<double, 3>& lo() const { return lo_; }
  const std::array<double, 3>& hi() const { return hi_; }
  double volume() const;
  double ghost_width() const { return width_; }

  /// Owner rank of a position (any real coordinates; periodic).
  int owner(const double* x) const;
  /// Wraps owned positions into [0, L) and updates image counters.
  void wrap(Particles& p) const;
  /// Sends every owned particle to its owner (collective; any distance; all-to-all). Ghosts are dropped.
  void migrate(Particles& p) const;
  /// Same result for particles that moved at most into a face neighbour's subdomain, with
  /// neighbour messages only (used at list builds); falls back to migrate() otherwise. Collective.
  void exchange(Particles& p) const;
  /// Builds ghost copies of every particle within ghost_width of a face (collective).
  void borders(Particles& p);
  /// Refreshes ghost positions from the owners' current positions (collective; same lists).
  void update_ghosts(Particles& p);
  /// Rank-grid coordinate of position x along axis a (periodic).
  int axis_coord(int a, double x) const;

 private:
  struct Swap {
    int axis = 0;
    int send_to = 0, recv_from = 0;
    double shift = 0;
    std::vector<std::uint32_t> send;
    std::size_t recv_start = 0, recv_count = 0;
  };
  int dim_;
  std::array<double, 3> box_;
  double width_;
  MPI_Comm cart_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  std::array<int, 3> dims_{1, 1, 1}, coords_{0, 0, 0};
  std::array<double, 3> lo_{0, 0, 0}, hi_{0, 0, 0};
  std::array<std::array<int, 2>, 3> neighbor_{};  // [axis][0: lower, 1: upper]
  std::vector<Swap> swaps_;
  std::vector<int> rank_of_;  // row-major grid coordinate -> rank
  std::vector<double> sendbuf_, recvbuf_;
};

}  // namespace noneq::langevin
