#include "weft/plugin_capabilities.h"

#include "gtest/gtest.h"

namespace weft {
namespace {

TEST(CapabilitiesTest, FullConfig) {
  auto caps = ParseCapabilities(R"({
    "name": "resizer", "wasm": "r.wasm",
    "fs": [{"host": "/srv/img", "guest": "/img", "read_only": false}],
    "net": [{"host": "API.example.com", "ports": [443, "8000-8010"]},
            {"host": "127.0.0.1", "ports": [9], "allow_private": true}],
    "env": ["LANG"], "max_memory_pages": 32, "fuel_per_call": 1000,
    "timeout_ms": 250, "max_instances": 2})", "/etc/plugins");
  ASSERT_TRUE(caps.ok()) << caps.status();
  EXPECT_EQ(caps->name, "resizer");
  EXPECT_EQ(caps->wasm_path, "/etc/plugins/r.wasm");
  ASSERT_EQ(caps->fs.size(), 1u);
  EXPECT_FALSE(caps->fs[0].read_only);
  ASSERT_EQ(caps->net.size(), 2u);
  EXPECT_EQ(caps->net[0].host, "api.example.com");
  EXPECT_TRUE(PortAllowed(caps->net[0], 8005));
  EXPECT_FALSE(PortAllowed(caps->net[0], 8011));
  EXPECT_TRUE(caps->net[1].allow_private);
  EXPECT_EQ(caps->env, std::vector<std::string>{"LANG"});
  EXPECT_EQ(caps->max_memory_pages, 32u);
  EXPECT_EQ(caps->fuel_per_call, 1000u);
  EXPECT_EQ(caps->timeout_per_call, absl::Milliseconds(250));
  EXPECT_EQ(caps->max_instances, 2u);
}

TEST(CapabilitiesTest, DefaultsDenyEverything) {
  auto caps = ParseCapabilities(R"({"name": "p", "wasm": "/abs/p.wasm"})", "/x");
  ASSERT_TRUE(caps.ok()) << caps.status();
  EXPECT_EQ(caps->wasm_path, "/abs/p.wasm");
  EXPECT_TRUE(caps->fs.empty());
  EXPECT_TRUE(caps->net.empty());
  EXPECT_TRUE(caps->env.empty());
  EXPECT_EQ(caps->fs.size() + caps->net.size(), 0u);
}

TEST(CapabilitiesTest, BadConfigsNameTheKey) {
  // Each refusal is InvalidArgument and its message holds `want`: the key
  // and what is wrong with it.
  const std::pair<const char*, const char*> cases[] = {
      {R"({"wasm": "a"})", "plugin config: \"name\": missing"},
      {R"({"name": "p", "wasm": "a", "colour": 1})", "plugin config: \"colour\": unknown key"},
      {R"({"name": "p", "wasm": "a", "name": "q"})", "plugin config: JSON: duplicate key \"name\""},
      {R"({"name": "p q", "wasm": "a"})",
       "plugin config: \"name\": 1-64 characters of A-Z a-z 0-9 _ . -"},
      {R"({"name": "p", "wasm": "a", "max_memory_pages": 70000})",
       "plugin config: \"max_memory_pages\": must be at most 65536"},
      {R"({"name": "p", "wasm": "a", "max_memory_pages": -1})",
       "plugin config: \"max_memory_pages\": must be a non-negative integer"},
      {R"({"name": "p", "wasm": "a", "fs": [{"host": "rel", "guest": "/g"}]})",
       "plugin config: \"fs[0].host\": must be an absolute path"},
      {R"({"name": "p", "wasm": "a", "net": [{"host": "h", "ports": [0]}]})",
       "plugin config: \"net[0].ports[0]\": port 0 is not a port"},
      {R"({"name": "p", "wasm": "a", "net": [{"host": "h", "ports": ["9-3"]}]})",
       "plugin config: \"net[0].ports[0]\": bad port range \"9-3\""},
      {R"({"name": "p", "wasm": "a", "net": [{"host": "h", "ports": [1], "x": 1}]})",
       "plugin config: \"net[0].x\": unknown key"},
      {R"({"name": "p", "wasm": "a", "env": ["A=B"]})",
       "plugin config: \"env[0]\": not a variable name"},
      {R"({"name": "p", "wasm": "a", "max_instances": 0})",
       "plugin config: \"max_instances\": must be at least 1"},
      {R"([1, 2])", "plugin config: must be an object"},
      {R"({"name": "p", "wasm": "a",})", "plugin config: JSON: expected a string key"},
  };
  for (const auto& [text, want] : cases) {
    auto caps = ParseCapabilities(text, "/d");
    ASSERT_FALSE(caps.ok()) << text;
    EXPECT_EQ(caps.status().code(), absl::StatusCode::kInvalidArgument)
        << text << " -> " << caps.status();
    EXPECT_NE(caps.status().message().find(want), absl::string_view::npos)
        << text << " -> " << caps.status();
  }
}

TEST(CapabilitiesTest, HostPatterns) {
  NetGrant wild{"*.example.com", {{443, 443}}, false};
  EXPECT_TRUE(HostMatches(wild, "api.example.com"));
  EXPECT_TRUE(HostMatches(wild, "A.B.Example.COM"));
  EXPECT_FALSE(HostMatches(wild, "example.com"));
  EXPECT_FALSE(HostMatches(wild, "evilexample.com"));
  EXPECT_FALSE(HostMatches(wild, "example.com.evil.org"));
  NetGrant exact{"api.example.com", {{443, 443}}, false};
  EXPECT_TRUE(HostMatches(exact, "API.example.com"));
  EXPECT_FALSE(HostMatches(exact, "x.api.example.com"));
}

TEST(CapabilitiesTest, MissingFileIsNotFound) {
  auto caps = LoadCapabilitiesFile("/nonexistent/weft/plugin.json");
  EXPECT_EQ(caps.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace weft
