#pragma once
// The series record of noneq-active-fluid (one layout for both levels and geometries; NaN where a
// quantity does not apply). Spatial means <.> are over the box (periodic) or the single state
// (homogeneous). s = |mu_2|/mu_0 = 2 lambda_1 - 1 is the local nematic order.
#include <cstddef>
#include <vector>

namespace noneq::kinetic::active_fluid {

struct SeriesSpec {
  const char* name;
  std::size_t width;
  const char* doc;
};

const std::vector<SeriesSpec>& series_specs();
std::size_t series_width();

// Offsets into a record.
enum Series : std::size_t {
  kTime = 0,
  kConcentration,      // <c>
  kConcentrationMin,
  kConcentrationMax,
  kNematicOrder,       // <s>
  kNematicGlobal,      // |<mu_2>|/<mu_0>
  kNematicRms,         // sqrt(<|mu_2|^2>)/<mu_0>
  kPolarOrder,         // <|mu_1|/mu_0>
  kMeanD,              // 3: <D_xx>, <D_xy>, <D_yy>
  kMeanN = kMeanD + 3, // 2
  kKineticEnergy = kMeanN + 2,
  kVelocityRms,
  kVelocityMax,
  kVelocityFlatness,   // (<u_x^4> + <u_y^4>)/(2 ((<u_x^2> + <u_y^2>)/2)^2): 3 for a Gaussian field
  kEnstrophy,
  kClosureError,       // 4: quadratic S:E, quadratic S:D, bingham S:E, bingham S:D (kinetic only)
  kCfl = kClosureError + 4,
  kSeriesWidth
};

}  // namespace noneq::kinetic::active_fluid
