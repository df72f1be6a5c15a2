#!/usr/bin/env python3
"""Fails when a project #include crosses a dependency edge DESIGN.md forbids.

Each module may include its own folder and the folders listed for it below (transitively
closed). Third-party headers (<...>) are not checked here; CMake link lines restrict those.
"""
import os
import re
import sys

# module folder -> folders it may include directly (DESIGN.md "Layers" table).
ALLOWED = {
    "index/base": [],
    "index/analysis": ["index/base"],
    "index/mapping": ["index/base", "index/analysis"],
    "index/codec": ["index/base"],
    "index/segment": ["index/codec", "index/mapping"],
    "index/vector": ["index/base"],
    "index/engine": ["index/segment", "index/vector"],
    "index/search": ["index/segment", "index/vector"],
    "query/dsl": ["index/search", "index/engine", "query/agg"],
    "query/agg": ["index/search", "index/engine", "query/dsl"],
    "query/ppl": ["query/dsl", "query/agg", "index/search", "index/engine"],
    "query/trace": ["query/ppl", "query/dsl", "query/agg", "index/search", "index/engine"],
    "gpu": ["index/vector", "index/base"],
    "server/http": ["index/base"],
    "server/otlp": ["index/base"],
    "server/api": ["server/http", "server/otlp", "query/dsl", "query/agg", "query/ppl", "query/trace",
                   "index/engine", "index/search"],
    "server": ["server/api", "server/http", "server/otlp", "gpu", "query/dsl", "index/engine"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def closure(module):
    seen, stack = set(), [module]
    while stack:
        m = stack.pop()
        for dep in ALLOWED.get(m, []):
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    seen.add(module)
    return seen


def module_of(path):
    best = None
    for m in ALLOWED:
        if path == m or path.startswith(m + "/"):
            if best is None or len(m) > len(best):
                best = m
    return best


def main(root):
    violations = []
    checked = 0
    for top in ("index", "query", "gpu", "server"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if not f.endswith((".h", ".cpp", ".cu", ".cuh")):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, f), root)
                src_module = module_of(os.path.dirname(rel))
                if src_module is None:
                    violations.append(f"{rel}: folder is not in the layer table")
                    continue
                allowed = closure(src_module)
                with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
                    for inc in INCLUDE.findall(fh.read()):
                        dst_module = module_of(os.path.dirname(inc))
                        if dst_module is None:
                            continue  # not a project header
                        checked += 1
                        if dst_module not in allowed:
                            violations.append(f"{rel}: includes {inc} ({src_module} may not depend on {dst_module})")
    for v in violations:
        print("layer violation:", v)
    print(f"checked {checked} project includes, {len(violations)} violations")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")))
