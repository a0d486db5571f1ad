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
#include "wasi/posix_os.h"
#include "wasi/wasi_host.h"
#include "wasi/wasi_options.h"

extern char** environ;

namespace weft::cli {

absl::StatusOr<wasi::PreopenDir> ParseRunDir(std::string_view value,
                                             bool read_only) {
  const char* flag = read_only ? "--dir-ro" : "--dir";
  wasi::PreopenDir d;
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

absl::StatusOr<wasi::WasiConfig> MakeRunWasiConfig(
    const ParsedArgs& args, std::string program_name,
    const std::vector<std::string>& guest_args, std::ostream* trace_out) {
  wasi::WasiOptions options;
  options.trace = args.Has("trace-wasi");
  absl::StatusOr<wasi::WasiConfig> config =
      wasi::MakeWasiConfig(program_name, guest_args, options, trace_out);
  if (!config.ok()) return config.status();

  std::vector<std::string> inherited;
  if (args.Has("inherit-env")) {
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
      inherited.emplace_back(*e);
    }
  }
  static const std::vector<std::string> kNone;
  auto values = [&](const char* name) -> const std::vector<std::string>& {
    auto it = args.flags.find(name);
    return it == args.flags.end() ? kNone : it->second;
  };
  absl::StatusOr<std::vector<std::string>> env =
      MakeGuestEnv(inherited, values("env"));
  if (!env.ok()) return env.status();
  config->env = *std::move(env);

  // Guest fds 3, 4, ...: every --dir in command-line order, then every
  // --dir-ro (the flag parser keeps order per flag only). wasi-libc finds
  // preopens by name, so the numbering does not matter to programs.
  for (const char* flag : {"dir", "dir-ro"}) {
    for (const std::string& v : values(flag)) {
      absl::StatusOr<wasi::PreopenDir> d =
          ParseRunDir(v, std::string_view(flag) == "dir-ro");
      if (!d.ok()) return d.status();
      config->preopen_dirs.push_back(*std::move(d));
    }
  }
  for (const std::string& addr : values("tcplisten")) {
    absl::StatusOr<int> fd = OpenTcpListener(addr);
    if (!fd.ok()) {
      for (int f : config->preopen_sockets) close(f);
      return fd.status();
    }
    config->preopen_sockets.push_back(*fd);  // the context owns it
  }
  // Test hook: WEFT_WASI_RESOLVER=walk forces the component walker instead
  // of openat2(RESOLVE_BENEATH), so the escape suite covers both.
  if (const char* r = std::getenv("WEFT_WASI_RESOLVER"); r != nullptr) {
    const std::string_view mode = r;
    if (mode == "walk" || mode == "openat2") {
      config->os = std::make_shared<wasi::PosixOs>(
          mode == "walk" ? wasi::PosixOs::Resolver::kWalk
                         : wasi::PosixOs::Resolver::kOpenat2);
    }
  }
  return config;
}

bool ImportsWasi(const Module& module) {
  for (const Import& imp : module.imports) {
    if (imp.module == wasi::kWasiModuleName) return true;
  }
  return false;
}

}  // namespace weft::cli
