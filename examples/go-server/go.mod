module weft.dev/examples/go-server

go 1.23

require weft.dev/weft v0.0.0

replace weft.dev/weft => ../../bindings/go
