#!/usr/bin/python3
"""scripts/make_bridge_fixtures.py — runs the "In PyTorch" snippets of every lesson with Debian's
torch and writes tests/fixtures/bridge_golden.json, what each snippet's named results hold.

Do not run it alone: `node scripts/make_bridge_fixtures.mjs` builds the snippets (web/src/bridge/)
at the fixed states of scripts/bridge-states.mjs and pipes them here as JSON on stdin:
  {"cases": [{"lesson", "name", "state", "code", "names": [variable names]}]}
It installs python3-torch with apt-get when `import torch` fails. The fixture is committed; CI
never needs torch. tests/web/bridge.test.mjs regenerates every snippet (it must equal "code"
here, so a changed snippet forces a rerun) and checks that the WASM core's numbers equal these
within the fixture's tolerance.

Each snippet is executed as written (exec, a fresh namespace, torch.manual_seed(0) first though
no snippet draws random numbers) in float32, PyTorch's default; nothing here computes attention.

JSON format:
  {"format", "generator", "torch", "tolerance": {"atol", "rtol"},
   "cases": [{"lesson": slug, "name": state name, "state": overrides of the app's defaults,
              "code": the snippet, "results": {variable: tensor}}]}
  A tensor is {"shape": [...], "data": [row-major floats]} (shape [] for a scalar); floats are
  float32 values written with the shortest decimal that reads back as the same float32.
"""
import json
import math
import os
import subprocess
import sys
from pathlib import Path

try:
    import torch
except ImportError:  # Debian's package; the fixture is committed, so only regeneration needs it
    subprocess.run(["apt-get", "install", "-y", "python3-torch"], check=True)
    import torch

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "bridge_golden.json"
ATOL, RTOL = 1e-5, 1e-5


def num(x):
    x = np.float32(x)
    if not math.isfinite(float(x)):
        raise ValueError(f"non-finite result {x}")
    return float(str(x))  # shortest decimal of the float32


def tensor(t):
    t = torch.as_tensor(t).detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [num(x) for x in t.flatten().tolist()]}


MODELS = ROOT / "web" / "public" / "models"


def run(case):
    # Trained-model snippets read the site's files from the current folder, as a learner would
    # after downloading models/<name>.safetensors and models/attention_lab.py.
    os.chdir(MODELS)
    if str(MODELS) not in sys.path:
        sys.path.insert(0, str(MODELS))
    torch.manual_seed(0)
    ns = {"__name__": "__bridge__"}
    exec(compile(case["code"], f"<{case['lesson']}/{case['name']}>", "exec"), ns)
    missing = [n for n in case["names"] if n not in ns]
    if missing:
        raise KeyError(f"{case['lesson']}/{case['name']}: the snippet defines no {missing}")
    return {n: tensor(ns[n]) for n in case["names"]}


def main():
    src = json.load(sys.stdin)
    cases = []
    for case in src["cases"]:
        results = run(case)
        cases.append({"lesson": case["lesson"], "name": case["name"], "state": case["state"], "code": case["code"], "results": results})
        print(f"{case['lesson']}/{case['name']}: {', '.join(case['names'])}")
    doc = {
        "format": "cases[]: {lesson, name, state (overrides of the app's defaults), code (the snippet), "
        "results: {variable: {shape, data (row-major float32, shortest round-trip decimal)}}}",
        "generator": "node scripts/make_bridge_fixtures.mjs (runs scripts/make_bridge_fixtures.py)",
        "torch": torch.__version__,
        "tolerance": {"atol": ATOL, "rtol": RTOL},
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
