"""static_archive: one `.a` holding every static library its deps link.

Bazel 4 has no cc_static_library. This rule walks the CcInfo linking
context of `deps`, takes each library's (PIC) static archive, adds the
archives in `archive_files` (e.g. Debian's Abseil, found by the build in
@system), and merges them with an `ar` MRI script — ADDLIB keeps
members whose names collide across archives, which `ar x` would not.
"""

def _static_archive_impl(ctx):
    archives = []
    for dep in ctx.attr.deps:
        for linker_input in dep[CcInfo].linking_context.linker_inputs.to_list():
            for library in linker_input.libraries:
                archive = library.pic_static_library or library.static_library
                if archive != None and archive not in archives:
                    archives.append(archive)
    for target in ctx.attr.archive_files:
        files = target.files.to_list()
        if not files:
            fail("static_archive: %s holds no archives (is its package installed?)" % target.label)
        for f in files:
            if f not in archives:
                archives.append(f)
    out = ctx.actions.declare_file(ctx.attr.out)
    script = "\n".join(
        ["set -eu", "{", "echo \"CREATE " + out.path + "\""] +
        ["echo \"ADDLIB " + a.path + "\"" for a in archives] +
        [
            "echo SAVE",
            "echo END",
            "} | ar -M",
            "ranlib " + out.path,
        ],
    )
    ctx.actions.run_shell(
        inputs = archives,
        outputs = [out],
        command = script,
        mnemonic = "StaticArchive",
        progress_message = "Merging %d archives into %s" % (len(archives), out.short_path),
    )
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

static_archive = rule(
    implementation = _static_archive_impl,
    attrs = {
        "deps": attr.label_list(providers = [CcInfo]),
        "archive_files": attr.label_list(allow_files = [".a"]),
        "out": attr.string(mandatory = True),
    },
)
