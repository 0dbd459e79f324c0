// The deck schema of noneq-fokker-planck (src/fokker_planck/config): a valid deck loads, derived
// values, per-axis broadcast, and every out-of-range value is an InputError naming file and key.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/deck.hpp"
#include "core/error.hpp"
#include "fokker_planck/config.hpp"

using Catch::Matchers::Contains;
using noneq::core::Deck;
using noneq::core::InputError;
using noneq::core::Overrides;
using noneq::fokker_planck::Boundary;
using noneq::fokker_planck::Config;
using noneq::fokker_planck::Mode;

namespace {

const std::string kDeck =
    "[grid]\ndim = 2\nlower = -1 -2\nupper = 1 2\ncells = 8 16\n"
    "[model]\ndrift = -x; -y\ndiffusion = 1; 0.5\n"
    "[solve]\nt_end = 1\ndt = 0.1\n";

Config config(const std::string& text, const Overrides& o = {}) {
  static const noneq::core::Schema schema = Config::schema();
  return Config::from_deck(Deck::from_string(text, "fp.ini", schema, o));
}
std::string error(const Overrides& o, const std::string& text = kDeck) {
  try {
    (void)config(text, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("fokker_planck config: the example deck ou2d.ini loads", "[fokker_planck][config]") {
  const noneq::core::Schema schema = Config::schema();
  const std::string path = std::string(NONEQ_INPUTS) + "/fokker_planck/ou2d.ini";
  const Config c = Config::from_deck(Deck::load(path, schema));
  CHECK(c.dim == 2);
  CHECK(c.lower[0] == -5.0);
  CHECK(c.lower[1] == -5.0);
  CHECK(c.upper[0] == 5.0);
  CHECK(c.upper[1] == 5.0);
  CHECK(c.cells[0] == 256);
  CHECK(c.cells[1] == 256);
  CHECK(c.boundary[0] == Boundary::Reflecting);
  CHECK(c.boundary[1] == Boundary::Reflecting);
  CHECK(c.mode == Mode::Steady);
  REQUIRE(c.drift.size() == 2);
  CHECK(c.drift[0] == "-(k*x - 0.7*y)");
  CHECK(c.diffusion == std::vector<std::string>{"0.5", "1.2"});
  REQUIRE(c.constants.size() == 1);
  CHECK(c.constants[0].first == "k");
  CHECK(c.constants[0].second == 1.0);
  CHECK(c.file == "ou2d.h5");
  CHECK(c.every == 10);
  CHECK(c.scheme == "bdf2");
  CHECK(c.deck_name == path);
}

TEST_CASE("fokker_planck config: dt is shrunk so that steps * dt = t_end", "[fokker_planck][config]") {
  const Config a = config(kDeck, {{"solve.t_end", "1"}, {"solve.dt", "0.3"}});
  CHECK(a.mode == Mode::Transient);
  CHECK(a.steps == 4);
  CHECK(a.dt == Approx(0.25));
  CHECK(static_cast<double>(a.steps) * a.dt == Approx(a.t_end).epsilon(1e-15));
  // t_end/dt an integer up to rounding: no extra step.
  const Config b = config(kDeck, {{"solve.t_end", "1"}, {"solve.dt", "0.1"}});
  CHECK(b.steps == 10);
  CHECK(b.dt == Approx(0.1));
  const Config c = config(kDeck, {{"solve.t_end", "0.3"}, {"solve.dt", "0.1"}});
  CHECK(c.steps == 3);
  const Config d = config(kDeck, {{"solve.t_end", "2"}, {"solve.dt", "2"}});
  CHECK(d.steps == 1);
  CHECK(d.dt == 2.0);
}

TEST_CASE("fokker_planck config: one cells/boundary value is broadcast to every axis", "[fokker_planck][config]") {
  const Config c = config(kDeck, {{"grid.dim", "3"}, {"grid.lower", "0 0 0"}, {"grid.upper", "1 2 3"},
                                  {"grid.cells", "12"}, {"grid.boundary", "periodic"},
                                  {"model.drift", "-x; -y; -z"}, {"model.diffusion", "1; 1; 1"}});
  CHECK(c.dim == 3);
  for (int a = 0; a < 3; ++a) {
    CHECK(c.cells[a] == 12);
    CHECK(c.boundary[a] == Boundary::Periodic);
  }
  const Config m = config(kDeck, {{"grid.boundary", "periodic absorbing"}});
  CHECK(m.boundary[0] == Boundary::Periodic);
  CHECK(m.boundary[1] == Boundary::Absorbing);
  CHECK(m.cells[0] == 8);
  CHECK(m.cells[1] == 16);
  CHECK(m.cells[2] == 1);  // unused axes
  CHECK_THAT(error({{"grid.cells", "8 8 8"}}),
             Contains("fp.ini (command line): [grid] cells: expected 2 values (one per axis) or one value"));
  CHECK_THAT(error({{"grid.boundary", "periodic periodic periodic"}}), Contains("[grid] boundary: expected 2 values"));
}

TEST_CASE("fokker_planck config: bad values name the file and the key", "[fokker_planck][config]") {
  CHECK_THAT(error({{"grid.dim", "4"}}), Contains("fp.ini (command line): [grid] dim: must be 1, 2 or 3, got 4"));
  CHECK_THAT(error({{"grid.cells", "8 1"}}), Contains("[grid] cells: need at least 2 cells per axis, got 1 on axis 2"));
  CHECK_THAT(error({{"grid.upper", "-1 2"}}), Contains("[grid] upper: upper must exceed lower on axis 1 (-1 <= -1)"));
  CHECK_THAT(error({{"grid.lower", "-1"}}), Contains("[grid] lower: expected 2 values (grid.dim), got 1"));
  CHECK_THAT(error({{"grid.boundary", "sticky"}}), Contains("[grid] boundary: unknown boundary `sticky`"));
  CHECK_THAT(error({{"solve.dt", "0"}}), Contains("fp.ini (command line): [solve] dt: must be > 0, got 0"));
  CHECK_THAT(error({{"solve.dt", "-1"}}), Contains("[solve] dt: must be > 0, got -1"));
  CHECK_THAT(error({{"solve.dt", "2"}}), Contains("[solve] dt: dt = 2 exceeds t_end = 1"));
  CHECK_THAT(error({{"solve.t_end", "0"}}), Contains("[solve] t_end: must be > 0"));
  CHECK_THAT(error({{"solve.scheme", "rk4"}}), Contains("[solve] scheme: unknown scheme `rk4`"));
  CHECK(error({{"solve.scheme", "ts:arkimex"}}).empty());
  CHECK_THAT(error({{"solve.scheme", "ts:"}}), Contains("[solve] scheme: unknown scheme `ts:`"));
  CHECK_THAT(error({{"solve.mode", "stationary"}}), Contains("[solve] mode: unknown mode `stationary`"));
  CHECK_THAT(error({{"solve.rtol", "1"}}), Contains("[solve] rtol: must be in (0, 1)"));
  CHECK_THAT(error({{"output.every", "0"}}), Contains("[output] every: must be >= 1, got 0"));
  CHECK_THAT(error({{"model.drift", "-x"}}),
             Contains("[model] drift: expected 2 expressions (one per axis, ';'-separated), got 1"));
  CHECK_THAT(error({{"model.diffusion", "1; 1; 1"}}), Contains("[model] diffusion: expected 2 expressions"));
  CHECK_THAT(error({{"initial.file", "no_such_file.h5"}}),
             Contains("fp.ini (command line): [initial] file: file `no_such_file.h5` does not exist"));
  CHECK_THAT(error({{"initial.file", "x.h5"}, {"initial.density", "1"}}),
             Contains("[initial] file: give either density or file, not both"));
  CHECK_THAT(error({}, "[grid]\ndim = 1\nlower = 0\nupper = 1\ncells = 4\n[model]\ndrift = 0\ndiffusion = 1\n"),
             Contains("fp.ini: [solve] t_end: required in transient mode"));
}

TEST_CASE("fokker_planck config: steady mode", "[fokker_planck][config]") {
  const Config c = config(kDeck, {{"solve.mode", "steady"}});
  CHECK(c.mode == Mode::Steady);
  // t_end/dt are not needed in steady mode.
  CHECK(error({{"solve.mode", "steady"}},
              "[grid]\ndim = 1\nlower = 0\nupper = 1\ncells = 4\n[model]\ndrift = 0\ndiffusion = 1\n")
            .empty());
  CHECK_THAT(error({{"solve.mode", "steady"}, {"grid.boundary", "reflecting absorbing"}}),
             Contains("[grid] boundary: steady mode has no stationary density with absorbing walls"));
}

TEST_CASE("fokker_planck config: a constant diffusion must be positive", "[fokker_planck][config]") {
  CHECK_THAT(error({{"model.diffusion", "-1; 1"}}),
             Contains("fp.ini (command line): [model] diffusion: component 1 (`-1`) must be positive and finite, got -1"));
  CHECK_THAT(error({{"model.diffusion", "1; 0"}}), Contains("[model] diffusion: component 2 (`0`) must be positive"));
  // through a constant
  CHECK_THAT(error({{"model.diffusion", "D0; 1"}}, kDeck + "[constants]\nD0 = 1 - 2\n"),
             Contains("fp.ini (command line): [model] diffusion: component 1 (`D0`) must be positive and finite, got -1"));
  // State- or time-dependent ones are checked where they are sampled, not here.
  CHECK(error({{"model.diffusion", "x; 1"}}).empty());
  CHECK(error({{"model.diffusion", "1 - t; 1"}}).empty());
  // Parse errors are found here too, with the key and the component.
  CHECK_THAT(error({{"model.diffusion", "1; (1"}}), Contains("fp.ini: [model] diffusion (component 2): cannot parse `(1`"));
}
