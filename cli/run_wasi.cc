#include "cli/run_wasi.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

extern char** environ;

namespace weft::cli {

absl::StatusOr<WasiOptions::Dir> ParseRunDir(std::string_view value, bool read_only) {
  const char* flag = read_only ? "--dir-ro" : "--dir";
  WasiOptions::Dir d;
  d.read_only = read_only;
  size_t sep = value.find("::");
  d.host_path = std::string(value.substr(0, sep));
  d.guest_path = sep == std::string_view::npos
                     ? d.host_path
                     : std::string(value.substr(sep + 2));
  if (d.host_path.empty() || d.guest_path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bad ", flag, " \"", std::string(value), "\": expected HOST or HOST::GUEST"));
  }
  struct stat st;
  if (stat(d.host_path.c_str(), &st) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        flag, " ", d.host_path, ": ", std::strerror(errno)));
  }
  if (!S_ISDIR(st.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", d.host_path, ": not a directory"));
  }
  return d;
}

absl::StatusOr<std::vector<std::string>> MakeGuestEnv(
    const std::vector<std::string>& inherited,
    const std::vector<std::string>& env_flags,
    const std::function<const char*(const char*)>& host) {
  std::vector<std::string> out = inherited;
  for (std::string e : env_flags) {
    size_t eq = e.find('=');
    if (eq == 0 || e.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("bad --env \"", e, "\": expected KEY=VALUE or KEY"));
    }
    if (eq == std::string::npos) {
      const char* v = host(e.c_str());
      if (v == nullptr) continue;
      eq = e.size();
      e = absl::StrCat(e, "=", v);
    }
    const std::string key = e.substr(0, eq + 1);  // "KEY="
    std::erase_if(out, [&](const std::string& o) { return o.rfind(key, 0) == 0; });
    out.push_back(e);
  }
  return out;
}

absl::StatusOr<int> OpenTcpListener(std::string_view addr) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tcplisten ", std::string(addr), ": ", std::string(why)));
  };
  size_t colon = addr.rfind(':');
  if (colon == std::string_view::npos) return bad("expected HOST:PORT");
  std::string host(addr.substr(0, colon));
  if (host == "localhost") host = "127.0.0.1";
  uint32_t port;
  if (!absl::SimpleAtoi(std::string(addr.substr(colon + 1)), &port) ||
      port > 65535) {
    return bad("bad port");
  }
  sockaddr_in sa = {};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(uint16_t(port));
  if (inet_pton(AF_INET, host.c_str(), &sa.sin_addr) != 1) {
    return bad("expected an IPv4 address or localhost");
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return bad(std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      listen(fd, 16) != 0) {
    std::string why = std::strerror(errno);
    close(fd);
    return bad(why);
  }
  return fd;
}

absl::StatusOr<WasiOptions> MakeRunWasiOptions(const ParsedArgs& args, std::string program_name,
                                               const std::vector<std::string>& guest_args,
                                               std::ostream* trace_out) {
  WasiOptions options;
  options.args.push_back(std::move(program_name));
  options.args.insert(options.args.end(), guest_args.begin(), guest_args.end());
  options.stdin_mode = options.stdout_mode = options.stderr_mode = WasiOptions::Stdio::kInherit;
  if (args.Has("trace-wasi") && trace_out != nullptr) {
    options.trace = [trace_out](absl::string_view line) {
      *trace_out << "[wasi] " << line << "\n";
      trace_out->flush();
    };
  }

  std::vector<std::string> inherited;
  if (args.Has("inherit-env")) {
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      inherited.emplace_back(*e);
    }
  }
  absl::StatusOr<std::vector<std::string>> env = MakeGuestEnv(inherited, args.Values("env"));
  if (!env.ok()) return env.status();
  options.env = *std::move(env);

  // Guest fds 3, 4, ...: every --dir in command-line order, then every
  // --dir-ro (the flag parser keeps order per flag only). wasi-libc finds
  // preopens by name, so the numbering does not matter to programs.
  for (const char* flag : {"dir", "dir-ro"}) {
    for (const std::string& v : args.Values(flag)) {
      absl::StatusOr<WasiOptions::Dir> d = ParseRunDir(v, std::string_view(flag) == "dir-ro");
      if (!d.ok()) return d.status();
      options.dirs.push_back(*std::move(d));
    }
  }
  // Test hook: WEFT_WASI_RESOLVER=walk|openat2 forces one path resolver,
  // so the escape suite covers both.
  if (const char* r = std::getenv("WEFT_WASI_RESOLVER"); r != nullptr) {
    const std::string_view mode = r;
    if (mode == "walk") options.path_resolver = WasiOptions::PathResolver::kWalk;
    if (mode == "openat2") options.path_resolver = WasiOptions::PathResolver::kOpenat2;
  }
  return options;
}

absl::StatusOr<std::shared_ptr<Wasi>> DefineRunWasi(Linker& linker, const ParsedArgs& args,
                                                    std::string program_name,
                                                    const std::vector<std::string>& guest_args,
                                                    std::ostream* trace_out) {
  absl::StatusOr<WasiOptions> options =
      MakeRunWasiOptions(args, std::move(program_name), guest_args, trace_out);
  if (!options.ok()) return options.status();
  // Listeners first: a bad --tcplisten is a usage error before anything is
  // defined.
  std::vector<int> listeners;
  for (const std::string& addr : args.Values("tcplisten")) {
    absl::StatusOr<int> fd = OpenTcpListener(addr);
    if (!fd.ok()) {
      for (int f : listeners) close(f);
      return fd.status();
    }
    listeners.push_back(*fd);
  }
  absl::StatusOr<std::shared_ptr<Wasi>> wasi = Wasi::Define(linker, *std::move(options));
  if (!wasi.ok()) {
    for (int f : listeners) close(f);
    return wasi.status();
  }
  for (size_t i = 0; i < listeners.size(); ++i) {
    // AdoptSocket owns the fd from here on, also when it fails.
    if (absl::StatusOr<uint32_t> fd = (*wasi)->AdoptSocket(listeners[i]); !fd.ok()) {
      for (size_t j = i + 1; j < listeners.size(); ++j) close(listeners[j]);
      return fd.status();
    }
  }
  return wasi;
}

bool ImportsWasi(const CompiledModule& module) {
  for (const ImportInfo& imp : module.imports()) {
    if (imp.module == "wasi_snapshot_preview1") return true;
  }
  return false;
}

}  // namespace weft::cli
