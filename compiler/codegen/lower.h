// Lowering of a filter condition (plan::Expr) to LLVM IR, with the interpreter's exact
// semantics (runtime/exec/eval.cpp). Internal to compiler/codegen: jit.cpp compiles the IR,
// dump.cpp prints it.
//
// A compiled condition has two functions of the same type (PredFn), each compiled when first
// needed (in a module of its own):
//   <name>_gather  reads each column through the frame's row index vector of its binding
//                  (row -1 or valid byte 0 = null): the general case, after joins;
//   <name>_direct  used when, for every binding the condition reads, the batch's row indexes
//                  are one contiguous run (a scan, a filtered-out nothing yet, a build side):
//                  the column is read at i + offset, a plain strided load that vectorises.
// Both loop over the batch in chunks of kChunk rows: a branch-free loop computes a byte mask
// (the part that vectorises), a second loop writes the selected frame row numbers.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/exec/hash_join.h"
#include "runtime/plan/plan.h"
#include "runtime/table/column.h"

namespace llvm {
class LLVMContext;
class Module;
class TargetMachine;
}  // namespace llvm

namespace clue::codegen {

inline constexpr uint64_t kChunk = 1024;

// What a compiled function returns when arithmetic in the batch left the 64-bit range
// (runtime/exec/overflow.h): the caller leaves the batch to the interpreter, which reports it.
inline constexpr uint64_t kOverflowed = ~uint64_t{0};

// Appends to out[0..) the frame rows i in [begin, end) where the condition is true and
// returns how many it wrote (or kOverflowed); `out` must have room for end - begin entries.
using PredFn = uint64_t (*)(const void* const* ptrs, const int64_t* scal, uint64_t begin, uint64_t end,
                            uint32_t* out);

// A compiled projection (a derived column, group key, join key or output column of a
// fixed-width type): writes, for frame rows i in [begin, end), out_i[i - begin] (0 where the
// result is null) and out_valid[i - begin]; returns 0, or kOverflowed. Same inputs (ptrs,
// scal) as a predicate.
using ProjFn = uint64_t (*)(const void* const* ptrs, const int64_t* scal, uint64_t begin, uint64_t end, int64_t* out_i,
                        uint8_t* out_valid);

// A compiled function's signature: what it reads, in the order the caller must lay it out:
//   ptrs: [rows of each binding] [data, valid, bytes of each column] [i, valid of each derived]
//         [values, valid of each list param use] [bytes of each text param]
//   scal: [offset of each binding (direct variant: source row = frame row + offset)]
//         [value, valid of each scalar param] [length, has_null, value factor, list factor
//         of each list param use] [length, valid of each text param]
// A text column's data is its uint64 offsets (n + 1 of them) and bytes its characters. A
// text list param use (List::text) reads values = an array of (length, pointer) pairs of its
// present elements, whose number is the use's length (the factors are unused).
struct Signature {
  struct Column {
    int binding = -1, field = -1;
    rt::Phys phys = rt::Phys::I64;
    bool valid_only = false;  // `x is null` on a text/geo column: only the valid byte is read
  };
  struct Derived {
    int derived = -1;
    rt::Logical type = rt::Logical::Int;
    int scale = 0;
  };
  struct Param {
    int param = -1;
    rt::Logical type = rt::Logical::Int;
    int scale = 0;
  };
  struct List {  // one `x in LIST_PARAM`; factors align the scales of x and the list at run time
    int param = -1;
    int value_scale = 0;
    bool text = false;  // a list<text> param: (length, pointer) pairs
  };
  struct Text {  // a scalar text param
    int param = -1;
  };
  std::vector<int> bindings;
  std::vector<Column> columns;
  std::vector<Derived> derived;
  std::vector<Param> params;
  std::vector<List> lists;
  std::vector<Text> texts;
  // The row loop reads text (branches and compares bytes): it does not vectorise, so one
  // variant, the gather one, also serves contiguous batches (half the compile time).
  bool scalar = false;
  // Projections: the logical type and scale of the result Vec (as the interpreter makes it).
  rt::Logical result_type = rt::Logical::Bool;
  int result_scale = 0;

  size_t ptr_binding(size_t k) const { return k; }
  // A column's four pointers: values (text: offsets), valid bytes, text bytes, and a text
  // dictionary's codes (null when the column is plain; rt::StringData).
  size_t ptr_column(size_t k) const { return bindings.size() + 4 * k; }
  size_t ptr_derived(size_t k) const { return bindings.size() + 4 * columns.size() + 2 * k; }
  size_t ptr_list(size_t k) const { return bindings.size() + 4 * columns.size() + 2 * derived.size() + 2 * k; }
  size_t ptr_text(size_t k) const { return ptr_list(lists.size()) + k; }
  size_t ptr_count() const { return ptr_text(texts.size()); }
  size_t scal_offset(size_t k) const { return k; }
  size_t scal_param(size_t k) const { return bindings.size() + 2 * k; }
  size_t scal_list(size_t k) const { return bindings.size() + 2 * params.size() + 4 * k; }
  size_t scal_text(size_t k) const { return scal_list(lists.size()) + 2 * k; }
  size_t scal_count() const { return scal_text(texts.size()); }
};

struct Lowered {
  bool ok = false;
  std::string why;  // when !ok: why the condition stays interpreted
  Signature sig;
};

inline constexpr unsigned kGather = 1, kDirect = 2;

// Emits `<name>_gather` and/or `<name>_direct` (per `variants`; 0: only the signature) for
// `cond`, a condition over frames of `layout` (a layout of `physical`), into `mod`. On a
// construct outside the compiled subset returns ok = false with the reason, and the module may
// hold a partial function (discard it).
Lowered lower_condition(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& cond,
                        llvm::Module& mod, const std::string& name, const llvm::TargetMachine* tm,
                        unsigned variants = kGather | kDirect);

// The same for a projection `e` over `layout` (functions `<name>_gather` / `<name>_direct` of type
// ProjFn). Declines results that are not fixed-width (or the literal null), and, unless
// `allow_plain`, plain column / derived / param / literal references (nothing to compute:
// the interpreter's copy is as fast and compiling would only cost time).
Lowered lower_projection(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& e,
                         llvm::Module& mod, const std::string& name, const llvm::TargetMachine* tm,
                         unsigned variants = kGather | kDirect, bool allow_plain = false);

// The probe loop of an equi-join on one int64 key (exec::Int64ProbeFn, see hash_join.h) as
// function `name`: the same hash (mix), open-addressing walk and `next` chains as the C++
// Int64Table, emitting (probe row, build row) pairs in the same order. It keeps no state
// outside its arguments (reentrant) and reads probe rows only in [0, scal[3]) of ptrs[0]/[1]
// (any sub-range); it prefetches the table slot of a row a few rows ahead.
void lower_int64_probe(llvm::Module& mod, const std::string& name, const llvm::TargetMachine* tm);

// Target triple and data layout of `tm` (the host) on `mod`.
void prepare_module(llvm::Module& mod, const llvm::TargetMachine& tm);
// The new pass manager's O3 pipeline with loop and SLP vectorisation, costed for `tm`.
void optimize_module(llvm::Module& mod, llvm::TargetMachine& tm);
// The host TargetMachine (JITTargetMachineBuilder::detectHost, aggressive codegen).
std::unique_ptr<llvm::TargetMachine> host_target_machine(std::string* error);
void init_llvm_native();
std::string module_text(const llvm::Module& mod);

}  // namespace clue::codegen
