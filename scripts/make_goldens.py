#!/usr/bin/python3
"""scripts/make_goldens.py — writes tests/fixtures/golden.json, the PyTorch reference values the
core is tested against natively (tests/core/test_golden.cpp) and as WASM (tests/wasm/golden.test.mjs).

Run with Debian's Python and python3-torch:  /usr/bin/python3 scripts/make_goldens.py
The fixtures are committed; CI never needs torch. Every expected tensor is computed by PyTorch
itself (nn.MultiheadAttention, torch.softmax, autograd), inputs come from a fixed seed.
It does not test anything: the test files compare.

JSON layout: {"generator": …, "cases": [{"name", "kind", "inputs": {…}, "expected": {…}}]}.
A matrix is {"rows", "cols", "data": [row-major floats]}; -inf is written as the string
"-Infinity" (JSON has no infinities). Floats are float32 values printed exactly.
"""
import json
import math
import os

import torch

torch.manual_seed(20261123)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "golden.json")


def num(x):
    x = float(x)
    if math.isinf(x) and x < 0:
        return "-Infinity"
    assert math.isfinite(x), x
    return x


def mat(t):
    t = t.detach().to(torch.float32)
    if t.dim() == 1:
        t = t.unsqueeze(0)
    assert t.dim() == 2
    return {"rows": t.shape[0], "cols": t.shape[1], "data": [num(v) for v in t.reshape(-1).tolist()]}


def vec(t):
    return [num(v) for v in t.detach().to(torch.float32).reshape(-1).tolist()]


def randn(*shape, scale=1.0):
    return (torch.randn(*shape, dtype=torch.float32) * scale).to(torch.float32)


cases = []

# ---- softmax with temperature ------------------------------------------------------------
for name, x, t in [
    ("softmax_t1", randn(4, 7, scale=3.0), 1.0),
    ("softmax_t0.5", randn(3, 5, scale=2.0), 0.5),
    ("softmax_t2.5", randn(3, 6, scale=2.0), 2.5),
    ("softmax_large_logits", torch.tensor([[1e4, -1e4, 0.0, 9999.0], [-1e4, -9999.5, -1e4, -1e4]]), 1.0),
]:
    cases.append({"name": name, "kind": "softmax", "inputs": {"x": mat(x), "temperature": t},
                  "expected": {"output": mat(torch.softmax(x / t, dim=-1))}})
x = randn(3, 5)
x[0, 1] = -math.inf
x[2, 0] = -math.inf
x[2, 4] = -math.inf
cases.append({"name": "softmax_neg_inf", "kind": "softmax", "inputs": {"x": mat(x), "temperature": 1.0},
              "expected": {"output": mat(torch.softmax(x, dim=-1))}})


# ---- scaled dot-product attention, every intermediate -----------------------------------------
def sdpa(Q, K, V, causal=False, mask=None, scale=None):
    d_k = Q.shape[-1]
    s = 1.0 / math.sqrt(d_k) if scale is None else scale
    scores = Q @ K.T
    scaled = scores * torch.tensor(s, dtype=torch.float32)
    blocked = torch.zeros(scores.shape, dtype=torch.bool)
    if causal:
        blocked |= torch.ones(scores.shape, dtype=torch.bool).triu(1)
    if mask is not None:
        blocked |= mask != 0
    masked = scaled.masked_fill(blocked, -math.inf)
    weights = torch.softmax(masked, dim=-1)
    return {"scores": mat(scores), "scaled": mat(scaled), "masked": mat(masked),
            "weights": mat(weights), "output": mat(weights @ V)}


Q, K, V = randn(5, 8), randn(7, 8), randn(7, 3)
cases.append({"name": "attention_cross", "kind": "attention",
              "inputs": {"Q": mat(Q), "K": mat(K), "V": mat(V)}, "expected": sdpa(Q, K, V)})
