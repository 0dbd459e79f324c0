// Input decks (src/core/deck): INI sections to dotted keys, overrides, strictness (unknown keys
// with a suggestion, types, required keys), open sections and the effective deck round trip.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/deck.hpp"
#include "core/error.hpp"

using Catch::Matchers::Contains;
using noneq::core::Deck;
using noneq::core::InputError;
using noneq::core::KeyType;
using noneq::core::Overrides;
using noneq::core::Schema;

namespace {

Schema test_schema() {
  Schema s;
  s.required("grid.cells", KeyType::IntList, "cells per axis")
      .add("grid.dim", KeyType::Int, "1", "dimensions")
      .optional("grid.lower", KeyType::RealList, "lower corner")
      .add("grid.boundary", KeyType::StringList, "reflecting", "per axis")
      .add("solve.dt", KeyType::Real, "0.1", "time step")
      .add("solve.mode", KeyType::String, "transient", "mode")
      .add("output.fields", KeyType::Bool, "true", "write fields")
      .add("output.file", KeyType::String, "out.h5", "output file")
      .optional("model.drift", KeyType::Expression, "drift, one per axis")
      .open_section("constants", KeyType::Expression, "named constants");
  return s;
}

// The InputError message of `f()`, or "" if it did not throw one.
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::string load_error(const std::string& text, const Overrides& o = {}) {
  const Schema s = test_schema();
  return input_error([&] { (void)Deck::from_string(text, "case.ini", s, o); });
}

}  // namespace

TEST_CASE("deck: sections become dotted keys", "[deck]") {
  const Schema s = test_schema();
  const Deck d = Deck::from_string(
      "[grid]\ncells = 4 8\ndim = 2\nlower = -1.5 2e-1\nboundary = periodic reflecting\n"
      "[solve]\ndt = 0.25\nmode = steady\n[output]\nfields = no\n",
      "case.ini", s);
  CHECK(d.get_ints("grid.cells") == std::vector<std::int64_t>{4, 8});
  CHECK(d.get_int("grid.dim") == 2);
  CHECK(d.get_reals("grid.lower") == std::vector<double>{-1.5, 0.2});
  CHECK(d.get_strings("grid.boundary") == std::vector<std::string>{"periodic", "reflecting"});
  CHECK(d.get_real("solve.dt") == 0.25);
  CHECK(d.get_string("solve.mode") == "steady");
  CHECK_FALSE(d.get_bool("output.fields"));
  CHECK(d.name() == "case.ini");
  // given vs default
  CHECK(d.given("grid.dim"));
  CHECK_FALSE(d.given("output.file"));
  CHECK(d.has("output.file"));
  CHECK(d.get_string("output.file") == "out.h5");
  CHECK_FALSE(d.has("model.drift"));  // optional without default, not given
  CHECK_THAT(input_error([&] { (void)d.get_string("model.drift"); }),
             Contains("case.ini") && Contains("[model] drift") && Contains("missing"));
}

TEST_CASE("deck: inline and full-line comments", "[deck]") {
  const Schema s = test_schema();
  const Deck d = Deck::from_string(
      "# a comment line\n[grid]   # the grid\ncells = 16 32   # two axes\n"
      "dim = 2#no space\n[output]\nfile = run.h5 # where\n",
      "case.ini", s);
  CHECK(d.get_ints("grid.cells") == std::vector<std::int64_t>{16, 32});
  CHECK(d.get_int("grid.dim") == 2);
  CHECK(d.get_string("output.file") == "run.h5");
}

TEST_CASE("deck: integers, booleans and expressions", "[deck]") {
  const Schema s = test_schema();
  const Deck d = Deck::from_string("[grid]\ncells = 1e3 2.0\ndim = 3\n[output]\nfields = ON\n"
                                   "[model]\ndrift = -x ; -(y + 1);-z\n",
                                   "case.ini", s);
  // Integral values in floating notation are integers (exactly).
  CHECK(d.get_ints("grid.cells") == std::vector<std::int64_t>{1000, 2});
  CHECK(d.get_bool("output.fields"));
  CHECK(d.get_expressions("model.drift") == std::vector<std::string>{"-x", "-(y + 1)", "-z"});
  const Deck e = Deck::from_string("[grid]\ncells = 4\n[model]\ndrift = -x;\n", "case.ini", s);
  CHECK_THAT(input_error([&] { (void)e.get_expressions("model.drift"); }),
             Contains("case.ini: [model] drift: expression 2 of 2 is empty"));
}

