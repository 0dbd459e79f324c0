#pragma once
// Cell lists + Verlet lists with a skin, the canonical particle order, and the force loop.
//   - Cells cover the subdomain plus one layer of ghost cells; a cell is at least
//     (interaction range + skin) wide, so neighbours are found in the 3^d adjacent cells.
//   - sort(): owned particles ordered by (cell, id). This order depends only on the set of
//     particles and positions, not on the history of the run, which makes a run restarted from a
//     checkpoint sum forces in exactly the order of the uninterrupted run (bit-for-bit restarts).
//   - Owned–owned pairs are stored once (Newton's third law); owned–ghost pairs once per owner
//     (each rank computes the force on its own particle: no reverse communication).
#include <array>
#include <cstdint>
#include <vector>

#include "langevin/config.hpp"
#include "langevin/domain.hpp"
#include "langevin/particles.hpp"

namespace noneq::langevin {

struct ForceTotals {
  double virial = 0;     // sum over pairs of r . F_pair (ghost pairs weighted 1/2)
  double potential = 0;  // pair + trap energy (ghost pairs weighted 1/2)
};

class ForceField {
 public:
  ForceField(const Config& config, const Domain& domain);
  /// Orders owned particles by (cell, id) (call after migrate, before borders).
  void sort(Particles& p);
  /// Builds the neighbour lists from owned + ghost positions; remembers them for the skin check.
  void build(Particles& p);
  /// Largest squared displacement of an owned particle since the last build (local).
  double max_displacement2(const Particles& p) const;
  /// Owned particle with the largest displacement since the last build (NaN counts as largest).
  std::size_t argmax_displacement(const Particles& p) const;
  /// Forces into p.f (owned); returns the local virial and energy.
  ForceTotals compute(Particles& p, bool include_trap = true) const;

  double list_range() const { return list_range_; }
  /// Owned positions at the last build (the skin reference).
  const std::array<std::vector<double>, 3>& reference() const { return ref_; }
  bool interacting() const { return interacting_; }
  std::size_t pairs() const { return half_.size() + ghost_.size(); }
  std::int64_t builds() const { return builds_; }

 private:
  struct Cells {
    std::vector<std::uint32_t> start, members;  // CSR: members of cell c are members[start[c] .. start[c+1])
  };
  std::size_t cell_of(const Particles& p, std::size_t i, bool interior) const;
  void bin(const Particles& p, std::size_t first, std::size_t last, bool interior, Cells& cells) const;
  template <int D, class Pot>
  ForceTotals pair_loop(const Pot& pot, Particles& p) const;

  const Config& config_;
  const Domain& domain_;
  bool interacting_;
  double list_range_;
  std::array<int, 3> ncell_{1, 1, 1};     // including the ghost layer
  std::array<double, 3> cell_{1, 1, 1};   // cell side
  std::array<double, 3> inv_cell_{1, 1, 1};
  std::array<double, 3> origin_{0, 0, 0}; // lower corner of cell 0
  Cells owned_, ghost_cells_;
  mutable std::vector<std::uint32_t> idx_, fill_;
  std::vector<std::uint32_t> half_start_, half_, ghost_start_, ghost_;
  std::array<std::vector<double>, 3> ref_;
  std::int64_t builds_ = 0;
};

}  // namespace noneq::langevin
