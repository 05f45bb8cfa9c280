#include "compiler/codegen/lower.h"

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include "runtime/exec/eval.h"

namespace clue::codegen {
namespace {
// The longest literal `in` list compiled (see in()).
constexpr size_t kMaxCompiledInList = 4096;


using plan::Expr;
using plan::ExprKind;
using plan::Op;
using rt::Logical;

struct Decline {
  std::string why;
};

int scale_of(Logical t) { return t == Logical::Money || t == Logical::Decimal ? 4 : 0; }
bool fixed_width(Logical t) {
  rt::Phys p = rt::phys_of(t);
  return p == rt::Phys::I64 || p == rt::Phys::I32 || p == rt::Phys::U8;
}
bool is_date_like(Logical t) { return t == Logical::Date || t == Logical::DateTime; }
// Targets a text literal is parsed into when compared with a value of that type (eval.cpp's
// is_domain_text_target, restricted to the fixed-width ones).
bool text_coercible_to(Logical t) {
  return t == Logical::IdCard || t == Logical::Date || t == Logical::Month || t == Logical::DateTime;
}
int64_t pow10(int k) {
  int64_t p = 1;
  while (k-- > 0) p *= 10;
  return p;
}
// A type as the language spells it (for the reasons a value is declined).
std::string type_text(Type t) {
  switch (t.kind) {
    case TypeKind::Error: return "<error>";
    case TypeKind::Null: return "null";
    case TypeKind::List: return "list<" + type_text(Type::of(t.element)) + ">";
    default: return rt::logical_name(exec::to_logical(t.kind));
  }
}

// A value of one frame row while the row loop is generated, with the metadata the
// interpreter's Vec carries (its logical type, scale and "literal null" flag).
struct V {
  llvm::Value* val = nullptr;  // i64
  llvm::Value* ok = nullptr;   // i1: present
  Logical type = Logical::Int;
  int scale = 0;
  bool null_type = false;  // the literal null (is_null_type)
  bool text = false;       // a text constant (text_vec.s[0]): parsed where the interpreter parses it,
                           // else compared as text
  exec::Vec text_vec;
  bool str = false;        // a text value read at run time (column, param): bytes sptr[0, slen)
  llvm::Value* sptr = nullptr;  // ptr
  llvm::Value* slen = nullptr;  // i64
};

bool textual(const V& v) { return v.text || v.str; }

class Lowerer {
 public:
  Lowerer(const plan::Plan& physical, const plan::Layout& layout, llvm::Module& mod, const llvm::TargetMachine* tm)
      : plan_(physical), layout_(layout), mod_(mod), ctx_(mod.getContext()), b_(ctx_), tm_(tm) {
    i1_ = llvm::Type::getInt1Ty(ctx_);
    i8_ = llvm::Type::getInt8Ty(ctx_);
    i32_ = llvm::Type::getInt32Ty(ctx_);
    i64_ = llvm::Type::getInt64Ty(ctx_);
    ptr_ = llvm::PointerType::get(ctx_, 0);
  }

  Signature sig;

  void emit(const std::string& name, const Expr& cond, bool direct) {
    direct_ = direct;
    list_uses_ = 0;
    rows_.clear();
    invariant_.clear();
    columns_.clear();
    auto* fty = llvm::FunctionType::get(i64_, {ptr_, ptr_, i64_, i64_, ptr_}, false);
    fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name, mod_);
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    if (tm_) {
      fn_->addFnAttr("target-cpu", tm_->getTargetCPU());
      fn_->addFnAttr("target-features", tm_->getTargetFeatureString());
    }
    for (unsigned a : {0u, 1u}) {
      fn_->addParamAttr(a, llvm::Attribute::NoAlias);
      fn_->addParamAttr(a, llvm::Attribute::ReadOnly);
      fn_->addParamAttr(a, llvm::Attribute::NoCapture);
    }
    fn_->addParamAttr(4, llvm::Attribute::NoAlias);
    fn_->addParamAttr(4, llvm::Attribute::NoCapture);
    auto arg = fn_->arg_begin();
    ptrs_ = &*arg++;
    scal_ = &*arg++;
    llvm::Value* begin = &*arg++;
    llvm::Value* end = &*arg++;
    llvm::Value* out = &*arg++;
    ptrs_->setName("ptrs");
    scal_->setName("scal");
    begin->setName("begin");
    end->setName("end");
    out->setName("out");

    auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
    auto* chunk_head = llvm::BasicBlock::Create(ctx_, "chunk", fn_);
    auto* chunk_body = llvm::BasicBlock::Create(ctx_, "chunk.body", fn_);
    auto* row = llvm::BasicBlock::Create(ctx_, "row", fn_);
    auto* compact_pre = llvm::BasicBlock::Create(ctx_, "compact.pre", fn_);
    auto* compact = llvm::BasicBlock::Create(ctx_, "compact", fn_);
    auto* compact_done = llvm::BasicBlock::Create(ctx_, "compact.done", fn_);
    auto* exit = llvm::BasicBlock::Create(ctx_, "exit", fn_);

    b_.SetInsertPoint(entry);
    auto* mask_ty = llvm::ArrayType::get(i8_, kChunk);
    mask_ = b_.CreateAlloca(mask_ty, nullptr, "mask");
    mask_->setAlignment(llvm::Align(64));
    start_overflow_flag();
    entry_br_ = b_.CreateBr(chunk_head);

    // for (cb = begin; cb < end; cb = ce)
    b_.SetInsertPoint(chunk_head);
    auto* cb = b_.CreatePHI(i64_, 2, "cb");
    auto* cnt = b_.CreatePHI(i64_, 2, "count");
    cb->addIncoming(begin, entry);
    cnt->addIncoming(b_.getInt64(0), entry);
    b_.CreateCondBr(b_.CreateICmpULT(cb, end), chunk_body, exit);

    b_.SetInsertPoint(chunk_body);
    llvm::Value* lim = b_.CreateAdd(cb, b_.getInt64(kChunk));
    llvm::Value* ce = b_.CreateSelect(b_.CreateICmpULT(lim, end), lim, end, "ce");
    llvm::Value* n = b_.CreateSub(ce, cb, "n");
    b_.CreateBr(row);

    // mask[j] = cond(cb + j), j in [0, n): straight-line, branch-free code per row
    b_.SetInsertPoint(row);
    auto* j = b_.CreatePHI(i64_, 2, "j");
    j->addIncoming(b_.getInt64(0), chunk_body);
    row_i_ = b_.CreateAdd(cb, j, "i");
    V c = gen(cond);
    if (textual(c)) throw Decline{"the condition is a text value"};
    llvm::Value* m = c.null_type ? static_cast<llvm::Value*>(b_.getFalse())
                                 : and_(c.ok, b_.CreateICmpNE(c.val, b_.getInt64(0)));
    b_.CreateStore(b_.CreateZExt(m, i8_), b_.CreateInBoundsGEP(i8_, mask_, j));
    end_row_overflow();
    llvm::Value* j1 = b_.CreateAdd(j, b_.getInt64(1), "j.next");
    j->addIncoming(j1, b_.GetInsertBlock());
    auto* row_br = b_.CreateCondBr(b_.CreateICmpULT(j1, n), row, compact_pre);
    // Compile time is part of the cost: the gather loop (loads through row indexes) is not
    // worth vectorising, the direct one is vectorised without interleaving; neither unrolled.
    if (direct)
      loop_hints(row_br, {{"llvm.loop.interleave.count", 1}, {"llvm.loop.unroll.disable", -1}});
    else
      loop_hints(row_br, {{"llvm.loop.vectorize.enable", 0}, {"llvm.loop.unroll.disable", -1}});

    // out[count] = cb + k; count += mask[k]
    b_.SetInsertPoint(compact_pre);
    b_.CreateBr(compact);
    b_.SetInsertPoint(compact);
    auto* k = b_.CreatePHI(i64_, 2, "k");
    auto* c2 = b_.CreatePHI(i64_, 2, "c");
    k->addIncoming(b_.getInt64(0), compact_pre);
    c2->addIncoming(cnt, compact_pre);
    llvm::Value* mb = b_.CreateLoad(i8_, b_.CreateInBoundsGEP(i8_, mask_, k));
    b_.CreateStore(b_.CreateTrunc(b_.CreateAdd(cb, k), i32_), b_.CreateInBoundsGEP(i32_, out, c2));
    llvm::Value* c3 = b_.CreateAdd(c2, b_.CreateZExt(mb, i64_));
    llvm::Value* k1 = b_.CreateAdd(k, b_.getInt64(1));
    k->addIncoming(k1, compact);
    c2->addIncoming(c3, compact);
    loop_hints(b_.CreateCondBr(b_.CreateICmpULT(k1, n), compact, compact_done),
               {{"llvm.loop.vectorize.enable", 0}, {"llvm.loop.unroll.disable", -1}});

    b_.SetInsertPoint(compact_done);
    cb->addIncoming(ce, compact_done);
    cnt->addIncoming(c3, compact_done);
    b_.CreateBr(chunk_head);

    b_.SetInsertPoint(exit);
    b_.CreateRet(b_.CreateSelect(overflowed(), b_.getInt64(kOverflowed), cnt));
  }

