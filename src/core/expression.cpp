#include "core/expression.hpp"

#include <fmt/core.h>
#include <muParser.h>

#include <cmath>

#include "core/deck.hpp"
#include "core/error.hpp"

namespace noneq::core {

struct Expression::Impl {
  mu::Parser parser;
  double x = 0, y = 0, z = 0, t = 0;  // addresses bound into the parser: Impl never moves
  std::map<std::string, bool> used;
};

namespace {
void define_constants(mu::Parser& p, const Constants& constants) {
  bool has_pi = false;
  for (const auto& [name, value] : constants) {
    p.DefineConst(name, value);
    has_pi |= (name == "pi");
  }
  if (!has_pi) p.DefineConst("pi", M_PI);
}
}  // namespace

Expression::Expression(const std::string& text, const Constants& constants,
                       const std::string& where)
    : impl_(std::make_unique<Impl>()), text_(text) {
  auto& p = impl_->parser;
  try {
    define_constants(p, constants);
    p.DefineVar("x", &impl_->x);
    p.DefineVar("y", &impl_->y);
    p.DefineVar("z", &impl_->z);
    p.DefineVar("t", &impl_->t);
    p.SetExpr(text);
    for (const auto& [name, ptr] : p.GetUsedVar()) impl_->used[name] = true;
    (void)p.Eval();
  } catch (const mu::Parser::exception_type& e) {
    const long pos = static_cast<long>(e.GetPos());
    std::string marker;
    if (pos >= 0 && pos <= static_cast<long>(text.size()))
      marker = fmt::format("\n    {}\n    {}^", text, std::string(static_cast<std::size_t>(pos), ' '));
    throw InputError(fmt::format("{}: cannot parse `{}`: {} (variables are x y z t, names from "
                                 "[constants], and pi){}",
                                 where, text, e.GetMsg(), marker));
  }
}

Expression::~Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;

double Expression::operator()(double x, double y, double z, double t) const {
  impl_->x = x, impl_->y = y, impl_->z = z, impl_->t = t;
  return impl_->parser.Eval();
}

bool Expression::uses(const std::string& name) const { return impl_->used.count(name) != 0; }

Constants load_constants(const Deck& deck, const std::string& section) {
  Constants out;
  for (const auto& [name, value] : deck.section(section)) {
    const std::string where = fmt::format("{}: [{}] {}", deck.name(), section, name);
    if (name == "x" || name == "y" || name == "z" || name == "t")
      throw InputError(fmt::format("{}: `{}` is a coordinate variable and cannot be a constant",
                                   where, name));
    for (char c : name)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
        throw InputError(fmt::format("{}: constant names use letters, digits and _", where));
    Expression e(value, out, where);
    if (e.uses("x") || e.uses("y") || e.uses("z") || e.uses("t"))
      throw InputError(fmt::format("{}: a constant cannot depend on x, y, z or t", where));
    const double v = e(0, 0, 0, 0);
    if (!std::isfinite(v)) throw InputError(fmt::format("{}: value `{}` is not finite", where, value));
    out.emplace_back(name, v);
  }
  return out;
}

}  // namespace noneq::core
