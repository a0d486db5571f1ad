#!/usr/bin/env python3
"""Converts testsuite .wast files with wast2json and writes a manifest for
//validator:validate_check: binary `module` commands and modules of
assert_unlinkable / assert_uninstantiable must decode and validate,
assert_invalid modules must fail validation with the expected text, and
binary assert_malformed modules must fail (decoder or validator) with it.

usage: spec_validate_check.py TESTSUITE_CORE_DIR OUT_DIR > manifest.tsv
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
            if t in ('module', 'assert_unlinkable', 'assert_uninstantiable'):
                print('%s\tok' % path)
            elif t == 'assert_invalid':
                print('%s\tinvalid\t%s' % (path, cmd['text']))
            elif t == 'assert_malformed' and cmd.get('module_type') == 'binary':
                print('%s\tmalformed\t%s' % (path, cmd['text']))


if __name__ == '__main__':
    main()
