#pragma once
// Deck expressions (muparser): variables x y z t, every name of the deck's [constants] section,
// and `pi`. Parsing errors become InputError naming the deck key and the position.
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace noneq::core {

class Deck;

/// Name -> value, in definition order; later constants may use earlier ones.
using Constants = std::vector<std::pair<std::string, double>>;

/// Evaluates the [constants] section of a deck (each value is an expression of earlier ones).
Constants load_constants(const Deck& deck, const std::string& section = "constants");

class Expression {
 public:
  /// `where` names the source in messages, e.g. "deck.ini: [model] drift (component 2)".
  Expression(const std::string& text, const Constants& constants, const std::string& where);
  ~Expression();
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  Expression(const Expression&) = delete;
  Expression& operator=(const Expression&) = delete;

  double operator()(double x, double y, double z, double t) const;
  double operator()(const double* xyz, double t) const { return (*this)(xyz[0], xyz[1], xyz[2], t); }
  /// True if the expression reads variable `name` (x, y, z or t).
  bool uses(const std::string& name) const;
  const std::string& text() const { return text_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string text_;
};

}  // namespace noneq::core
