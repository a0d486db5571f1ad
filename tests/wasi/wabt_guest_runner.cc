// Test-only: runs a wasm32-wasi command on WABT's reference interpreter
// (the system libwabt) with every wasi_snapshot_preview1 import bound to
// weft's WASI layer through WasiFunctions() / CallWasiFunction — exactly the
// wiring the runtime does (wasi/README.md). It lets the end-to-end guests
// exercise the WASI layer against real wasi-libc independently of weft's
// own interpreter; the same script then runs them through `weft run`.
// WABT is used only here, as a host for tests; nothing in weft links it.
//
// Usage mirrors `weft run`:
//   wabt_guest_runner run [--dir HOST[:GUEST][:ro]]... [--env K=V]...
//                         [--trace-wasi] FILE.wasm [--] [ARGS...]
// Exit status: the guest's proc_exit code (0 if _start returns), 70 for a
// trap, 2 for usage or load errors.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "wabt/binary-reader.h"
#include "wabt/error.h"
#include "wabt/feature.h"
#include "wabt/interp/binary-reader-interp.h"
#include "wabt/interp/interp.h"
#include "wasi/wasi_host.h"
#include "wasi/wasi_options.h"

namespace {

namespace wi = wabt::interp;
using weft::wasi::WasiContext;

int Usage(const char* msg) {
  std::cerr << "wabt_guest_runner: " << msg << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "run") != 0) return Usage("expected 'run'");
  weft::wasi::WasiOptions opts;
  std::string file;
  std::vector<std::string> args;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (!file.empty()) {
      if (a == "--" && args.empty()) continue;
      args.push_back(a);
    } else if (a == "--dir" && i + 1 < argc) {
      opts.dirs.push_back(argv[++i]);
    } else if (a == "--env" && i + 1 < argc) {
      opts.env.push_back(argv[++i]);
    } else if (a == "--trace-wasi") {
      opts.trace = true;
    } else if (a.rfind("--", 0) == 0) {
      return Usage(("unknown flag " + a).c_str());
    } else {
      file = a;
    }
  }
  if (file.empty()) return Usage("no module");
  std::ifstream in(file, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  if (bytes.empty()) return Usage("cannot read module");

  auto config = weft::wasi::MakeWasiConfig(file, args, opts, &std::cerr);
  if (!config.ok()) return Usage(std::string(config.status().message()).c_str());
  auto ctx_or = WasiContext::Create(*std::move(config));
  if (!ctx_or.ok()) return Usage(std::string(ctx_or.status().message()).c_str());
  WasiContext& ctx = **ctx_or;

  wabt::Features features;
  wabt::Errors errors;
  wi::ModuleDesc desc;
  wabt::ReadBinaryOptions read_opts(features, nullptr, false, true, true);
  if (!wabt::Succeeded(wi::ReadBinaryInterp(file, bytes.data(), bytes.size(),
                                            read_opts, &errors, &desc))) {
    return Usage("module does not load");
  }
  wi::Store store;
  wi::Module::Ptr module = wi::Module::New(store, desc);
  wi::Memory* memory = nullptr;  // set once instantiated
  wi::RefVec imports;
  for (const wi::ImportDesc& imp : module->desc().imports) {
    const weft::wasi::WasiFunction* f =
        imp.type.module == weft::wasi::kWasiModuleName
            ? weft::wasi::FindWasiFunction(imp.type.name)
            : nullptr;
    if (f == nullptr || imp.type.type->kind != wabt::ExternalKind::Func) {
      return Usage(("unknown import " + imp.type.module + "." + imp.type.name).c_str());
    }
    auto type = *wabt::cast<wi::FuncType>(imp.type.type.get());
    auto fn = wi::HostFunc::New(
        store, type,
        [f, &ctx, &memory, &store](wi::Thread&, const wi::Values& params,
                                   wi::Values& results,
                                   wi::Trap::Ptr* trap) -> wabt::Result {
          uint64_t raw[16] = {};
          for (size_t i = 0; i < params.size() && i < 16; ++i) {
            raw[i] = f->params[i] == 'l' ? params[i].Get<uint64_t>()
                                         : params[i].Get<uint32_t>();
          }
          weft::wasi::WasiCallOutcome o = weft::wasi::InvokeWasi(
              *f, ctx, memory ? memory->UnsafeData() : nullptr,
              memory ? memory->ByteSize() : 0, raw);
          if (o.exited) {
            *trap = wi::Trap::New(store, "proc_exit");
            return wabt::Result::Error;
          }
          if (!results.empty()) {
            results[0] = wi::Value::Make(o.result);
          }
          return wabt::Result::Ok;
        });
    imports.push_back(fn.ref());
  }
  wi::Trap::Ptr trap;
  wi::Instance::Ptr instance =
      wi::Instance::Instantiate(store, module.ref(), imports, &trap);
  if (!instance) return Usage("instantiation failed");
  if (!instance->memories().empty()) {
    memory = store.UnsafeGet<wi::Memory>(instance->memories()[0]).get();
  }
  wi::Func::Ptr start;
  for (size_t i = 0; i < module->desc().exports.size(); ++i) {
    if (module->desc().exports[i].type.name == "_start") {
      start = store.UnsafeGet<wi::Func>(instance->exports()[i]);
    }
  }
  if (!start) return Usage("no _start export");
  wi::Values params, results;
  wabt::Result r = start->Call(store, params, results, &trap);
  std::cout.flush();
  if (ctx.exit_code()) return static_cast<int>(*ctx.exit_code() & 0xFF);
  if (!wabt::Succeeded(r)) {
    std::cerr << "trap: " << (trap ? trap->message() : "?") << "\n";
    return 70;
  }
  return 0;
}
