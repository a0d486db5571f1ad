#include "host/env_module.h"

#include <unistd.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "host/fs_check.h"
#include "weft/caller.h"

namespace weft {
namespace {

constexpr int32_t kEfault = 21, kEinval = 28, kEnametoolong = 37;
// Longest string either function reads from the guest.
constexpr uint32_t kMaxGuestString = 4096;

// Reads the guest bytes [ptr, ptr + len) into *out; 0 or a negative WASI
// errno (the pointer is unsigned: any value outside memory is EFAULT).
int32_t ReadGuest(Caller& caller, int32_t ptr, int32_t len, std::string* out) {
  if (len < 0) return -kEinval;
  if (uint32_t(len) > kMaxGuestString) return -kEnametoolong;
  absl::StatusOr<Memory> mem = caller.GetMemory();
  if (!mem.ok()) return -kEfault;
  out->assign(size_t(len), '\0');
  absl::Status s =
      mem->Read(uint32_t(ptr), absl::MakeSpan(reinterpret_cast<uint8_t*>(out->data()), out->size()));
  return s.ok() ? 0 : -kEfault;
}

}  // namespace

absl::Status DefineEnvModule(Linker& linker, std::shared_ptr<const PluginCapabilities> caps,
                             DenialLog* denials, std::shared_ptr<Wasi> wasi) {
  const FuncType dial_type{{ValType::kI32, ValType::kI32, ValType::kI32}, {ValType::kI32}};
  // Weak: the Wasi keeps the linker's store (and so this function) alive;
  // a strong reference back would be a cycle that is never freed.
  std::weak_ptr<Wasi> weak_wasi = wasi;
  absl::Status s = linker.DefineFunction(
      "env", "net_dial", dial_type,
      HostCallbackWithCaller([caps, denials, weak_wasi](Caller& caller, absl::Span<const Value> args,
                                                   absl::Span<Value> results) {
        std::string host;
        if (int32_t err = ReadGuest(caller, args[0].i32(), args[1].i32(), &host); err != 0) {
          results[0] = Value::I32(err);
          return absl::OkStatus();
        }
        const absl::Duration timeout = caps->timeout_per_call > absl::ZeroDuration()
                                           ? caps->timeout_per_call
                                           : absl::Seconds(10);
        const int fd = NetDial(*caps, host, uint32_t(args[2].i32()), timeout, denials,
                               caller.interrupt_fd());
        // Stopped by the call's deadline: the guest stops too, as when it
        // spins, instead of seeing an errno it could retry.
        if (caller.interrupted()) {
          if (fd >= 0) ::close(fd);
          return Caller::InterruptedError();
        }
        if (fd < 0) {
          results[0] = Value::I32(fd);
          return absl::OkStatus();
        }
        std::shared_ptr<Wasi> wasi = weak_wasi.lock();
        if (wasi == nullptr) {
          ::close(fd);
          results[0] = Value::I32(-kEfault);
          return absl::OkStatus();
        }
        absl::StatusOr<uint32_t> guest_fd = wasi->AdoptSocket(fd);  // closes fd on failure
        results[0] = Value::I32(guest_fd.ok() ? int32_t(*guest_fd) : -33 /* EMFILE */);
        return absl::OkStatus();
      }));
  if (!s.ok()) return s;
  const FuncType check_type{{ValType::kI32, ValType::kI32}, {ValType::kI32}};
  return linker.DefineFunction(
      "env", "fs_check", check_type,
      HostCallbackWithCaller([caps, denials](Caller& caller, absl::Span<const Value> args,
                                             absl::Span<Value> results) {
        std::string path;
        if (int32_t err = ReadGuest(caller, args[0].i32(), args[1].i32(), &path); err != 0) {
          results[0] = Value::I32(err);
          return absl::OkStatus();
        }
        const int r = FsCheck(caps->fs, path);
        if (r == 0) {
          denials->Deny(caps->name, absl::StrCat("fs_check \"", absl::CHexEscape(path),
                                                 "\": outside the granted paths"));
        }
        results[0] = Value::I32(r);
        return absl::OkStatus();
      }));
}

}  // namespace weft
