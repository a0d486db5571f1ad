package weft

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// PluginConfig is a plugin's capabilities, in weft's plugin config format
// (weft/plugin_capabilities.h): everything not granted is denied. Zero
// numbers take weft's defaults.
type PluginConfig struct {
	Name           string     `json:"name"`
	Wasm           string     `json:"wasm"` // relative to the manager's base directory
	FS             []FSGrant  `json:"fs,omitempty"`
	Net            []NetGrant `json:"net,omitempty"`
	Env            []string   `json:"env,omitempty"` // variable names; values from this process
	MaxMemoryPages uint32     `json:"max_memory_pages,omitempty"`
	FuelPerCall    uint64     `json:"fuel_per_call,omitempty"`
	TimeoutMs      uint64     `json:"timeout_ms,omitempty"`
	MaxInstances   uint32     `json:"max_instances,omitempty"`
}

// FSGrant: the guest sees host directory Host at Guest.
type FSGrant struct {
	Host     string `json:"host"`
	Guest    string `json:"guest"`
	ReadOnly bool   `json:"read_only"`
}

// NetGrant: env.net_dial may reach Host ("name", "*.domain" or an IP) on
// Ports; private addresses only with AllowPrivate.
type NetGrant struct {
	Host         string      `json:"host"`
	Ports        []PortRange `json:"ports"`
	AllowPrivate bool        `json:"allow_private,omitempty"`
}

// PortRange is an inclusive range; one port has From == To. In JSON a
// number (443) or a string ("8000-8099").
type PortRange struct{ From, To uint16 }

func (p PortRange) MarshalJSON() ([]byte, error) {
	if p.From == p.To {
		return []byte(strconv.Itoa(int(p.From))), nil
	}
	return json.Marshal(fmt.Sprintf("%d-%d", p.From, p.To))
}

func (p *PortRange) UnmarshalJSON(b []byte) error {
	var n uint16
	if json.Unmarshal(b, &n) == nil {
		*p = PortRange{n, n}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("port: want a number or \"from-to\", got %s", b)
	}
	from, to, ok := strings.Cut(s, "-")
	a, errA := strconv.ParseUint(from, 10, 16)
	z, errZ := strconv.ParseUint(to, 10, 16)
	if !ok || errA != nil || errZ != nil {
		return fmt.Errorf("port range %q: want \"from-to\"", s)
	}
	*p = PortRange{uint16(a), uint16(z)}
	return nil
}