  // A projection: out_i[j] / out_valid[j] = value of `e` at frame row begin + j, one
  // straight-line row loop (vectorised in the direct variant).
  void emit_projection(const std::string& name, const Expr& e, bool direct) {
    direct_ = direct;
    list_uses_ = 0;
    rows_.clear();
    invariant_.clear();
    columns_.clear();
    auto* fty = llvm::FunctionType::get(i64_, {ptr_, ptr_, i64_, i64_, ptr_, ptr_}, false);
    fn_ = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name, mod_);
    fn_->addFnAttr(llvm::Attribute::NoUnwind);
    if (tm_) {
      fn_->addFnAttr("target-cpu", tm_->getTargetCPU());
      fn_->addFnAttr("target-features", tm_->getTargetFeatureString());
    }
    for (unsigned a : {0u, 1u}) {
      fn_->addParamAttr(a, llvm::Attribute::NoAlias);
      fn_->addParamAttr(a, llvm::Attribute::ReadOnly);
      fn_->addParamAttr(a, llvm::Attribute::NoCapture);
    }
    for (unsigned a : {4u, 5u}) {
      fn_->addParamAttr(a, llvm::Attribute::NoAlias);
      fn_->addParamAttr(a, llvm::Attribute::NoCapture);
    }
    auto arg = fn_->arg_begin();
    ptrs_ = &*arg++;
    scal_ = &*arg++;
    llvm::Value* begin = &*arg++;
    llvm::Value* end = &*arg++;
    llvm::Value* out_i = &*arg++;
    llvm::Value* out_v = &*arg++;
    ptrs_->setName("ptrs");
    scal_->setName("scal");
    begin->setName("begin");
    end->setName("end");
    out_i->setName("out_i");
    out_v->setName("out_valid");

    auto* entry = llvm::BasicBlock::Create(ctx_, "entry", fn_);
    auto* row = llvm::BasicBlock::Create(ctx_, "row", fn_);
    auto* exit = llvm::BasicBlock::Create(ctx_, "exit", fn_);
    b_.SetInsertPoint(entry);
    llvm::Value* n = b_.CreateSub(end, begin, "n");
    start_overflow_flag();
    entry_br_ = b_.CreateCondBr(b_.CreateICmpULT(begin, end), row, exit);

    b_.SetInsertPoint(row);
    auto* j = b_.CreatePHI(i64_, 2, "j");
    j->addIncoming(b_.getInt64(0), entry);
    row_i_ = b_.CreateAdd(begin, j, "i");
    V v = gen(e);
    if (textual(v)) throw Decline{"the value is text"};
    if (v.null_type) throw Decline{"the value is the literal null"};
    if (!fixed_width(v.type))
      throw Decline{std::string("the value is ") + rt::logical_name(v.type) + ": not a fixed-width value"};
    sig.result_type = v.type;
    sig.result_scale = v.scale;
    b_.CreateStore(b_.CreateSelect(v.ok, v.val, b_.getInt64(0)), b_.CreateInBoundsGEP(i64_, out_i, j));
    b_.CreateStore(b_.CreateZExt(v.ok, i8_), b_.CreateInBoundsGEP(i8_, out_v, j));
    end_row_overflow();
    llvm::Value* j1 = b_.CreateAdd(j, b_.getInt64(1), "j.next");
    j->addIncoming(j1, b_.GetInsertBlock());
    auto* br = b_.CreateCondBr(b_.CreateICmpULT(j1, n), row, exit);
    if (direct)
      loop_hints(br, {{"llvm.loop.interleave.count", 1}, {"llvm.loop.unroll.disable", -1}});
    else
      loop_hints(br, {{"llvm.loop.vectorize.enable", 0}, {"llvm.loop.unroll.disable", -1}});
    b_.SetInsertPoint(exit);
    b_.CreateRet(b_.CreateSelect(overflowed(), b_.getInt64(kOverflowed), b_.getInt64(0)));
  }

