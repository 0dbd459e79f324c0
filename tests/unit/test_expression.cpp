// Deck expressions (src/core/expression): muparser with x y z t, [constants] and pi.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "core/deck.hpp"
#include "core/error.hpp"
#include "core/expression.hpp"

using Catch::Matchers::Contains;
using noneq::core::Constants;
using noneq::core::Deck;
using noneq::core::Expression;
using noneq::core::InputError;
using noneq::core::KeyType;
using noneq::core::Schema;

namespace {
template <class F>
std::string input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}
Schema constants_schema() {
  Schema s;
  s.open_section("constants", KeyType::Expression, "named constants");
  return s;
}
}  // namespace

TEST_CASE("expression: arithmetic with constants and x y z t", "[expression]") {
  const Constants k{{"a", 2.0}, {"b", -0.5}};
  const Expression e("a*x + 3*y^2 - z/b + t*sin(pi/2)", k, "test");
  CHECK(e(1.0, 2.0, 3.0, 4.0) == Approx(2.0 + 12.0 + 6.0 + 4.0));
  CHECK(e(0.0, 0.0, 0.0, 0.0) == 0.0);
  const double xyz[3] = {-1.0, 0.5, 2.0};
  CHECK(e(xyz, 1.0) == Approx(-2.0 + 0.75 + 4.0 + 1.0));
  CHECK(Expression("pi", {}, "test")(0, 0, 0, 0) == Approx(M_PI));
  CHECK(Expression("exp(-(x^2 + y^2)/2)", {}, "test")(1, 1, 0, 0) == Approx(std::exp(-1.0)));
  CHECK(e.text() == "a*x + 3*y^2 - z/b + t*sin(pi/2)");
}

TEST_CASE("expression: uses() reports the variables read", "[expression]") {
  const Expression e("-(x - 0.7*y) * exp(-t)", {}, "test");
  CHECK(e.uses("x"));
  CHECK(e.uses("y"));
  CHECK(e.uses("t"));
  CHECK_FALSE(e.uses("z"));
  const Expression c("2*pi + 1", {}, "test");
  for (const char* v : {"x", "y", "z", "t"}) CHECK_FALSE(c.uses(v));
}

TEST_CASE("expression: moved expressions keep their variable bindings", "[expression]") {
  std::vector<Expression> v;
  for (int i = 0; i < 8; ++i) v.emplace_back(std::to_string(i) + " + x", Constants{}, "test");  // reallocates
  for (int i = 0; i < 8; ++i) CHECK(v[static_cast<std::size_t>(i)](10.0, 0, 0, 0) == Approx(10.0 + i));
  Expression moved = std::move(v[3]);
  CHECK(moved(1.0, 0, 0, 0) == Approx(4.0));
}

TEST_CASE("expression: an unknown variable names where and shows the position", "[expression]") {
  const std::string where = "deck.ini: [model] drift (component 2, axis y)";
  const std::string msg = input_error([&] { Expression("x + q*y", {}, where); });
  CHECK_THAT(msg, Contains(where + ": cannot parse `x + q*y`"));
  CHECK_THAT(msg, Contains("\"q\"") && Contains("position 4"));
  CHECK_THAT(msg, Contains("\n    x + q*y\n        ^"));  // caret under the q
  CHECK_THAT(msg, Contains("variables are x y z t"));
}

TEST_CASE("expression: syntax errors name where", "[expression]") {
  CHECK_THAT(input_error([] { Expression("2*(x", {}, "here"); }), Contains("here: cannot parse `2*(x`"));
  CHECK_THAT(input_error([] { Expression("x*", {}, "there"); }),
             Contains("there: cannot parse `x*`") && Contains("position"));
  CHECK_THAT(input_error([] { Expression("k*x", {{"j", 1.0}}, "w"); }), Contains("w: cannot parse"));
}

TEST_CASE("expression: load_constants evaluates in order", "[expression]") {
  const Schema s = constants_schema();
  const Deck d = Deck::from_string("[constants]\na = 2\nb = a*3\nc = b + pi\nd_1 = sqrt(b - a)\n", "deck.ini", s);
  const Constants c = noneq::core::load_constants(d);
  REQUIRE(c.size() == 4);
  CHECK(c[0] == std::make_pair(std::string("a"), 2.0));
  CHECK(c[1] == std::make_pair(std::string("b"), 6.0));
  CHECK(c[2].first == "c");
  CHECK(c[2].second == Approx(6.0 + M_PI));
  CHECK(c[3].second == Approx(2.0));
  // ...and expressions see them.
  CHECK(Expression("b*x + d_1", c, "test")(1, 0, 0, 0) == Approx(8.0));
}

TEST_CASE("expression: bad constants", "[expression]") {
  const Schema s = constants_schema();
  auto error = [&](const std::string& text) {
    return input_error([&] { (void)noneq::core::load_constants(Deck::from_string(text, "deck.ini", s)); });
  };
  CHECK_THAT(error("[constants]\nk = 2*x\n"),
             Contains("deck.ini: [constants] k: a constant cannot depend on x, y, z or t"));
  CHECK_THAT(error("[constants]\nk = 1 + t\n"), Contains("[constants] k: a constant cannot depend"));
  // a later constant is not visible to an earlier one
  CHECK_THAT(error("[constants]\na = b\nb = 1\n"), Contains("deck.ini: [constants] a: cannot parse `b`"));
  CHECK_THAT(error("[constants]\nx = 1\n"), Contains("`x` is a coordinate variable"));
  CHECK_THAT(error("[constants]\nk = 1/0\n"), Contains("deck.ini: [constants] k: value `1/0` is not finite"));
}
