"""wat_files: every `<dir>/*.wat` of a package to `<dir>/*.wasm` with wabt's
wat2wasm (name section kept, so backtraces and tests see function names)."""

def wat_files(name, dir = "testdata", visibility = None):
    srcs = native.glob([dir + "/*.wat"])
    native.genrule(
        name = name,
        srcs = srcs,
        outs = [f[:-len(".wat")] + ".wasm" for f in srcs],
        cmd = "for f in $(SRCS); do b=$$(basename $$f .wat); " +
              "wat2wasm --debug-names $$f -o $(RULEDIR)/" + dir + "/$$b.wasm || exit 1; done",
        visibility = visibility,
    )

def wat3_files(name, dir, visibility = None):
    """wat_files for modules in the 3.0 text format, which wabt 1.0.32 does
    not read: weft's own parser (//text:wat_to_wasm) builds them."""
    srcs = native.glob([dir + "/*.wat"])
    native.genrule(
        name = name,
        srcs = srcs,
        outs = [f[:-len(".wat")] + ".wasm" for f in srcs],
        cmd = "for f in $(SRCS); do b=$$(basename $$f .wat); " +
              "$(location //text:wat_to_wasm) $$f $(RULEDIR)/" + dir + "/$$b.wasm || exit 1; done",
        tools = ["//text:wat_to_wasm"],
        visibility = visibility,
    )