 private:
  // ---- overflow (runtime/exec/overflow.h) ---------------------------------------------------
  // A flag set when any arithmetic of a row with present operands leaves the 64-bit range; the
  // function then returns kOverflowed and the caller leaves the batch to the interpreter, which
  // reports E0560 with the row. (SROA turns the slot into an OR-reduction over the loop.)
  void start_overflow_flag() {
    row_bad_ = nullptr;
    ovf_ = b_.CreateAlloca(i8_, nullptr, "overflow");
    b_.CreateStore(b_.getInt8(0), ovf_);
  }
  // Within a row the bits are OR-ed as values (row_bad_); the row stores them once
  // (end_row_overflow): a thousand-term sum stays one store, not a thousand.
  void flag_overflow(llvm::Value* bad) { row_bad_ = row_bad_ ? b_.CreateOr(row_bad_, bad) : bad; }
  void end_row_overflow() {
    if (!row_bad_) return;
    llvm::Value* was = b_.CreateLoad(i8_, ovf_);
    b_.CreateStore(b_.CreateOr(was, b_.CreateZExt(row_bad_, i8_)), ovf_);
    row_bad_ = nullptr;
  }
  llvm::Value* overflowed() { return b_.CreateICmpNE(b_.CreateLoad(i8_, ovf_), b_.getInt8(0)); }
  // v × f (f > 0) saturating at the int64 limits, as exec::sat_mul: bringing a value to a
  // finer scale for a comparison.
  llvm::Value* sat_mul(llvm::Value* v, llvm::Value* f) {
    llvm::Value* pr = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, v, f);
    llvm::Value* prod = b_.CreateExtractValue(pr, 0);
    llvm::Value* over = b_.CreateExtractValue(pr, 1);
    llvm::Value* limit = b_.CreateSelect(b_.CreateICmpSLT(v, b_.getInt64(0)), b_.getInt64(uint64_t(INT64_MIN)),
                                         b_.getInt64(uint64_t(INT64_MAX)));
    return b_.CreateSelect(over, limit, prod);
  }
  // Whether a 128-bit value is outside int64.
  llvm::Value* outside_int64(llvm::Value* v128) {
    return b_.CreateICmpNE(v128, b_.CreateSExt(b_.CreateTrunc(v128, i64_), v128->getType()));
  }

  // !llvm.loop metadata on a loop's back edge: (name, value) pairs, value -1 for a flag.
  void loop_hints(llvm::Instruction* br, std::initializer_list<std::pair<const char*, int>> hints) {
    std::vector<llvm::Metadata*> ops = {nullptr};
    for (const auto& [name, value] : hints) {
      std::vector<llvm::Metadata*> h = {llvm::MDString::get(ctx_, name)};
      if (value >= 0) {
        llvm::Type* t = std::string(name) == "llvm.loop.vectorize.enable" ? i1_ : i32_;
        h.push_back(llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(t, uint64_t(value))));
      }
      ops.push_back(llvm::MDNode::get(ctx_, h));
    }
    llvm::MDNode* loop = llvm::MDNode::getDistinct(ctx_, ops);
    loop->replaceOperandWith(0, loop);
    br->setMetadata(llvm::LLVMContext::MD_loop, loop);
  }

  // ---- inputs -------------------------------------------------------------------------------

  // A load in the entry block (loop invariant): ptrs[slot] or scal[slot].
  llvm::Value* ptr_slot(size_t slot) {
    auto key = std::make_pair(0, slot);
    if (auto it = invariant_.find(key); it != invariant_.end()) return it->second;
    llvm::IRBuilder<> eb(entry_br_);
    llvm::Value* v = eb.CreateLoad(ptr_, eb.CreateConstInBoundsGEP1_64(ptr_, ptrs_, slot), "p" + std::to_string(slot));
    invariant_[key] = v;
    return v;
  }
  llvm::Value* scal_slot(size_t slot) {
    auto key = std::make_pair(1, slot);
    if (auto it = invariant_.find(key); it != invariant_.end()) return it->second;
    llvm::IRBuilder<> eb(entry_br_);
    llvm::Value* v = eb.CreateLoad(i64_, eb.CreateConstInBoundsGEP1_64(i64_, scal_, slot), "s" + std::to_string(slot));
    invariant_[key] = v;
    return v;
  }
  // Slot numbers are stable across the two functions: assigned on first use.
  size_t binding_slot(int binding) {
    for (size_t k = 0; k < sig.bindings.size(); ++k)
      if (sig.bindings[k] == binding) return k;
    sig.bindings.push_back(binding);
    return sig.bindings.size() - 1;
  }
  size_t column_slot(int binding, int field, rt::Phys phys, bool valid_only) {
    binding_slot(binding);
    for (size_t k = 0; k < sig.columns.size(); ++k) {
      auto& c = sig.columns[k];
      if (c.binding == binding && c.field == field) {
        if (!valid_only) c.valid_only = false;
        return k;
      }
    }
    sig.columns.push_back({binding, field, phys, valid_only});
    return sig.columns.size() - 1;
  }

  // The source row of the current frame row for `binding`, and whether there is one.
  std::pair<llvm::Value*, llvm::Value*> source_row(int binding) {
    if (auto it = rows_.find(binding); it != rows_.end()) return it->second;
    size_t slot = binding_slot(binding);
    std::pair<llvm::Value*, llvm::Value*> r;
    if (direct_) {
      r = {b_.CreateAdd(row_i_, scal_slot(sig.scal_offset(slot)), "r" + std::to_string(binding)), b_.getTrue()};
    } else {
      llvm::Value* rows = ptr_slot(sig.ptr_binding(slot));
      llvm::Value* raw = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, rows, row_i_), "row" + std::to_string(binding));
      llvm::Value* has = b_.CreateICmpSGE(raw, b_.getInt64(0));
      // Row -1 (no row, after a left join) reads row 0 of the column (or a dummy when the
      // table is empty) and is null.
      r = {b_.CreateSelect(has, raw, b_.getInt64(0), "r" + std::to_string(binding)), has};
    }
    rows_[binding] = r;
    return r;
  }

  // The source field a column reads: its type is the loaded column's.
  const plan::Field& field_of(const Expr& e) {
    const plan::Binding& binding = layout_.bindings.at(size_t(e.binding));
    return plan_.sources.at(size_t(binding.source)).fields.at(size_t(e.field));
  }
  std::string column_name(const Expr& e) {
    return layout_.bindings.at(size_t(e.binding)).alias + "." + field_of(e).name;
  }

  V column(const Expr& e, bool valid_only) {
    const plan::Field& f = field_of(e);
    Logical t = exec::to_logical(f.type.kind);
    rt::Phys phys = rt::phys_of(t);
    if (!valid_only && !fixed_width(t) && t != Logical::Text)
      throw Decline{"column " + column_name(e) + " is " + rt::logical_name(t) +
                    ": the JIT handles text and fixed-width values (int, money, decimal, date, month, datetime, "
                    "bool, idcard)"};
    size_t slot = column_slot(e.binding, e.field, phys, valid_only);
    auto key = std::make_pair(slot, valid_only);
    if (auto it = columns_.find(key); it != columns_.end()) return it->second;
    auto [r, has] = source_row(e.binding);
    V v;
    v.type = t;
    v.scale = scale_of(t);
    std::string nm = "c" + std::to_string(slot);
    llvm::Value* vb = b_.CreateLoad(i8_, b_.CreateInBoundsGEP(i8_, ptr_slot(sig.ptr_column(slot) + 1), r), nm + ".vb");
    v.ok = b_.CreateICmpNE(vb, b_.getInt8(0));
    if (!direct_) v.ok = b_.CreateAnd(has, v.ok, nm + ".ok");
    if (valid_only) {
      v.val = b_.getInt64(0);
    } else if (phys == rt::Phys::Str) {
      // Row r is bytes[offsets[r], offsets[r + 1]): always a valid range, null rows included
      // (empty), so the bytes may be read without looking at the valid byte first. A
      // dictionary column (codes not null) reads entry codes[r] instead of row r; a plain one
      // still loads the (ignored) 16 bits at offsets + 2r, inside its offsets: no branch.
      llvm::Value* offs = ptr_slot(sig.ptr_column(slot));
      llvm::Value* bytes = ptr_slot(sig.ptr_column(slot) + 2);
      llvm::Value* codes = ptr_slot(sig.ptr_column(slot) + 3);
      llvm::Value* is_dict = b_.CreateICmpNE(codes, llvm::ConstantPointerNull::get(ptr_));
      llvm::Type* i16 = llvm::Type::getInt16Ty(ctx_);
      llvm::Value* code_at = b_.CreateSelect(is_dict, codes, offs);
      llvm::Value* code = b_.CreateLoad(i16, b_.CreateInBoundsGEP(i16, code_at, r), nm + ".code");
      llvm::Value* e = b_.CreateSelect(is_dict, b_.CreateZExt(code, i64_), r, nm + ".e");
      llvm::Value* o0 = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, offs, e), nm + ".o0");
      llvm::Value* r1 = b_.CreateAdd(e, b_.getInt64(1));
      llvm::Value* o1 = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, offs, r1), nm + ".o1");
      sig.scalar = true;
      v.str = true;
      v.val = b_.getInt64(0);
      v.sptr = b_.CreateInBoundsGEP(i8_, bytes, o0, nm + ".p");
      v.slen = b_.CreateSub(o1, o0, nm + ".len");
    } else {
      llvm::Value* data = ptr_slot(sig.ptr_column(slot));
      llvm::Type* et = phys == rt::Phys::I64 ? i64_ : phys == rt::Phys::I32 ? i32_ : i8_;
      llvm::Value* x = b_.CreateLoad(et, b_.CreateInBoundsGEP(et, data, r), nm);
      v.val = phys == rt::Phys::I64 ? x : phys == rt::Phys::I32 ? b_.CreateSExt(x, i64_) : b_.CreateZExt(x, i64_);
    }
    columns_[key] = v;
    return v;
  }

  V derived(const Expr& e) {
    const plan::Slot& d = layout_.derived.at(size_t(e.derived));
    Logical t = exec::to_logical(d.type.kind);
    if (!fixed_width(t) || d.type.is(TypeKind::Null) || d.type.is(TypeKind::Error))
      throw Decline{"derived column " + d.name + " is " + type_text(d.type) + ": not a fixed-width value"};
    size_t slot = sig.derived.size();
    for (size_t k = 0; k < sig.derived.size(); ++k)
      if (sig.derived[k].derived == e.derived) slot = k;
    if (slot == sig.derived.size()) sig.derived.push_back({e.derived, t, scale_of(t)});
    V v;
    v.type = t;
    v.scale = scale_of(t);
    std::string nm = "d" + std::to_string(slot);
    v.val = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, ptr_slot(sig.ptr_derived(slot)), row_i_), nm);
    llvm::Value* vb = b_.CreateLoad(i8_, b_.CreateInBoundsGEP(i8_, ptr_slot(sig.ptr_derived(slot) + 1), row_i_), nm + ".vb");
    v.ok = b_.CreateICmpNE(vb, b_.getInt8(0));
    return v;
  }

  V param(const Expr& e) {
    const plan::Param& p = plan_.params.at(size_t(e.param));
    if (p.type.is(TypeKind::List)) throw Decline{"list param " + p.name + " used outside `in`"};
    if (p.type.is(TypeKind::Text)) return text_param(e);
    Logical t = exec::to_logical(p.type.kind);
    if (!fixed_width(t) || p.type.is(TypeKind::Null) || p.type.is(TypeKind::Error))
      throw Decline{"param " + p.name + " is " + type_text(p.type) + ": not a fixed-width value"};
    size_t slot = sig.params.size();
    for (size_t k = 0; k < sig.params.size(); ++k)
      if (sig.params[k].param == e.param) slot = k;
    if (slot == sig.params.size()) sig.params.push_back({e.param, t, scale_of(t)});
    V v;
    v.type = t;
    v.scale = scale_of(t);
    v.val = scal_slot(sig.scal_param(slot));
    v.ok = b_.CreateICmpNE(scal_slot(sig.scal_param(slot) + 1), b_.getInt64(0));
    return v;
  }

  // A scalar text param: its bytes and length are read at call time.
  V text_param(const Expr& e) {
    size_t slot = sig.texts.size();
    for (size_t k = 0; k < sig.texts.size(); ++k)
      if (sig.texts[k].param == e.param) slot = k;
    if (slot == sig.texts.size()) sig.texts.push_back({e.param});
    sig.scalar = true;
    V v;
    v.type = Logical::Text;
    v.str = true;
    v.val = b_.getInt64(0);
    v.sptr = ptr_slot(sig.ptr_text(slot));
    v.slen = scal_slot(sig.scal_text(slot));
    v.ok = b_.CreateICmpNE(scal_slot(sig.scal_text(slot) + 1), b_.getInt64(0));
    return v;
  }

  // A one-element Vec (literal, coerced text) as a constant.
  V constant(const exec::Vec& c) {
    V v;
    v.type = c.type;
    v.scale = c.scale;
    if (c.is_null_type) {
      v.null_type = true;
      v.val = b_.getInt64(0);
      v.ok = b_.getFalse();
      return v;
    }
    if (c.lane == exec::Vec::S) {
      if (c.size() != 1 || c.s.size() != 1) throw Decline{"unexpected text constant"};
      v.text = true;
      v.text_vec = c;
      v.val = b_.getInt64(0);
      v.ok = b_.getInt1(c.valid[0] != 0);
      return v;
    }
    if (c.lane != exec::Vec::I || c.size() != 1 || c.i.size() != 1) throw Decline{"geo constant"};
    v.val = b_.getInt64(uint64_t(c.i[0]));
    v.ok = b_.getInt1(c.valid[0] != 0);
    return v;
  }

  V null_of(Logical t, int scale) {
    V v;
    v.type = t;
    v.scale = scale;
    v.null_type = true;
    v.val = b_.getInt64(0);
    v.ok = b_.getFalse();
    return v;
  }

  void no_text(const V& v, const char* where) {
    if (textual(v))
      throw Decline{std::string("text value in ") + where + ": the JIT compiles text only in comparisons and `in`"};
  }

  // ---- text ---------------------------------------------------------------------------------

  // The bytes of a text constant, as a private global (NUL-terminated, never read past `len`).
  llvm::Value* text_global(std::string_view s) {
    auto* init = llvm::ConstantDataArray::getString(ctx_, llvm::StringRef(s.data(), s.size()), true);
    auto* g = new llvm::GlobalVariable(mod_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, "text");
    g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    g->setAlignment(llvm::Align(1));
    return g;
  }
  // A text value as bytes + length (a constant becomes a global).
  V as_str(const V& c) {
    if (c.str) return c;
    if (!c.text || c.text_vec.s.size() != 1) throw Decline{"unexpected text value"};
    V v = c;
    v.text = false;
    v.str = true;
    v.sptr = text_global(c.text_vec.s[0]);
    v.slen = b_.getInt64(c.text_vec.s[0].size());
    return v;
  }
  std::string_view text_of(const V& c) { return c.text_vec.s[0]; }

  // bcmp(a, b, n) == 0 / memcmp(a, b, n) (libc; the backend expands a bcmp of a constant
  // length into a few loads).
  llvm::Value* bytes_equal(llvm::Value* a, llvm::Value* c, llvm::Value* n) {
    auto fn = mod_.getOrInsertFunction("bcmp", llvm::FunctionType::get(i32_, {ptr_, ptr_, i64_}, false));
    return b_.CreateICmpEQ(b_.CreateCall(fn, {a, c, n}), b_.getInt32(0));
  }
  // bytes_equal() for a length known only at run time: up to 16 bytes, two overlapping loads
  // of 8, 4, 2 or 1 bytes from each side (never past a + n, c + n); longer, bcmp.
  llvm::Value* bytes_equal_var(llvm::Value* a, llvm::Value* c, llvm::Value* n) {
    auto* done = llvm::BasicBlock::Create(ctx_, "beq.done", fn_);
    std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> in;
    auto branch = [&](llvm::Value* cond, const char* name) {  // to a new block if cond, else on
      auto* yes = llvm::BasicBlock::Create(ctx_, name, fn_);
      auto* no = llvm::BasicBlock::Create(ctx_, std::string(name) + ".else", fn_);
      b_.CreateCondBr(cond, yes, no);
      b_.SetInsertPoint(yes);
      return no;
    };
    auto finish = [&](llvm::Value* v, llvm::BasicBlock* next) {
      in.emplace_back(v, b_.GetInsertBlock());
      b_.CreateBr(done);
      if (next) b_.SetInsertPoint(next);
    };
    llvm::BasicBlock* next = branch(b_.CreateICmpUGT(n, b_.getInt64(16)), "beq.long");
    finish(bytes_equal(a, c, n), next);
    for (unsigned w : {8u, 4u, 2u}) {
      next = branch(b_.CreateICmpUGE(n, b_.getInt64(w)), w == 8 ? "beq.8" : w == 4 ? "beq.4" : "beq.2");
      llvm::Type* t = b_.getIntNTy(8 * w);
      llvm::Value* tail = b_.CreateSub(n, b_.getInt64(w));
      auto ld = [&](llvm::Value* base, llvm::Value* off) {
        llvm::Value* p = off ? b_.CreateGEP(i8_, base, off) : base;
        return b_.CreateAlignedLoad(t, p, llvm::MaybeAlign(1));
      };
      llvm::Value* head = b_.CreateXor(ld(a, nullptr), ld(c, nullptr));
      llvm::Value* diff = b_.CreateOr(head, b_.CreateXor(ld(a, tail), ld(c, tail)));
      finish(b_.CreateICmpEQ(diff, llvm::ConstantInt::get(t, 0)), next);
    }
    // 0 or 1 byte
    next = branch(b_.CreateICmpEQ(n, b_.getInt64(1)), "beq.1");
    finish(b_.CreateICmpEQ(b_.CreateLoad(i8_, a), b_.CreateLoad(i8_, c)), next);
    finish(b_.getTrue(), nullptr);
    b_.SetInsertPoint(done);
    auto* phi = b_.CreatePHI(i1_, unsigned(in.size()), "beq");
    for (const auto& [v, blk] : in) phi->addIncoming(v, blk);
    return phi;
  }
  llvm::Value* bytes_compare(llvm::Value* a, llvm::Value* c, llvm::Value* n) {
    auto fn = mod_.getOrInsertFunction("memcmp", llvm::FunctionType::get(i32_, {ptr_, ptr_, i64_}, false));
    return b_.CreateCall(fn, {a, c, n});
  }

  // `then` evaluated only when `cond` holds (it may read bytes that exist only then), else false.
  template <class Then>
  llvm::Value* if_then_bool(llvm::Value* cond, Then then, const char* name) {
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* yes = llvm::BasicBlock::Create(ctx_, std::string(name) + ".cmp", fn_);
    auto* done = llvm::BasicBlock::Create(ctx_, std::string(name) + ".done", fn_);
    b_.CreateCondBr(cond, yes, done);
    b_.SetInsertPoint(yes);
    llvm::Value* r = then();
    llvm::BasicBlock* yes_end = b_.GetInsertBlock();
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    auto* phi = b_.CreatePHI(i1_, 2, name);
    phi->addIncoming(b_.getFalse(), pre);
    phi->addIncoming(r, yes_end);
    return phi;
  }

  // Whether the run-time text x equals the constant s: lengths first, then the bytes.
  llvm::Value* text_eq_const(const V& x, std::string_view s) {
    llvm::Value* same_len = b_.CreateICmpEQ(x.slen, b_.getInt64(s.size()));
    if (s.empty()) return same_len;
    llvm::Value* g = text_global(s);
    return if_then_bool(same_len, [&] { return bytes_equal(x.sptr, g, b_.getInt64(s.size())); }, "teq");
  }
  // Whether two text values are equal (bytes and length).
  llvm::Value* text_eq(const V& a, const V& c) {
    if (a.text) return text_eq_const(c, text_of(a));
    if (c.text) return text_eq_const(a, text_of(c));
    llvm::Value* same_len = b_.CreateICmpEQ(a.slen, c.slen);
    return if_then_bool(same_len, [&] { return bytes_equal_var(a.sptr, c.sptr, a.slen); }, "teq");
  }
  // <0, 0, >0 as std::string_view::compare (bytes as unsigned char, then the length).
  llvm::Value* text_cmp(const V& a0, const V& c0) {
    V a = as_str(a0), c = as_str(c0);
    llvm::Value* shorter = b_.CreateICmpULT(a.slen, c.slen);
    llvm::Value* longer = b_.CreateICmpUGT(a.slen, c.slen);
    llvm::Value* m = b_.CreateSelect(shorter, a.slen, c.slen);
    llvm::Value* r = bytes_compare(a.sptr, c.sptr, m);
    llvm::Value* by_len = b_.CreateSelect(shorter, b_.getInt32(uint32_t(-1)), b_.CreateZExt(longer, i32_));
    return b_.CreateSelect(b_.CreateICmpEQ(r, b_.getInt32(0)), by_len, r);
  }

  // compare() with text on either side: both must be text (the interpreter compares the bytes).
  V compare_text(Op op, const V& a, const V& c) {
    if (!textual(a) || !textual(c) || a.type != Logical::Text || c.type != Logical::Text)
      throw Decline{std::string("comparison of ") + rt::logical_name(a.type) + " with " + rt::logical_name(c.type)};
    llvm::Value* ok = and_(a.ok, c.ok);
    if (a.text && c.text) {  // both constants
      int r = text_of(a).compare(text_of(c));
      bool v = op == Op::Eq ? r == 0 : op == Op::Ne ? r != 0 : op == Op::Lt ? r < 0
               : op == Op::Le ? r <= 0 : op == Op::Gt ? r > 0 : r >= 0;
      return make_bool(b_.getInt1(v), ok);
    }
    if (op == Op::Eq || op == Op::Ne) {
      llvm::Value* eq = text_eq(a, c);
      return make_bool(op == Op::Eq ? eq : b_.CreateNot(eq), ok);
    }
    llvm::Value* r = text_cmp(a, c);
    llvm::CmpInst::Predicate p = op == Op::Lt   ? llvm::CmpInst::ICMP_SLT
                                 : op == Op::Le ? llvm::CmpInst::ICMP_SLE
                                 : op == Op::Gt ? llvm::CmpInst::ICMP_SGT
                                                : llvm::CmpInst::ICMP_SGE;
    return make_bool(b_.CreateICmp(p, r, b_.getInt32(0)), ok);
  }

  // Whether the run-time text x is one of `values` (distinct): a switch on the length, then
  // the bytes of the values of that length.
  llvm::Value* text_in_consts(const V& x, const std::set<std::string>& values) {
    if (values.empty()) return b_.getFalse();
    std::map<size_t, std::vector<const std::string*>> by_len;
    for (const auto& v : values) by_len[v.size()].push_back(&v);
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* done = llvm::BasicBlock::Create(ctx_, "tin.done", fn_);
    auto* sw = b_.CreateSwitch(x.slen, done, unsigned(by_len.size()));
    std::vector<std::pair<llvm::Value*, llvm::BasicBlock*>> in;
    for (const auto& [len, strs] : by_len) {
      auto* blk = llvm::BasicBlock::Create(ctx_, "tin.len" + std::to_string(len), fn_);
      sw->addCase(b_.getInt64(len), blk);
      b_.SetInsertPoint(blk);
      llvm::Value* f = b_.getFalse();
      if (len == 0) f = b_.getTrue();
      else
        for (const std::string* s : strs) f = or_(f, bytes_equal(x.sptr, text_global(*s), b_.getInt64(len)));
      in.emplace_back(f, b_.GetInsertBlock());
      b_.CreateBr(done);
    }
    b_.SetInsertPoint(done);
    auto* phi = b_.CreatePHI(i1_, unsigned(in.size() + 1), "tin");
    phi->addIncoming(b_.getFalse(), pre);
    for (const auto& [v, blk] : in) phi->addIncoming(v, blk);
    return phi;
  }

  // Whether the run-time text x equals one of `count` (length, pointer) pairs at `pairs`.
  llvm::Value* text_search(const V& x, llvm::Value* pairs, llvm::Value* count) {
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* loop = llvm::BasicBlock::Create(ctx_, "tin.loop", fn_);
    auto* cmp = llvm::BasicBlock::Create(ctx_, "tin.cmp", fn_);
    auto* next = llvm::BasicBlock::Create(ctx_, "tin.next", fn_);
    auto* done = llvm::BasicBlock::Create(ctx_, "tin.done", fn_);
    b_.CreateCondBr(b_.CreateICmpEQ(count, b_.getInt64(0)), done, loop);
    b_.SetInsertPoint(loop);
    auto* q = b_.CreatePHI(i64_, 2, "q");
    q->addIncoming(b_.getInt64(0), pre);
    llvm::Value* q2 = b_.CreateShl(q, 1);
    llvm::Value* len = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, pairs, q2), "tin.l");
    llvm::Value* q1 = b_.CreateAdd(q, b_.getInt64(1));
    b_.CreateCondBr(b_.CreateICmpEQ(len, x.slen), cmp, next);
    b_.SetInsertPoint(cmp);
    llvm::Value* p = b_.CreateLoad(ptr_, b_.CreateInBoundsGEP(i64_, pairs, b_.CreateOr(q2, b_.getInt64(1))), "tin.p");
    llvm::Value* hit = bytes_equal_var(x.sptr, p, x.slen);
    llvm::BasicBlock* cmp_end = b_.GetInsertBlock();
    b_.CreateCondBr(hit, done, next);
    b_.SetInsertPoint(next);
    q->addIncoming(q1, next);
    b_.CreateCondBr(b_.CreateICmpULT(q1, count), loop, done);
    b_.SetInsertPoint(done);
    auto* found = b_.CreatePHI(i1_, 3, "tin");
    found->addIncoming(b_.getFalse(), pre);
    found->addIncoming(b_.getTrue(), cmp_end);
    found->addIncoming(b_.getFalse(), next);
    return found;
  }

  // `x [not] in LIST` with x text: a list of text literals or a list<text> param.
  V in_text(const Expr& e, const V& a, const Expr& le) {
    if (a.type != Logical::Text) throw Decline{std::string("`in` over ") + rt::logical_name(a.type) + " values"};
    if (le.kind == ExprKind::Param) {
      const plan::Param& p = plan_.params.at(size_t(le.param));
      if (!p.type.is(TypeKind::List)) throw Decline{"`in` over a non-list param"};
      if (p.type.element != TypeKind::Text)
        throw Decline{"text value `in` list param " + p.name + " of " + type_text(Type::of(p.type.element)) + " values"};
      if (list_uses_ == sig.lists.size()) sig.lists.push_back({le.param, 0, true});
      sig.scalar = true;
      size_t slot = list_uses_++;
      if (!sig.lists[slot].text) throw Decline{"internal: list slots out of order"};
      llvm::Value* pairs = ptr_slot(sig.ptr_list(slot));
      llvm::Value* count = scal_slot(sig.scal_list(slot));
      llvm::Value* has_null = b_.CreateICmpNE(scal_slot(sig.scal_list(slot) + 1), b_.getInt64(0));
      llvm::Value* found = text_search(as_str(a), pairs, count);
      llvm::Value* ok = and_(a.ok, or_(found, b_.CreateNot(has_null)));
      return make_bool(e.negated ? b_.CreateNot(found) : found, ok);
    }
    if (le.kind != ExprKind::List) throw Decline{"`in` over a computed list"};
    for (const auto& x : le.args)
      if (x->kind != ExprKind::Literal) throw Decline{"`in` over a list with non-literal elements"};
    // A very long list would be a constant array LLVM takes minutes to compile (10^6 items:
    // over 120 s); the interpreter searches it sorted, built once (eval.cpp).
    if (le.args.size() > kMaxCompiledInList) throw Decline{"`in` over more than 4,096 values (interpreted)"};
    if (!le.args.empty() && le.args[0]->literal.kind == plan::LiteralKind::Null)
      throw Decline{"`in` list starting with null (interpreted)"};
    static const exec::Frame kNoFrame;
    static const exec::ParamValues kNoParams;
    exec::EvalContext ectx{plan_, layout_, kNoFrame, kNoParams, nullptr};
    exec::Vec list = exec::eval(le, ectx, 0, 1);
    // An empty list has no element type (its lane is the interpreter's default): found nowhere.
    if (list.size() > 0 && (list.lane != exec::Vec::S || list.s.size() != list.valid.size()))
      throw Decline{"text value `in` a list of non-text values"};
    bool has_null = false;
    std::set<std::string> values;
    for (size_t k = 0; k < list.size(); ++k) {
      if (!list.valid[k]) has_null = true;
      else values.insert(std::string(list.s[k]));
    }
    llvm::Value* found;
    if (a.text) found = b_.getInt1(values.count(std::string(text_of(a))) > 0);
    else found = text_in_consts(a, values);
    llvm::Value* ok = a.ok;
    if (has_null) ok = and_(ok, found);  // not found with a null in the list: unknown
    return make_bool(e.negated ? b_.CreateNot(found) : found, ok);
  }

  // align_scales(): the operand with the lower scale is multiplied up, saturating for a
  // comparison (exec::sat_mul); for a value (`if` branches) a value that does not fit at the
  // finer scale is an overflow (E0560), as the interpreter's align_values.
  void align_scales(V& a, V& c, bool value = false) {
    if (a.scale == c.scale) return;
    V& low = a.scale < c.scale ? a : c;
    int hi = std::max(a.scale, c.scale);
    llvm::Value* f = b_.getInt64(uint64_t(pow10(hi - low.scale)));
    if (value && !low.null_type) {
      llvm::Value* pr = b_.CreateBinaryIntrinsic(llvm::Intrinsic::smul_with_overflow, low.val, f);
      flag_overflow(and_(low.ok, b_.CreateExtractValue(pr, 1)));
    }
    low.val = sat_mul(low.val, f);
    low.scale = hi;
  }
  // align_dates(): a date compared with a datetime means midnight of that day.
  void align_dates(V& a, V& c) {
    if (a.type == c.type || !is_date_like(a.type) || !is_date_like(c.type)) return;
    V& d = a.type == Logical::Date ? a : c;
    d.val = sat_mul(d.val, b_.getInt64(86400));
    d.type = Logical::DateTime;
  }

  V make_bool(llvm::Value* val_i1, llvm::Value* ok) {
    V v;
    v.type = Logical::Bool;
    v.val = b_.CreateZExt(val_i1, i64_);
    v.ok = ok;
    return v;
  }
  V null_bool() { return null_of(Logical::Bool, 0); }

  // i1 and/or that skip constant operands (keeps the unoptimised IR readable).
  llvm::Value* and_(llvm::Value* a, llvm::Value* c) {
    if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(a)) return k->isOne() ? c : a;
    if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(c)) return k->isOne() ? a : c;
    return b_.CreateAnd(a, c);
  }
  llvm::Value* or_(llvm::Value* a, llvm::Value* c) {
    if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(a)) return k->isZero() ? c : a;
    if (auto* k = llvm::dyn_cast<llvm::ConstantInt>(c)) return k->isZero() ? a : c;
    return b_.CreateOr(a, c);
  }

  // ---- operators (each mirrors its counterpart in eval.cpp) ---------------------------------

  V compare(Op op, V a, V c) {
    if (a.null_type || c.null_type) return null_bool();
    // prepare_pair: a text literal on one side is parsed as the other side's type.
    if (a.text && !c.text && text_coercible_to(c.type)) a = constant(exec::coerce_text_to(a.text_vec, c.type));
    if (c.text && !a.text && text_coercible_to(a.type)) c = constant(exec::coerce_text_to(c.text_vec, a.type));
    if (a.null_type || c.null_type) return null_bool();
    if (textual(a) || textual(c)) return compare_text(op, a, c);
    align_scales(a, c);
    align_dates(a, c);
    llvm::CmpInst::Predicate p = op == Op::Eq   ? llvm::CmpInst::ICMP_EQ
                                 : op == Op::Ne ? llvm::CmpInst::ICMP_NE
                                 : op == Op::Lt ? llvm::CmpInst::ICMP_SLT
                                 : op == Op::Le ? llvm::CmpInst::ICMP_SLE
                                 : op == Op::Gt ? llvm::CmpInst::ICMP_SGT
                                                : llvm::CmpInst::ICMP_SGE;
    return make_bool(b_.CreateICmp(p, a.val, c.val), and_(a.ok, c.ok));
  }

  // Truth of a value in logic(): present and non-zero / present and zero.
  std::pair<llvm::Value*, llvm::Value*> truth(const V& v) {
    if (v.null_type) return {b_.getFalse(), b_.getFalse()};
    llvm::Value* nz = b_.CreateICmpNE(v.val, b_.getInt64(0));
    return {and_(v.ok, nz), and_(v.ok, b_.CreateNot(nz))};
  }

  V logic(Op op, const V& a, const V& c) {
    no_text(a, plan::op_text(op));
    no_text(c, plan::op_text(op));
    auto [at, af] = truth(a);
    auto [ct, cf] = truth(c);
    if (op == Op::And) {
      llvm::Value* f = or_(af, cf);
      llvm::Value* t = and_(at, ct);
      return make_bool(t, or_(f, t));
    }
    llvm::Value* t = or_(at, ct);
    llvm::Value* f = and_(af, cf);
    return make_bool(t, or_(t, f));
  }

  V arith(Op op, V a, V c, Logical result) {
    if (!fixed_width(result))
      throw Decline{std::string("`") + plan::op_text(op) + "` on " + rt::logical_name(result) + " values"};
    int out = scale_of(result);
    if (a.null_type || c.null_type) return null_of(result, out);
    no_text(a, "arithmetic");
    no_text(c, "arithmetic");
    V r;
    r.type = result;
    r.scale = out;
    llvm::Value* ok = and_(a.ok, c.ok);
    llvm::Value* x = a.val;
    llvm::Value* y = c.val;
    int sx = a.scale, sy = c.scale;
    llvm::Type* i128 = llvm::Type::getInt128Ty(ctx_);
    auto c128 = [&](int64_t v) { return llvm::ConstantInt::get(i128, uint64_t(v), true); };
    auto mulc = [&](llvm::Value* v, int64_t f) { return f == 1 ? v : b_.CreateMul(v, c128(f)); };
    llvm::Value* x128 = b_.CreateSExt(x, i128);
    llvm::Value* y128 = b_.CreateSExt(y, i128);
    // Exact in 128 bits as the interpreter (runtime/exec/eval.cpp, arith), then checked.
    llvm::Value* bad = nullptr;
    // Without rescaling (int + int, money + money) in 64 bits, checked; otherwise exact in
    // 128 bits, then checked.
    // The sign test of Hacker's Delight (2-13) rather than sadd.with.overflow, whose struct
    // result the loop vectoriser does not take: the direct variant stays vectorised.
    if ((op == Op::Add || op == Op::Sub) && sx == sy && sy == out) {
      llvm::Value* v = op == Op::Add ? b_.CreateAdd(x, y) : b_.CreateSub(x, y);
      llvm::Value* sign = op == Op::Add ? b_.CreateAnd(b_.CreateXor(x, v), b_.CreateXor(y, v))
                                        : b_.CreateAnd(b_.CreateXor(x, y), b_.CreateXor(x, v));
      bad = b_.CreateICmpSLT(sign, b_.getInt64(0));
      r.val = v;
    } else if (op == Op::Add || op == Op::Sub) {
      int s = std::max(sx, sy);
      llvm::Value* xs = mulc(x128, pow10(s - sx));
      llvm::Value* ys = mulc(y128, pow10(s - sy));
      llvm::Value* v = op == Op::Add ? b_.CreateAdd(xs, ys) : b_.CreateSub(xs, ys);
      // |v| < 2^65 · 10^4: scaling up by 10^4 more stays inside 128 bits.
      v = mulc(v, pow10(out - s));
      bad = outside_int64(v);
      r.val = b_.CreateTrunc(v, i64_);
    } else if (op == Op::Mul) {
      int s = sx + sy;
      llvm::Value* p = b_.CreateMul(x128, y128);  // |p| <= 2^126
      if (s > out) {  // the product is divided back: exact in 128 bits
        p = b_.CreateSDiv(p, c128(pow10(s - out)));
        bad = outside_int64(p);
      } else {
        // Scaled up only matters when p fits int64 (else it overflows anyway), and then the
        // scaled value fits 128 bits.
        llvm::Value* q = mulc(p, pow10(out - s));
        bad = b_.CreateOr(outside_int64(p), outside_int64(q));
        p = q;
      }
      r.val = b_.CreateTrunc(p, i64_);
    } else if (op == Op::Div) {
      // Division by zero is null; (x·10^(sy+out)) / (y·10^sx) in 128 bits.
      llvm::Value* zero = b_.CreateICmpEQ(y, b_.getInt64(0));
      ok = b_.CreateAnd(ok, b_.CreateNot(zero));
      llvm::Value* ys = b_.CreateSelect(zero, b_.getInt64(1), y);
      llvm::Value* num = b_.CreateMul(x128, c128(pow10(sy + out)));
      llvm::Value* den = b_.CreateMul(b_.CreateSExt(ys, i128), c128(pow10(sx)));
      llvm::Value* q = b_.CreateSDiv(num, den);
      bad = outside_int64(q);  // the minimum over -1
      r.val = b_.CreateTrunc(q, i64_);
    } else if (op == Op::Mod) {
      // x % y on the raw values (no scaling); % 0 is null, % -1 is 0 (as in 128 bits).
      llvm::Value* zero = b_.CreateICmpEQ(y, b_.getInt64(0));
      llvm::Value* minus1 = b_.CreateICmpEQ(y, b_.getInt64(uint64_t(-1)));
      ok = b_.CreateAnd(ok, b_.CreateNot(zero));
      llvm::Value* ys = b_.CreateSelect(b_.CreateOr(zero, minus1), b_.getInt64(1), y);
      r.val = b_.CreateSelect(minus1, b_.getInt64(0), b_.CreateSRem(x, ys));
    } else {
      throw Decline{std::string("operator ") + plan::op_text(op)};
    }
    if (bad) flag_overflow(b_.CreateAnd(ok, bad));
    r.ok = ok;
    return r;
  }

  V in(const Expr& e) {
    V a = gen(*e.args[0]);
    const Expr& le = *e.args[1];
    if (a.null_type) {
      // The list is still checked for being compilable, so that the decision does not depend
      // on the left side being a literal null.
      if (le.kind != ExprKind::List && le.kind != ExprKind::Param) throw Decline{"`in` over a non-list"};
      return null_bool();
    }
    if (textual(a)) return in_text(e, a, le);
    if (le.kind == ExprKind::Param) return in_param(e, a, le);
    if (le.kind != ExprKind::List) throw Decline{"`in` over a computed list"};
    for (const auto& x : le.args)
      if (x->kind != ExprKind::Literal) throw Decline{"`in` over a list with non-literal elements"};
    // A very long list would be a constant array LLVM takes minutes to compile (10^6 items:
    // over 120 s); the interpreter searches it sorted, built once (eval.cpp).
    if (le.args.size() > kMaxCompiledInList) throw Decline{"`in` over more than 4,096 values (interpreted)"};
    if (!le.args.empty() && le.args[0]->literal.kind == plan::LiteralKind::Null)
      throw Decline{"`in` list starting with null (interpreted)"};
    // The list as the interpreter builds it (eval of List only evaluates the literals).
    static const exec::Frame kNoFrame;
    static const exec::ParamValues kNoParams;
    exec::EvalContext ectx{plan_, layout_, kNoFrame, kNoParams, nullptr};
    exec::Vec list = exec::eval(le, ectx, 0, 1);
    if (list.lane == exec::Vec::S) {
      if (!text_coercible_to(a.type)) throw Decline{"`in` over a text list"};
      if (list.s.size() != list.valid.size()) throw Decline{"malformed text list"};
      list = exec::coerce_text_to(list, a.type);
    }
    if (list.lane != exec::Vec::I || list.i.size() != list.valid.size()) throw Decline{"`in` over a non-integer list"};
    // align_scales(a, list)
    if (list.scale < a.scale) {
      for (auto& x : list.i) x = exec::sat_mul(x, pow10(a.scale - list.scale));
    } else if (a.scale < list.scale) {
      a.val = sat_mul(a.val, b_.getInt64(uint64_t(pow10(list.scale - a.scale))));
    }
    bool has_null = false;
    std::vector<int64_t> values;
    for (size_t k = 0; k < list.size(); ++k) {
      if (!list.valid[k]) has_null = true;
      else values.push_back(list.i[k]);
    }
    llvm::Value* found = b_.getFalse();
    if (values.size() <= 64) {
      for (int64_t x : values) found = b_.CreateOr(found, b_.CreateICmpEQ(a.val, b_.getInt64(uint64_t(x))));
    } else {
      auto* arr_ty = llvm::ArrayType::get(i64_, values.size());
      std::vector<llvm::Constant*> cs;
      for (int64_t x : values) cs.push_back(b_.getInt64(uint64_t(x)));
      auto* g = new llvm::GlobalVariable(mod_, arr_ty, true, llvm::GlobalValue::PrivateLinkage,
                                         llvm::ConstantArray::get(arr_ty, cs), "inlist");
      found = search(a.val, g, nullptr, b_.getInt64(values.size()), nullptr);
    }
    llvm::Value* ok = a.ok;
    if (has_null) ok = and_(ok, found);  // not found with a null in the list: unknown
    return make_bool(e.negated ? b_.CreateNot(found) : found, ok);
  }

  V in_param(const Expr& e, V a, const Expr& le) {
    const plan::Param& p = plan_.params.at(size_t(le.param));
    if (!p.type.is(TypeKind::List)) throw Decline{"`in` over a non-list param"};
    Logical et = exec::to_logical(p.type.element);
    if (!fixed_width(et) || p.type.element == TypeKind::Null)
      throw Decline{"list param " + p.name + " holds " + type_text(Type::of(p.type.element)) + " values"};
    // One slot per use, in the order of generation: the second function (direct) meets the
    // uses in the same order and reuses the slots.
    if (list_uses_ == sig.lists.size()) sig.lists.push_back({le.param, a.scale});
    size_t slot = list_uses_++;
    llvm::Value* vals = ptr_slot(sig.ptr_list(slot));
    llvm::Value* valid = ptr_slot(sig.ptr_list(slot) + 1);
    llvm::Value* len = scal_slot(sig.scal_list(slot));
    llvm::Value* has_null = b_.CreateICmpNE(scal_slot(sig.scal_list(slot) + 1), b_.getInt64(0));
    llvm::Value* fa = scal_slot(sig.scal_list(slot) + 2);
    llvm::Value* fl = scal_slot(sig.scal_list(slot) + 3);
    llvm::Value* x = sat_mul(a.val, fa);
    llvm::Value* found = search(x, vals, valid, len, fl);
    llvm::Value* ok = and_(a.ok, or_(found, b_.CreateNot(has_null)));
    return make_bool(e.negated ? b_.CreateNot(found) : found, ok);
  }

  // Whether x equals a present element of vals[0..len) (each multiplied by `factor` if given).
  llvm::Value* search(llvm::Value* x, llvm::Value* vals, llvm::Value* valid, llvm::Value* len, llvm::Value* factor) {
    llvm::BasicBlock* pre = b_.GetInsertBlock();
    auto* loop = llvm::BasicBlock::Create(ctx_, "in.loop", fn_);
    auto* done = llvm::BasicBlock::Create(ctx_, "in.done", fn_);
    b_.CreateCondBr(b_.CreateICmpEQ(len, b_.getInt64(0)), done, loop);
    b_.SetInsertPoint(loop);
    auto* q = b_.CreatePHI(i64_, 2, "q");
    auto* f = b_.CreatePHI(i1_, 2, "f");
    q->addIncoming(b_.getInt64(0), pre);
    f->addIncoming(b_.getFalse(), pre);
    llvm::Value* el = b_.CreateLoad(i64_, b_.CreateInBoundsGEP(i64_, vals, q));
    if (factor) el = sat_mul(el, factor);
    llvm::Value* hit = b_.CreateICmpEQ(el, x);
    if (valid) {
      llvm::Value* vb = b_.CreateLoad(i8_, b_.CreateInBoundsGEP(i8_, valid, q));
      hit = b_.CreateAnd(hit, b_.CreateICmpNE(vb, b_.getInt8(0)));
    }
    llvm::Value* f1 = b_.CreateOr(f, hit);
    llvm::Value* q1 = b_.CreateAdd(q, b_.getInt64(1));
    q->addIncoming(q1, loop);
    f->addIncoming(f1, loop);
    b_.CreateCondBr(b_.CreateICmpULT(q1, len), loop, done);
    b_.SetInsertPoint(done);
    auto* res = b_.CreatePHI(i1_, 2, "found");
    res->addIncoming(b_.getFalse(), pre);
    res->addIncoming(f1, loop);
    return res;
  }

  V gen(const Expr& e) {
    switch (e.kind) {
      case ExprKind::Literal:
        if (e.type.is_error()) throw Decline{"expression with a type error"};
        return constant(exec::literal_vec(e.literal, e.type.kind));
      case ExprKind::Param:
        return param(e);
      case ExprKind::Column:
        return column(e, false);
      case ExprKind::Derived:
        return derived(e);
      case ExprKind::Call:
        throw Decline{std::string("function call ") + plan::fn_name(e.fn) + "() (interpreted)"};
      case ExprKind::Aggregate:
        throw Decline{std::string("aggregate ") + plan::fn_name(e.fn) + "()"};
      case ExprKind::List:
        throw Decline{"list value"};
      case ExprKind::Unary: {
        V a = gen(*e.args[0]);
        no_text(a, e.op == Op::Not ? "`not`" : "unary minus");
        if (e.op == Op::Not) {
          if (a.null_type) return null_bool();
          return make_bool(b_.CreateICmpEQ(a.val, b_.getInt64(0)), a.ok);
        }
        if (!a.null_type) {
          // -(-2^63) does not fit: flagged as the interpreter reports it (E0560).
          flag_overflow(and_(a.ok, b_.CreateICmpEQ(a.val, b_.getInt64(uint64_t(INT64_MIN)))));
          a.val = b_.CreateNeg(a.val);
        }
        return a;
      }
      case ExprKind::Binary: {
        V a = gen(*e.args[0]);
        V c = gen(*e.args[1]);
        if (plan::is_logic(e.op)) return logic(e.op, a, c);
        if (plan::is_comparison(e.op)) return compare(e.op, a, c);
        return arith(e.op, a, c, exec::to_logical(e.type.kind));
      }
      case ExprKind::In:
        return in(e);
      case ExprKind::Between: {
        V v = gen(*e.args[0]);
        V lo = gen(*e.args[1]);
        V hi = gen(*e.args[2]);
        V both = logic(Op::And, compare(Op::Ge, v, lo), compare(Op::Le, v, hi));
        if (e.negated) both.val = b_.CreateXor(both.val, b_.getInt64(1));
        return both;
      }
      case ExprKind::IsNull: {
        const Expr& x = *e.args[0];
        V a = x.kind == ExprKind::Column ? column(x, true) : gen(x);
        if (a.null_type) return make_bool(b_.getInt1(!e.negated), b_.getTrue());
        return make_bool(e.negated ? a.ok : b_.CreateNot(a.ok), b_.getTrue());
      }
      case ExprKind::If: {
        V c = gen(*e.args[0]);
        V x = gen(*e.args[1]);
        V y = gen(*e.args[2]);
        no_text(c, "an `if` condition");
        no_text(x, "an `if` branch");
        no_text(y, "an `if` branch");
        llvm::Value* take = truth(c).first;
        // A null branch takes the other branch's type and scale (all rows null).
        if (x.null_type) {
          x = null_of(y.type, y.scale);
          x.null_type = false;
        }
        if (y.null_type) {
          y = null_of(x.type, x.scale);
          y.null_type = false;
        }
        if (!fixed_width(x.type) || !fixed_width(y.type)) throw Decline{"`if` with no fixed-width branch"};
        Logical t = exec::to_logical(e.type.kind);
        if (!fixed_width(t)) throw Decline{"`if` of type " + type_text(e.type)};
        align_scales(x, y, /*value=*/true);
        V r;
        r.type = t;
        r.scale = x.scale;
        r.val = b_.CreateSelect(take, x.val, y.val);
        r.ok = b_.CreateSelect(take, x.ok, y.ok);
        return r;
      }
    }
    throw Decline{"unknown expression"};
  }

  const plan::Plan& plan_;
  const plan::Layout& layout_;
  llvm::Module& mod_;
  llvm::LLVMContext& ctx_;
  llvm::IRBuilder<> b_;
  const llvm::TargetMachine* tm_;
  llvm::Type *i1_, *i8_, *i32_, *i64_;
  llvm::PointerType* ptr_;
  llvm::Function* fn_ = nullptr;
  llvm::Value *ptrs_ = nullptr, *scal_ = nullptr, *row_i_ = nullptr;
  llvm::AllocaInst* mask_ = nullptr;
  llvm::AllocaInst* ovf_ = nullptr;
  llvm::Value* row_bad_ = nullptr;
  llvm::Instruction* entry_br_ = nullptr;
  bool direct_ = false;
  size_t list_uses_ = 0;
  std::map<int, std::pair<llvm::Value*, llvm::Value*>> rows_;
  std::map<std::pair<int, size_t>, llvm::Value*> invariant_;
  std::map<std::pair<size_t, bool>, V> columns_;
};

}  // namespace

