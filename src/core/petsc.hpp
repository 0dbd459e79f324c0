#pragma once
// Owning wrappers for PETSc objects (destroyed in reverse order of creation, before
// PetscFinalize, because they live inside the Runtime's scope).
#include <petscdm.h>
#include <petscksp.h>
#include <petscts.h>

#include <utility>

namespace noneq::core {

template <class T, PetscErrorCode (*Destroy)(T*)>
class PetscObj {
 public:
  PetscObj() = default;
  ~PetscObj() { reset(); }
  PetscObj(PetscObj&& o) noexcept : obj_(std::exchange(o.obj_, nullptr)) {}
  PetscObj& operator=(PetscObj&& o) noexcept {
    if (this != &o) reset(), obj_ = std::exchange(o.obj_, nullptr);
    return *this;
  }
  PetscObj(const PetscObj&) = delete;
  PetscObj& operator=(const PetscObj&) = delete;
  T* out() { reset(); return &obj_; }  // for Create(..., &obj)
  operator T() const { return obj_; }
  T get() const { return obj_; }
  explicit operator bool() const { return obj_ != nullptr; }
  void reset() {
    if (obj_) Destroy(&obj_);
    obj_ = nullptr;
  }

 private:
  T obj_ = nullptr;
};

using PVec = PetscObj<Vec, VecDestroy>;
using PMat = PetscObj<Mat, MatDestroy>;
using PKSP = PetscObj<KSP, KSPDestroy>;
using PDM = PetscObj<DM, DMDestroy>;
using PTS = PetscObj<TS, TSDestroy>;

}  // namespace noneq::core
