#pragma once
// noneq-epr for noneq-active-fluid kinetic outputs (root attribute kind = "active-fluid", with Psi
// frames in /psi, written with output.psi_interval > 0): the entropy production of the Smoluchowski
// equation of the swimmers,
//   sigma = int int ( |J_x|^2/(d_T Psi) + J_theta^2/(d_R Psi) ) dx dtheta,
//   J_x = (V0 p + u) Psi - d_T grad Psi,   J_theta = thetadot Psi - d_R d_theta Psi,
//   thetadot = p_perp.(grad u + 2 zeta D).p
// (k_B = 1; per unit time, total over the box; homogeneous runs: per unit volume, with the imposed
// shear). Psi, its derivatives (spectral in x and theta) and u come from the stored angular modes;
// the theta integral is a trapezoid sum on 4 x modes (at least 64) angles, exact for the band-limited
// parts and spectrally accurate for the rest. Points where Psi <= floor x max Psi (Gibbs undershoots
// of an under-resolved run) are left out and their share of |Psi| is reported.
// Output (kind "epr-active-fluid"):
//   /series/time [f], /series/epr [f], /series/epr_translational [f], /series/epr_rotational [f],
//   /series/excluded_fraction [f]  (int |Psi| over the left-out points / int |Psi|)
//   /series/entropy [f]            Gibbs entropy S = -int int Psi ln Psi dx dtheta (Psi > floor); in a
//                                  passive relaxation (no activity, no flow) sigma = dS/dt exactly
//   /grid/x, /grid/y, /fields/sigma [f, n(y), n(x)] (int over theta of the integrand) + XDMF sidecar
//   /provenance (+ input, input_run_id, input_deck)
#include <mpi.h>

#include <string>
#include <vector>

namespace noneq::analysis {

struct ActiveEprOptions {
  std::string input, output, command_line;
  bool overwrite = false;
  double floor = 0;  // relative to max Psi of the frame
};

struct ActiveEprReport {
  std::string output;
  std::vector<double> time, epr, translational, rotational, excluded, entropy;
  bool input_complete = true;
  bool homogeneous = false;
};

/// Collective (frames are spread over the ranks). Bad input -> core::InputError on every rank.
ActiveEprReport run_active_epr(const ActiveEprOptions& options, MPI_Comm comm);

}  // namespace noneq::analysis