namespace {

template <class EmitFn>
Lowered lower_with(const plan::Plan& physical, const plan::Layout& layout, llvm::Module& mod,
                   const std::string& name, const llvm::TargetMachine* tm, unsigned variants, EmitFn emit) {
  Lowered out;
  Lowerer l(physical, layout, mod, tm);
  try {
    // A first pass fixes the signature (slot offsets depend on how many inputs of each kind
    // there are); the two functions are then generated against the final layout.
    emit(l, name + "_sig", false);
    mod.getFunction(name + "_sig")->eraseFromParent();
    std::vector<llvm::GlobalVariable*> unused;
    for (auto& g : mod.globals())
      if (g.use_empty()) unused.push_back(&g);
    for (auto* g : unused) g->eraseFromParent();
    if (variants & kGather) emit(l, name + "_gather", false);
    if (variants & kDirect) emit(l, name + "_direct", true);
  } catch (const Decline& d) {
    out.why = d.why;
    return out;
  } catch (const std::out_of_range&) {
    out.why = "reference outside the plan (binding, field, param or derived index)";
    return out;
  }
  std::string err;
  llvm::raw_string_ostream es(err);
  if (llvm::verifyModule(mod, &es)) {
    out.why = "internal: generated IR does not verify: " + es.str();
    return out;
  }
  out.ok = true;
  out.sig = std::move(l.sig);
  return out;
}

}  // namespace

