// The command line shared by every app (src/core/cli).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/cli.hpp"
#include "core/deck.hpp"
#include "core/error.hpp"

using Catch::Matchers::Contains;
using noneq::core::CommandLine;
using noneq::core::InputError;

namespace {
CommandLine parse(std::vector<std::string> args) {
  args.insert(args.begin(), "noneq-test");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return noneq::core::parse_command_line(static_cast<int>(args.size()), argv.data(), "usage: noneq-test DECK");
}
std::string error(std::vector<std::string> args) {
  try {
    (void)parse(std::move(args));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("cli: deck, overrides and flags", "[cli]") {
  const CommandLine cl = parse({"deck.ini", "--grid.cells=64", "--output", "run.h5", "--overwrite",
                                "--print-config", "--model.drift=-x; -(y + 1)", "--constants.k=2"});
  CHECK(cl.deck == "deck.ini");
  REQUIRE(cl.overrides.size() == 4);  // --output is also the override output.file, last
  CHECK(cl.overrides[0] == std::make_pair(std::string("grid.cells"), std::string("64")));
  CHECK(cl.overrides[1] == std::make_pair(std::string("model.drift"), std::string("-x; -(y + 1)")));
  CHECK(cl.overrides[2] == std::make_pair(std::string("constants.k"), std::string("2")));
  CHECK(cl.overrides[3] == std::make_pair(std::string("output.file"), std::string("run.h5")));
  REQUIRE(cl.output);
  CHECK(*cl.output == "run.h5");
  CHECK(cl.overwrite);
  CHECK(cl.print_config);
  CHECK_FALSE(cl.restart);
  CHECK_FALSE(cl.help);
  CHECK_FALSE(cl.version);
  CHECK_THAT(cl.text, Contains("noneq-test deck.ini --grid.cells=64 --output run.h5"));
}

TEST_CASE("cli: option spellings", "[cli]") {
  const CommandLine a = parse({"--output=o.h5", "--restart", "c.h5", "deck.ini"});
  CHECK(a.deck == "deck.ini");  // the deck may come after options
  CHECK(*a.output == "o.h5");
  CHECK(*a.restart == "c.h5");
  CHECK_FALSE(a.overwrite);
  CHECK_FALSE(a.print_config);
  REQUIRE(a.overrides.size() == 1);
  CHECK(a.overrides[0] == std::make_pair(std::string("output.file"), std::string("o.h5")));
  CHECK(*parse({"deck.ini", "-o", "p.h5"}).output == "p.h5");
  // --help and --version need no deck
  CHECK(parse({"--help"}).help);
  CHECK(parse({"-h"}).help);
  CHECK(parse({"--version"}).version);
}

TEST_CASE("cli: malformed command lines", "[cli]") {
  CHECK_THAT(error({"deck.ini", "--bogus"}),
             Contains("command line: unknown option `--bogus`") && Contains("--section.key=value"));
  CHECK_THAT(error({"deck.ini", "--grid.cells"}),
             Contains("command line: override `--grid.cells` needs a value: write --grid.cells=VALUE"));
  CHECK_THAT(error({"--overwrite"}), Contains("command line: no deck file given") && Contains("usage: noneq-test DECK"));
  CHECK_THAT(error({"a.ini", "b.ini"}), Contains("command line"));
  CHECK_THAT(error({"deck.ini", "--output"}), Contains("command line"));
  // no abbreviations: --over is not --overwrite
  CHECK_THAT(error({"deck.ini", "--over"}), Contains("unknown option `--over`"));
}

TEST_CASE("cli: schema_help lists every key", "[cli]") {
  noneq::core::Schema s;
  s.required("grid.cells", noneq::core::KeyType::IntList, "cells per axis")
      .add("solve.dt", noneq::core::KeyType::Real, "0.1", "time step")
      .optional("output.checkpoint", noneq::core::KeyType::String, "checkpoint file")
      .open_section("constants", noneq::core::KeyType::Expression, "named constants");
  const std::string h = noneq::core::schema_help(s);
  CHECK_THAT(h, Contains("[grid]") && Contains("cells") && Contains("a list of integers, required. cells per axis"));
  CHECK_THAT(h, Contains("a finite real number, default `0.1`. time step"));
  CHECK_THAT(h, Contains("a string, optional. checkpoint file"));
  CHECK_THAT(h, Contains("[constants]") && Contains("named constants"));
}
