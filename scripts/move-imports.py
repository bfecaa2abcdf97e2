#!/usr/bin/env python3
"""Rewrites relative imports after modules or symbols moved: python3 scripts/move-imports.py MAP.json FILES...
MAP: {"files": {"src/old.ts": "src/new.ts"}, "symbols": {"src/old.ts": {"Name": "src/new.ts"}}}
A symbol entry wins over a file entry; an import statement is split when its names now live in several modules."""
import json, os, re, sys

mapping = json.load(open(sys.argv[1]))
files_map, symbols_map = mapping.get('files', {}), mapping.get('symbols', {})
stmt = re.compile(r"(import|export)(\s+type)?\s*(\{[^}]*\}|\*(?:\s+as\s+\w+)?|[\w$]+(?:\s*,\s*\{[^}]*\})?)\s*from\s*'(\.[^']*)';", re.S)

def resolve(src, spec):
    p = os.path.normpath(os.path.join(os.path.dirname(src), spec))
    for cand in (re.sub(r'\.js$', '.ts', p), re.sub(r'\.js$', '.tsx', p), p + '/index.ts'):
        if cand in files_map or cand in symbols_map or os.path.exists(cand):
            return cand
    return re.sub(r'\.js$', '.ts', p)

def rel(src, target):
    r = os.path.relpath(target, os.path.dirname(src))
    r = re.sub(r'\.tsx?$', '.js', r)
    return r if r.startswith('.') else './' + r

def rewrite(src, text):
    def sub(m):
        kind, typ, what, spec = m.group(1), m.group(2) or '', m.group(3), m.group(4)
        target = resolve(src, spec)
        moved = symbols_map.get(target)
        default_target = files_map.get(target, target)
        if not moved or not what.startswith('{'):
            return m.group(0) if default_target == target else f"{kind}{typ} {what} from '{rel(src, default_target)}';"
        names = [n.strip() for n in what.strip('{}').split(',') if n.strip()]
        groups = {}
        for n in names:
            bare = re.sub(r'^type\s+', '', n).split(' as ')[0].strip()
            groups.setdefault(moved.get(bare, default_target), []).append(n)
        if list(groups) == [target]:
            return m.group(0)
        out = []
        for t, ns in groups.items():
            if t == src:
                continue
            out.append(f"{kind}{typ} {{ {', '.join(ns)} }} from '{rel(src, t)}';")
        return '\n'.join(out)
    return stmt.sub(sub, text)

for f in sys.argv[2:]:
    text = open(f).read()
    new = rewrite(f, text)
    if new != text:
        open(f, 'w').write(new)
        print(f)