Lowered lower_condition(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& cond,
                        llvm::Module& mod, const std::string& name, const llvm::TargetMachine* tm, unsigned variants) {
  return lower_with(physical, layout, mod, name, tm, variants,
                    [&](Lowerer& l, const std::string& fn, bool direct) { l.emit(fn, cond, direct); });
}

Lowered lower_projection(const plan::Plan& physical, const plan::Layout& layout, const plan::Expr& e,
                         llvm::Module& mod, const std::string& name, const llvm::TargetMachine* tm, unsigned variants,
                         bool allow_plain) {
  if (!allow_plain && (e.kind == ExprKind::Column || e.kind == ExprKind::Derived || e.kind == ExprKind::Param ||
                       e.kind == ExprKind::Literal)) {
    Lowered out;
    out.why = "a plain reference: nothing to compute, the interpreter copies it";
    return out;
  }
  return lower_with(physical, layout, mod, name, tm, variants,
                    [&](Lowerer& l, const std::string& n, bool direct) { l.emit_projection(n, e, direct); });
}

// The probe loop. Two nested loops, so that the next probe row never waits for a load of the
// hash table: the outer one over probe rows (null key, [min, max] check, hash, open-addressing
// walk), the inner one along a matching key's `next` chain. Leaving the chain is a branch on
// next[b] (predicted: most chains have one row) and the outer loop resumes at p + 1, computed
// from p alone; a single loop that selects p or p + 1 from next[b] makes every probe row
// after a match wait for that cache miss (2x slower than the C++ loop at 50% hits).
// Each row also prefetches the table slot of row p + kProbePrefetch (if its key is in range),
// so that the slot's cache lines are in flight while the rows before it are probed; reads
// stay within the rows [0, n) given in ptrs/scal.
constexpr int64_t kProbePrefetch = 16;