TEST_CASE("deck: command-line overrides replace values and add keys", "[deck]") {
  const Schema s = test_schema();
  const Deck d = Deck::from_string("[grid]\ncells = 4\ndim = 1\n[constants]\nk = 1\n", "case.ini", s,
                                   {{"grid.cells", " 64 "}, {"solve.dt", "0.5"}, {"constants.k", "2"},
                                    {"constants.extra", "k + 1"}});
  CHECK(d.get_ints("grid.cells") == std::vector<std::int64_t>{64});  // replaced (and trimmed)
  CHECK(d.get_real("solve.dt") == 0.5);                              // added
  CHECK(d.given("solve.dt"));
  CHECK(d.get_int("grid.dim") == 1);  // untouched
  const auto constants = d.section("constants");
  REQUIRE(constants.size() == 2);
  CHECK(constants[0] == std::make_pair(std::string("k"), std::string("2")));
  CHECK(constants[1] == std::make_pair(std::string("extra"), std::string("k + 1")));
  // A failure on a key that came from the command line says so.
  CHECK_THAT(input_error([&] { d.fail("solve.dt", "too large"); }),
             Contains("case.ini (command line): [solve] dt: too large"));
  CHECK_THAT(input_error([&] { d.fail("grid.dim", "too large"); }),
             Contains("case.ini: [grid] dim: too large") && !Contains("command line"));
}

TEST_CASE("deck: unknown keys are errors with a suggestion", "[deck]") {
  SECTION("typo in a key") {
    CHECK_THAT(load_error("[grid]\ncels = 4\n"),
               Contains("case.ini") && Contains("unknown key `[grid] cels`") &&
                   Contains("did you mean `[grid] cells`?"));
  }
  SECTION("typo in a section") {
    CHECK_THAT(load_error("[grid]\ncells = 4\n[sovle]\ndt = 1\n"),
               Contains("case.ini: unknown key `[sovle] dt`") && Contains("did you mean `[solve] dt`?"));
  }
  SECTION("typo in an open section") {
    CHECK_THAT(load_error("[grid]\ncells = 4\n[constnts]\nk = 1\n"),
               Contains("unknown key `[constnts] k`") && Contains("did you mean `[constants] <name>`?"));
  }
  SECTION("nothing close: no suggestion") {
    const std::string msg = load_error("[grid]\ncells = 4\n[foo]\nbarbazquux = 1\n");
    CHECK_THAT(msg, Contains("case.ini: unknown key `[foo] barbazquux`"));
    CHECK_THAT(msg, !Contains("did you mean"));
  }
  SECTION("on the command line") {
    CHECK_THAT(load_error("[grid]\ncells = 4\n", {{"solve.td", "1"}}),
               Contains("command line: unknown key `[solve] td`") && Contains("did you mean `[solve] dt`?"));
  }
}

TEST_CASE("deck: key outside any section, duplicate key, unparsable line", "[deck]") {
  CHECK_THAT(load_error("dim = 2\n[grid]\ncells = 4\n"),
             Contains("case.ini: key `dim` is outside any [section]"));
  CHECK_THAT(load_error("[grid]\ncells = 4\ndim = 1\n[grid]\ndim = 2\n"),
             Contains("case.ini: key `[grid] dim` is given twice"));
  CHECK_THAT(load_error("[grid]\ncells = 4\nnot a key value line\n"), Contains("case.ini: cannot parse deck"));
}

TEST_CASE("deck: every value is type-checked at load time", "[deck]") {
  const std::string base = "[grid]\ncells = 4\n";
  SECTION("int given 1.5") {
    CHECK_THAT(load_error(base + "dim = 1.5\n"),
               Contains("case.ini: [grid] dim: expected an integer, got `1.5`"));
  }
  SECTION("real given abc") {
    CHECK_THAT(load_error(base + "[solve]\ndt = abc\n"),
               Contains("case.ini: [solve] dt: expected a finite real number, got `abc`"));
  }
  SECTION("real given inf") {
    CHECK_THAT(load_error(base + "[solve]\ndt = inf\n"), Contains("[solve] dt: expected a finite real number"));
  }
  SECTION("bool given maybe") {
    CHECK_THAT(load_error(base + "[output]\nfields = maybe\n"),
               Contains("case.ini: [output] fields: expected a boolean (true/false), got `maybe`"));
  }
  SECTION("int list with a bad element") {
    CHECK_THAT(load_error("[grid]\ncells = 4 x 8\n"),
               Contains("case.ini: [grid] cells: expected a list of integers, got `4 x 8` (`x` is not an integer)"));
  }
  SECTION("real list with a bad element") {
    CHECK_THAT(load_error(base + "lower = 0 1..2\n"),
               Contains("case.ini: [grid] lower: expected a list of finite real numbers") &&
                   Contains("(`1..2` is not a finite number)"));
  }
  SECTION("empty string, list and expression") {
    CHECK_THAT(load_error(base + "[output]\nfile =\n"), Contains("[output] file: expected a string, got `` (empty)"));
    CHECK_THAT(load_error(base + "boundary =\n"), Contains("[grid] boundary: expected a list of words"));
    CHECK_THAT(load_error(base + "[model]\ndrift =\n"), Contains("[model] drift: expected an expression"));
  }
  SECTION("values of an unused key are checked too, and overrides as well") {
    CHECK_THAT(load_error(base, {{"grid.dim", "two"}}),
               Contains("case.ini (command line): [grid] dim: expected an integer, got `two`"));
  }
}