X = randn(6, 4)
cases.append({"name": "attention_self_causal", "kind": "attention",
              "inputs": {"Q": mat(X), "K": mat(X), "V": mat(X), "causal": True},
              "expected": sdpa(X, X, X, causal=True)})
Q, K, V = randn(4, 6), randn(5, 6), randn(5, 5)
mask = (torch.rand(4, 5) < 0.4).to(torch.float32)
mask[:, 0] = 0  # keep one key open per row: PyTorch gives NaN for a fully blocked row
cases.append({"name": "attention_mask_scale", "kind": "attention",
              "inputs": {"Q": mat(Q), "K": mat(K), "V": mat(V), "mask": mat(mask), "scale": 0.3},
              "expected": sdpa(Q, K, V, mask=mask, scale=0.3)})
Q, K, V = randn(3, 16, scale=3.0), randn(3, 16, scale=3.0), randn(3, 2)
cases.append({"name": "attention_causal_mask_combined", "kind": "attention",
              "inputs": {"Q": mat(Q), "K": mat(K), "V": mat(V), "causal": True,
                         "mask": mat(torch.tensor([[0, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=torch.float32))},
              "expected": sdpa(Q, K, V, causal=True,
                               mask=torch.tensor([[0, 0, 0], [1, 0, 0], [0, 1, 0]], dtype=torch.float32))})


# ---- additive (Bahdanau) attention -------------------------------------------------------------
def additive(Q, K, V, Wq, Wk, v, mask=None):
    hidden = torch.tanh((Q @ Wq.T)[:, None, :] + (K @ Wk.T)[None, :, :])  # (T_q, T_k, h)
    scores = hidden @ v  # (T_q, T_k)
    masked = scores if mask is None else scores.masked_fill(mask != 0, -math.inf)
    weights = torch.softmax(masked, dim=-1)
    return {"scores": mat(scores), "weights": mat(weights), "output": mat(weights @ V)}


Q, K, V = randn(4, 5), randn(6, 3), randn(6, 2)
Wq, Wk, v = randn(7, 5, scale=0.5), randn(7, 3, scale=0.5), randn(7)
cases.append({"name": "additive_basic", "kind": "additive",
              "inputs": {"Q": mat(Q), "K": mat(K), "V": mat(V), "Wq": mat(Wq), "Wk": mat(Wk), "v": vec(v)},
              "expected": additive(Q, K, V, Wq, Wk, v)})
mask = torch.zeros(4, 6)
mask[:, 4:] = 1  # the last two keys are padding
cases.append({"name": "additive_masked", "kind": "additive",
              "inputs": {"Q": mat(Q), "K": mat(K), "V": mat(V), "Wq": mat(Wq), "Wk": mat(Wk), "v": vec(v),
                         "mask": mat(mask)},
              "expected": additive(Q, K, V, Wq, Wk, v, mask)})


# ---- nn.MultiheadAttention ---------------------------------------------------------------------
def mha_case(name, E, h, T_q, T_k, self_attn=True, bias=True, causal=False, mask=None, kpm=None):
    m = torch.nn.MultiheadAttention(E, h, batch_first=True, bias=bias)
    with torch.no_grad():  # non-zero biases so they are really tested
        if bias:
            m.in_proj_bias.copy_(randn(3 * E, scale=0.5))
            m.out_proj.bias.copy_(randn(E, scale=0.5))
    m.eval()
    query = randn(T_q, E)
    key = query if self_attn else randn(T_k, E)
    value = query if self_attn else randn(T_k, E)
    blocked = torch.zeros(T_q, T_k, dtype=torch.bool)
    if causal:
        blocked |= torch.ones(T_q, T_k, dtype=torch.bool).triu(1)
    if mask is not None:
        blocked |= mask != 0
    kpm_t = None if kpm is None else torch.tensor(kpm, dtype=torch.bool)[None, :]
    with torch.no_grad():
        out, avg = m(query[None], key[None], value[None], attn_mask=blocked if blocked.any() else None,
                     key_padding_mask=kpm_t, need_weights=True, average_attn_weights=True)
        _, per_head = m(query[None], key[None], value[None], attn_mask=blocked if blocked.any() else None,
                        key_padding_mask=kpm_t, need_weights=True, average_attn_weights=False)
    inputs = {"query": mat(query), "key": mat(key), "value": mat(value), "numHeads": h,
              "inProjWeight": mat(m.in_proj_weight), "outProjWeight": mat(m.out_proj.weight),
              "causal": causal}
    if bias:
        inputs["inProjBias"] = vec(m.in_proj_bias)
        inputs["outProjBias"] = vec(m.out_proj.bias)
    if mask is not None:
        inputs["mask"] = mat(mask)
    if kpm is not None:
        inputs["keyPaddingMask"] = kpm
    cases.append({"name": name, "kind": "multihead", "inputs": inputs,
                  "expected": {"output": mat(out[0]), "averageWeights": mat(avg[0]),
                               "headWeights": [mat(per_head[0, i]) for i in range(h)]}})


mha_case("mha_self_E8_h2", 8, 2, 5, 5)
mha_case("mha_cross_E12_h3", 12, 3, 4, 6, self_attn=False)
mha_case("mha_self_causal_E16_h4", 16, 4, 7, 7, causal=True)
mha_case("mha_cross_padding_E8_h4", 8, 4, 3, 5, self_attn=False, kpm=[0, 0, 0, 1, 1])
mha_case("mha_nobias_E6_h1", 6, 1, 4, 4, bias=False)
m = torch.zeros(5, 6)
m[1, 2] = 1
m[3, 0] = 1
m[4, 5] = 1
mha_case("mha_mask_E10_h5", 10, 5, 5, 6, self_attn=False, mask=m, kpm=[0, 0, 0, 0, 1, 0])


# ---- sinusoidal positional encoding, in float64 then rounded once ---------------------------------
def pe(length, d):
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    j = torch.arange(d, dtype=torch.float64)[None, :]
    angle = pos / torch.pow(torch.tensor(10000.0, dtype=torch.float64), (2 * torch.div(j, 2, rounding_mode="floor")) / d)
    even = (torch.arange(d) % 2 == 0)[None, :]
    return torch.where(even, torch.sin(angle), torch.cos(angle)).to(torch.float32)


for length, d in [(50, 16), (7, 5), (128, 64), (1, 1)]:
    cases.append({"name": f"pe_{length}x{d}", "kind": "positional",
                  "inputs": {"length": length, "dModel": d}, "expected": {"output": mat(pe(length, d))}})


# ---- tanh RNN encoder and the influence of each token on h_T (autograd, float64) --------------------
def rnn_case(name, T, d_in, h):
    x, Wx, Wh, b = randn(T, d_in), randn(h, d_in, scale=0.6), randn(h, h, scale=0.4), randn(h, scale=0.1)

    def run(x64):
        state = torch.zeros(h, dtype=torch.float64)
        states = []
        for t in range(T):
            state = torch.tanh(Wx.double() @ x64[t] + Wh.double() @ state + b.double())
            states.append(state)
        return torch.stack(states)

    states = run(x.double())
    jac = torch.autograd.functional.jacobian(lambda x64: run(x64)[-1], x.double())  # (h, T, d_in)
    influence = torch.stack([jac[:, t, :].norm() for t in range(T)])
    cases.append({"name": name, "kind": "rnn",
                  "inputs": {"x": mat(x), "Wx": mat(Wx), "Wh": mat(Wh), "b": vec(b)},
                  "expected": {"states": mat(states), "influence": vec(influence)}})


rnn_case("rnn_T6_d4_h5", 6, 4, 5)
rnn_case("rnn_T20_d8_h8", 20, 8, 8)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"generator": f"scripts/make_goldens.py with torch {torch.__version__}", "cases": cases}, f,
              separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")