void lower_int64_probe(llvm::Module& mod, const std::string& name, const llvm::TargetMachine* tm) {
  llvm::LLVMContext& ctx = mod.getContext();
  llvm::IRBuilder<> b(ctx);
  llvm::Type* i8 = b.getInt8Ty();
  llvm::Type* i32 = b.getInt32Ty();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::Type* ptr = llvm::PointerType::get(ctx, 0);
  auto* fty = llvm::FunctionType::get(i64, {ptr, ptr, ptr, ptr, i64, ptr}, false);
  auto* fn = llvm::Function::Create(fty, llvm::Function::ExternalLinkage, name, mod);
  fn->addFnAttr(llvm::Attribute::NoUnwind);
  if (tm) {
    fn->addFnAttr("target-cpu", tm->getTargetCPU());
    fn->addFnAttr("target-features", tm->getTargetFeatureString());
  }
  for (unsigned a : {0u, 1u, 2u, 3u, 5u}) {
    fn->addParamAttr(a, llvm::Attribute::NoAlias);
    fn->addParamAttr(a, llvm::Attribute::NoCapture);
  }
  auto arg = fn->arg_begin();
  llvm::Value *ptrs = &*arg++, *scal = &*arg++, *out_p = &*arg++, *out_b = &*arg++, *cap = &*arg++, *state = &*arg++;
  ptrs->setName("ptrs");
  scal->setName("scal");
  out_p->setName("out_probe");
  out_b->setName("out_build");
  cap->setName("cap");
  state->setName("state");
  auto block = [&](const char* n) { return llvm::BasicBlock::Create(ctx, n, fn); };
  auto *entry = block("entry"), *rows = block("rows"), *pf_check = block("prefetch.check"), *pf = block("prefetch"),
       *row = block("row"), *key = block("key"), *skip_range = block("skip.range"), *hash = block("hash"),
       *slot = block("slot"), *cmp = block("slot.cmp"), *step = block("slot.next"), *advance = block("advance"),
       *chain = block("chain"), *emit = block("emit"), *chain_end = block("chain.end"), *save = block("save");

  b.SetInsertPoint(entry);
  auto ld_ptr = [&](unsigned k, const char* n) { return b.CreateLoad(ptr, b.CreateConstInBoundsGEP1_64(ptr, ptrs, k), n); };
  auto ld_i64 = [&](llvm::Value* base, unsigned k, const char* n) {
    return b.CreateLoad(i64, b.CreateConstInBoundsGEP1_64(i64, base, k), n);
  };
  llvm::Value *pkeys = ld_ptr(0, "probe.keys"), *pvalid = ld_ptr(1, "probe.valid"), *tkeys = ld_ptr(2, "slot.keys"),
              *heads = ld_ptr(3, "slot.heads"), *nexts = ld_ptr(4, "next");
  llvm::Value *mask = ld_i64(scal, 0, "mask"), *lo = ld_i64(scal, 1, "lo"), *hi = ld_i64(scal, 2, "hi"),
              *np = ld_i64(scal, 3, "n");
  llvm::Value *p0 = ld_i64(state, 0, "p0"), *b0 = ld_i64(state, 1, "b0"), *sk0 = ld_i64(state, 2, "skipped0");
  b.CreateCondBr(b.CreateICmpSGE(b0, b.getInt64(0)), chain, rows);

  // exec::key_hash(k) & mask, as Int64Table
  auto slot_of = [&](llvm::Value* k) {
    llvm::Value* x = k;
    x = b.CreateXor(x, b.CreateLShr(x, 33));
    x = b.CreateMul(x, b.getInt64(0xff51afd7ed558ccdULL));
    x = b.CreateXor(x, b.CreateLShr(x, 33));
    x = b.CreateMul(x, b.getInt64(0xc4ceb9fe1a85ec53ULL));
    x = b.CreateXor(x, b.CreateLShr(x, 33));
    return b.CreateAnd(x, mask);
  };
  auto out_of_range = [&](llvm::Value* k) { return b.CreateOr(b.CreateICmpSLT(k, lo), b.CreateICmpSGT(k, hi)); };

  // rows: p (probe row), cnt (pairs written), sk (range skips)
  b.SetInsertPoint(rows);
  auto* p = b.CreatePHI(i64, 4, "p");
  auto* cnt = b.CreatePHI(i64, 4, "cnt");
  auto* sk = b.CreatePHI(i64, 4, "sk");
  p->addIncoming(p0, entry);
  cnt->addIncoming(b.getInt64(0), entry);
  sk->addIncoming(sk0, entry);
  b.CreateCondBr(b.CreateICmpSLT(p, np), pf_check, save);

  // prefetch: the slot of row p + kProbePrefetch, if there is such a row and its key is in range
  b.SetInsertPoint(pf_check);
  llvm::Value* q = b.CreateAdd(p, b.getInt64(kProbePrefetch), "q");
  b.CreateCondBr(b.CreateICmpSLT(q, np), pf, row);
  b.SetInsertPoint(pf);
  {
    llvm::Value* kq = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, pkeys, q), "kq");
    auto* pf_do = block("prefetch.do");
    b.CreateCondBr(out_of_range(kq), row, pf_do);
    b.SetInsertPoint(pf_do);
    llvm::Value* sq = slot_of(kq);
    llvm::Function* prefetch = llvm::Intrinsic::getDeclaration(&mod, llvm::Intrinsic::prefetch, {ptr});
    for (auto [base, ty] : {std::pair{heads, i32}, std::pair{tkeys, i64}})
      b.CreateCall(prefetch, {b.CreateInBoundsGEP(ty, base, sq), b.getInt32(0), b.getInt32(3), b.getInt32(1)});
    b.CreateBr(row);
  }

  b.SetInsertPoint(row);
  llvm::Value* vb = b.CreateLoad(i8, b.CreateInBoundsGEP(i8, pvalid, p), "valid");
  b.CreateCondBr(b.CreateICmpNE(vb, b.getInt8(0)), key, advance);
  b.SetInsertPoint(key);
  llvm::Value* k = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, pkeys, p), "k");
  b.CreateCondBr(out_of_range(k), skip_range, hash);
  b.SetInsertPoint(skip_range);
  llvm::Value* p_skip = b.CreateAdd(p, b.getInt64(1));
  p->addIncoming(p_skip, skip_range);
  cnt->addIncoming(cnt, skip_range);
  sk->addIncoming(b.CreateAdd(sk, b.getInt64(1)), skip_range);
  b.CreateBr(rows);

  b.SetInsertPoint(hash);
  llvm::Value* s0 = slot_of(k);
  b.CreateBr(slot);
  b.SetInsertPoint(slot);
  auto* s = b.CreatePHI(i64, 2, "s");
  s->addIncoming(s0, hash);
  llvm::Value* h = b.CreateSExt(b.CreateLoad(i32, b.CreateInBoundsGEP(i32, heads, s)), i64, "head");
  b.CreateCondBr(b.CreateICmpSGE(h, b.getInt64(0)), cmp, advance);
  b.SetInsertPoint(cmp);
  llvm::Value* sk_key = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, tkeys, s), "slot.key");
  b.CreateCondBr(b.CreateICmpEQ(sk_key, k), chain, step);
  b.SetInsertPoint(step);
  s->addIncoming(b.CreateAnd(b.CreateAdd(s, b.getInt64(1)), mask), step);
  b.CreateBr(slot);

  b.SetInsertPoint(advance);  // null key or no match: the next probe row
  p->addIncoming(b.CreateAdd(p, b.getInt64(1)), advance);
  cnt->addIncoming(cnt, advance);
  sk->addIncoming(sk, advance);
  b.CreateBr(rows);

  // chain: emit (p, b) for each build row of the chain that starts at head[s] (or at the
  // pending row of state), unless the buffer is full
  b.SetInsertPoint(chain);
  auto* cp = b.CreatePHI(i64, 3, "chain.p");
  auto* cb = b.CreatePHI(i64, 3, "chain.b");
  auto* cc = b.CreatePHI(i64, 3, "chain.cnt");
  auto* cs = b.CreatePHI(i64, 3, "chain.sk");
  cp->addIncoming(p0, entry);
  cb->addIncoming(b0, entry);
  cc->addIncoming(b.getInt64(0), entry);
  cs->addIncoming(sk0, entry);
  cp->addIncoming(p, cmp);
  cb->addIncoming(h, cmp);
  cc->addIncoming(cnt, cmp);
  cs->addIncoming(sk, cmp);
  b.CreateCondBr(b.CreateICmpUGE(cc, cap), save, emit);
  b.SetInsertPoint(emit);
  b.CreateStore(b.CreateTrunc(cp, i32), b.CreateInBoundsGEP(i32, out_p, cc));
  b.CreateStore(b.CreateTrunc(cb, i32), b.CreateInBoundsGEP(i32, out_b, cc));
  llvm::Value* cc1 = b.CreateAdd(cc, b.getInt64(1), "chain.cnt.next");
  llvm::Value* nb = b.CreateSExt(b.CreateLoad(i32, b.CreateInBoundsGEP(i32, nexts, cb)), i64, "b.next");
  cp->addIncoming(cp, emit);
  cb->addIncoming(nb, emit);
  cc->addIncoming(cc1, emit);
  cs->addIncoming(cs, emit);
  b.CreateCondBr(b.CreateICmpSGE(nb, b.getInt64(0)), chain, chain_end);
  b.SetInsertPoint(chain_end);  // the chain is done: the next probe row
  p->addIncoming(b.CreateAdd(cp, b.getInt64(1)), chain_end);
  cnt->addIncoming(cc1, chain_end);
  sk->addIncoming(cs, chain_end);
  b.CreateBr(rows);

  b.SetInsertPoint(save);
  auto* sp = b.CreatePHI(i64, 2, "save.p");
  auto* sb = b.CreatePHI(i64, 2, "save.b");
  auto* sc = b.CreatePHI(i64, 2, "save.cnt");
  auto* ss = b.CreatePHI(i64, 2, "save.sk");
  sp->addIncoming(p, rows);
  sb->addIncoming(b.getInt64(-1), rows);
  sc->addIncoming(cnt, rows);
  ss->addIncoming(sk, rows);
  sp->addIncoming(cp, chain);
  sb->addIncoming(cb, chain);
  sc->addIncoming(cc, chain);
  ss->addIncoming(cs, chain);
  b.CreateStore(sp, b.CreateConstInBoundsGEP1_64(i64, state, 0));
  b.CreateStore(sb, b.CreateConstInBoundsGEP1_64(i64, state, 1));
  b.CreateStore(ss, b.CreateConstInBoundsGEP1_64(i64, state, 2));
  b.CreateRet(sc);
}

void init_llvm_native() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

std::unique_ptr<llvm::TargetMachine> host_target_machine(std::string* error) {
  init_llvm_native();
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    if (error) *error = llvm::toString(jtmb.takeError());
    return nullptr;
  }
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    if (error) *error = llvm::toString(tm.takeError());
    return nullptr;
  }
  return std::move(*tm);
}

void prepare_module(llvm::Module& mod, const llvm::TargetMachine& tm) {
  mod.setDataLayout(tm.createDataLayout());
  mod.setTargetTriple(tm.getTargetTriple().str());
}

void optimize_module(llvm::Module& mod, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions pto;  // vectorisation is off by default outside clang
  pto.LoopVectorization = true;
  pto.SLPVectorization = true;
  pto.LoopUnrolling = true;
  llvm::PassBuilder pb(&tm, pto);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(mod, mam);
}

std::string module_text(const llvm::Module& mod) {
  std::string s;
  llvm::raw_string_ostream os(s);
  mod.print(os, nullptr);
  return os.str();
}

}  // namespace clue::codegen
