#!/usr/bin/env python3
"""Converts testsuite .wast files with wast2json and writes a manifest for
//decoder:decode_check: binary `module` commands must decode, binary
assert_malformed modules must fail with the expected text, and modules that
are only invalid/unlinkable are listed as "any".

usage: spec_decode_check.py TESTSUITE_CORE_DIR OUT_DIR > manifest.tsv
"""
import json
import os
import subprocess
import sys


def main():
    core, out = sys.argv[1], sys.argv[2]
    for name in sorted(os.listdir(core)):
        if not name.endswith('.wast'):
            continue
        base = name[:-5]
        d = os.path.join(out, base)
        os.makedirs(d, exist_ok=True)
        js = os.path.join(d, base + '.json')
        r = subprocess.run(['wast2json', os.path.join(core, name), '-o', js],
                           capture_output=True)
        if r.returncode != 0:
            print('wast2json failed for %s' % name, file=sys.stderr)
            continue
        for cmd in json.load(open(js))['commands']:
            t = cmd['type']
            f = cmd.get('filename')
            if not f or not f.endswith('.wasm'):
                continue
            path = os.path.join(d, f)
            if t == 'module':
                print('%s\tok' % path)
            elif t == 'assert_malformed' and cmd.get('module_type') == 'binary':
                print('%s\tmalformed\t%s' % (path, cmd['text']))
            elif t in ('assert_invalid', 'assert_unlinkable',
                       'assert_uninstantiable', 'assert_trap'):
                print('%s\tany\t%s' % (path, cmd.get('text', '')))


if __name__ == '__main__':
    main()