TEST_CASE("deck: missing required key", "[deck]") {
  CHECK_THAT(load_error("[grid]\ndim = 2\n"), Contains("case.ini: [grid] cells: required key is missing"));
  // ...satisfied from the command line
  CHECK(load_error("[grid]\ndim = 2\n", {{"grid.cells", "8"}}).empty());
}

TEST_CASE("deck: open sections accept any name, in file order", "[deck]") {
  const Schema s = test_schema();
  const Deck d = Deck::from_string("[constants]\nzeta = 2\nalpha = zeta * 3\n[grid]\ncells = 4\n", "case.ini", s);
  const auto c = d.section("constants");
  REQUIRE(c.size() == 2);
  CHECK(c[0].first == "zeta");
  CHECK(c[1].first == "alpha");
  CHECK(c[1].second == "zeta * 3");
  CHECK(d.section("grid").size() == 1);
  CHECK(s.is_open_section("constants"));
  CHECK_FALSE(s.is_open_section("grid"));
  // Values in an open section are checked with the section's type.
  CHECK_THAT(load_error("[grid]\ncells = 4\n[constants]\nk =\n"), Contains("[constants] k: expected an expression"));
}

TEST_CASE("deck: the effective deck re-loads to the same deck", "[deck]") {
  const Schema s = test_schema();
  const Deck d = Deck::from_string(
      "[grid]\ncells = 4 8   # comment\ndim = 2\nlower = -1 -2\n[model]\ndrift = -x; -y\n"
      "[constants]\nk = 2\nq = k^2\n",
      "case.ini", s, {{"solve.dt", "0.05"}, {"grid.boundary", "periodic absorbing"}});
  const std::string ini = d.effective_ini();
  // Defaults are written out (marked), unset optional keys as comments.
  CHECK_THAT(ini, Contains("file = out.h5   # default"));
  CHECK_THAT(ini, Contains("dt = 0.05\n"));
  CHECK_THAT(ini, Contains("[constants]\nk = 2\nq = k^2\n"));

  const Deck r = Deck::from_string(ini, "case.ini", s);
  for (const auto& spec : s.keys()) {
    INFO(spec.key);
    CHECK(r.has(spec.key) == d.has(spec.key));
    if (d.has(spec.key)) CHECK(r.get_string(spec.key) == d.get_string(spec.key));
  }
  CHECK(r.section("constants") == d.section("constants"));
  CHECK(r.get_ints("grid.cells") == std::vector<std::int64_t>{4, 8});
  CHECK(r.get_expressions("model.drift") == d.get_expressions("model.drift"));
  // The re-loaded deck gives every default explicitly; from there printing is a fixed point.
  const std::string ini2 = r.effective_ini();
  CHECK(Deck::from_string(ini2, "case.ini", s).effective_ini() == ini2);
}

TEST_CASE("deck: load() reads a file and names it in errors", "[deck]") {
  const Schema s = test_schema();
  CHECK_THAT(input_error([&] { (void)Deck::load("no/such/deck.ini", s); }),
             Contains("cannot open deck file `no/such/deck.ini`"));
  const std::string path = "test_deck_load.np1.ini";
  {
    std::ofstream out(path);
    out << "[grid]\ncells = 3\ndim = x\n";
  }
  CHECK_THAT(input_error([&] { (void)Deck::load(path, s); }),
             Contains("test_deck_load.np1.ini: [grid] dim: expected an integer, got `x`"));
  {
    std::ofstream out(path);
    out << "[grid]\ncells = 3\n";
  }
  const Deck d = Deck::load(path, s, {{"grid.dim", "3"}});
  CHECK(d.get_int("grid.dim") == 3);
  CHECK(d.source_text() == "[grid]\ncells = 3\n");
  std::remove(path.c_str());
}

TEST_CASE("deck: edit distance", "[deck]") {
  using noneq::core::edit_distance;
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("grid.cells", "grid.cells") == 0);
  CHECK(edit_distance("grid.cels", "grid.cells") == 1);
}
