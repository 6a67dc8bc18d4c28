#!/usr/bin/python3
"""scripts/make_transformer_goldens.py — writes tests/fixtures/transformer_golden.json, the PyTorch
reference values of the lab's Transformer (core/include/attn/transformer.hpp), tested natively
(tests/core/test_transformer_golden.cpp) and as WASM (tests/wasm/transformer-golden.test.mjs).

Run with Debian's Python:  /usr/bin/python3 scripts/make_transformer_goldens.py
It installs python3-torch with apt-get when `import torch` fails. The fixtures are committed; CI
never needs torch. Inputs and weights come from fixed seeds, so a rerun with the same torch
writes the same file.

The reference models are the PyTorch modules of docs/transformer-pytorch.md (its first code block
is executed as written): Seq2SeqTransformer (nn.Transformer, post-norm, ReLU, LayerNorm eps 1e-5,
final LayerNorms after both stacks) and CausalLM (nn.TransformerEncoder with a causal mask and no
final LayerNorm), dropout 0, run in train() mode so PyTorch 1.13's inference fast paths and
nested tensors stay out. nn.Transformer returns no attention maps and gives NaN for a query
whose keys are all padding, where the lab's convention is zero weights; so the numbers in the
fixture come from `functional_*` below, a re-implementation with F.linear / F.layer_norm /
softmax and explicit heads that this script ASSERTS equal to the nn modules (logits, loss, every
gradient, to 1e-6 abs + 1e-5 rel) on every sequence that has no all-padding key row, and that
defines the reference for the one that has (fully blocked rows get zero weights; the output of
such an attention is the out_proj bias). For that case the JSON also records what the nn module
itself returns (NaN). Also asserted: a padded sequence's results at its real positions equal
those of the same sequence alone, unpadded (per-sequence results are recorded for the
single-sequence JS API), and the safetensors writer below round-trips through the doc's reader.

JSON format ("format" in the file says the same):
  {"format", "generator", "tolerance": {"atol", "rtol"},
   "models": {model name: {"kind": "seq2seq" | "causal_lm", "config": {...}, "task": task or null,
              "params": {state_dict name: tensor}}},          # every parameter, state_dict order
   "cases": [{"name", "model": model name, "kind", "positional": "sinusoidal" | "none",
              "inputs": seq2seq: {"source" (B, S), "targetIn" (B, T), "targetOut" (B, T)} |
                        causal_lm: {"ids" (B, T), "nextIds" (B, T)}      # int ids, 0 = <pad>
              "expected": {"logits": (B, T, V), "loss": mean CE over non-pad targets,
                           "lossTokens": how many, "gradients": {name: tensor} of that loss,
                           "attention": {"encoderSelf": (L_enc, B, H, S, S),
                                         "decoderSelf": (L_dec, B, H, T, T),
                                         "cross": (L_dec, B, H, T, S)},
                                         # causal_lm: {"decoderSelf": (L, B, H, T, T)} only, its
                                         # layers (encoder.layers.i) being the core's kDecoder block
                           "sequences": [per batch row b: {"source", "targetIn", "targetOut" |
                               "ids", "nextIds": that row without its trailing padding,
                               "logits" (T_b, V), "attention" as above without the B axis,
                               "loss", "lossTokens", and for some rows "gradients"}]},
              "torchModule": only for a case with an all-padding source: {"logits", "loss"} as
                             nn.Transformer returns them (NaN for the all-padding row)}]}
  A tensor is {"shape": [...], "data": [row-major floats]}; floats are float32 values written
  with the shortest decimal that reads back as the same float32; NaN is the string "NaN".
  An all-padding source row keeps its padding in "sequences" (its "source" is all zeros).
Config: seq2seq {srcVocab, tgtVocab, dModel, numHeads, encoderLayers, decoderLayers, ffDim};
causal_lm {vocab, dModel, numHeads, layers, ffDim}. Masks: source/target/memory keys are
blocked where the id is 0; decoder self-attention and causal_lm are causal (causal_lm has no
padding mask, as in CausalLM.forward; with right padding its real positions never see a pad).
"""
import contextlib
import io
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import warnings

try:
    import torch
except ImportError:  # Debian's PyTorch (python3-torch 1.13), the version the fixtures were made with
    for attempt in range(20):  # apt may be locked by another install for a few minutes
        if subprocess.run(["apt-get", "install", "-y", "python3-torch"]).returncode == 0:
            break
        time.sleep(30)
    else:
        sys.exit("apt-get install -y python3-torch failed")
    if sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    import torch
import json

import numpy as np
import torch.nn.functional as F

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "transformer_golden.json")
DOC = os.path.join(ROOT, "docs", "transformer-pytorch.md")
ATOL, RTOL = 1e-6, 1e-5  # functional re-implementation vs the nn modules (float32 both)
torch.use_deterministic_algorithms(True)
torch.set_num_threads(1)
warnings.filterwarnings("ignore", message="The PyTorch API of nested tensors")  # eval() in the doc loader

# ---- the PyTorch modules, exactly as in the doc ----------------------------------------------------
DOC_BLOCKS = re.findall(r"```python\n(.*?)```", open(DOC).read(), re.S)
ref = {}
exec(compile(DOC_BLOCKS[0], DOC + " (block 1)", "exec"), ref)
Seq2SeqTransformer, CausalLM, sinusoidal_pe = ref["Seq2SeqTransformer"], ref["CausalLM"], ref["sinusoidal_pe"]
PAD, BOS, EOS = 0, 1, 2


def pe_like_core(length, d):
    """core/src/positional.cpp line by line: exponent, std::pow, angle = pos * inv_freq, float()."""
    out = np.empty((length, d), dtype=np.float32)
    for j in range(d):
        exponent = float(2 * (j // 2)) / float(d)
        inv_freq = math.pow(10000.0, -exponent)
        for pos in range(length):
            angle = float(pos) * inv_freq
            out[pos, j] = np.float32(math.sin(angle) if j % 2 == 0 else math.cos(angle))
    return torch.from_numpy(out)


for length, d in [(20, 8), (7, 5), (64, 16)]:
    assert torch.equal(sinusoidal_pe(length, d), pe_like_core(length, d)), "doc PE != core PE"


# ---- the functional re-implementation (defines the fixture's numbers) ------------------------------
def attention(p, prefix, xq, xkv, heads, blocked):
    """nn.MultiheadAttention (packed in_proj, q scaled by 1/sqrt(head_dim) before q·k, out_proj) with
    per-head weights; blocked (B, T_q, T_k) bool. A row with every key blocked gets zero weights."""
    d = xq.shape[-1]
    w, b = p[prefix + "in_proj_weight"], p[prefix + "in_proj_bias"]
    q = F.linear(xq, w[:d], b[:d])
    k = F.linear(xkv, w[d:2 * d], b[d:2 * d])
    v = F.linear(xkv, w[2 * d:], b[2 * d:])
    B, tq, tk, hd = xq.shape[0], xq.shape[1], xkv.shape[1], d // heads
    q = q.reshape(B, tq, heads, hd).transpose(1, 2) / math.sqrt(hd)
    k = k.reshape(B, tk, heads, hd).transpose(1, 2)
    v = v.reshape(B, tk, heads, hd).transpose(1, 2)
    blk = blocked[:, None, :, :]
    scores = (q @ k.transpose(-2, -1)).masked_fill(blk, -math.inf)
    scores = scores.masked_fill(blk.all(-1, keepdim=True), 0.0)  # fully blocked row: no NaN, no grad
    weights = torch.softmax(scores, dim=-1).masked_fill(blk, 0.0)
    out = (weights @ v).transpose(1, 2).reshape(B, tq, d)
    return F.linear(out, p[prefix + "out_proj.weight"], p[prefix + "out_proj.bias"]), weights


def layer_norm(p, prefix, x):
    return F.layer_norm(x, (x.shape[-1],), p[prefix + "weight"], p[prefix + "bias"], 1e-5)


def feed_forward(p, prefix, x):
    h = torch.relu(F.linear(x, p[prefix + "linear1.weight"], p[prefix + "linear1.bias"]))
    return F.linear(h, p[prefix + "linear2.weight"], p[prefix + "linear2.bias"])


def encoder_layer(p, prefix, x, heads, blocked, maps):
    a, w = attention(p, prefix + "self_attn.", x, x, heads, blocked)
    maps.append(w)
    x = layer_norm(p, prefix + "norm1.", x + a)
    return layer_norm(p, prefix + "norm2.", x + feed_forward(p, prefix, x))


def embed(p, name, ids, d, positional):
    x = F.embedding(ids, p[name]) * math.sqrt(d)
    return x + pe_like_core(ids.shape[1], d) if positional == "sinusoidal" else x


def causal(t):
    return torch.ones(t, t, dtype=torch.bool).triu(1)


def functional_seq2seq(p, cfg, positional, src, tgt_in):
    d, H = cfg["dModel"], cfg["numHeads"]
    B, S, T = src.shape[0], src.shape[1], tgt_in.shape[1]
    src_pad, tgt_pad = src == PAD, tgt_in == PAD
    enc_blocked = src_pad[:, None, :].expand(B, S, S)
    self_blocked = causal(T)[None] | tgt_pad[:, None, :]
    cross_blocked = src_pad[:, None, :].expand(B, T, S)
    enc_maps, dec_maps, cross_maps = [], [], []
    x = embed(p, "src_embed.weight", src, d, positional)
    for i in range(cfg["encoderLayers"]):
        x = encoder_layer(p, f"transformer.encoder.layers.{i}.", x, H, enc_blocked, enc_maps)
    memory = layer_norm(p, "transformer.encoder.norm.", x)
    y = embed(p, "tgt_embed.weight", tgt_in, d, positional)
    for i in range(cfg["decoderLayers"]):
        pre = f"transformer.decoder.layers.{i}."
        a, w = attention(p, pre + "self_attn.", y, y, H, self_blocked)
        dec_maps.append(w)
        y = layer_norm(p, pre + "norm1.", y + a)
        a, w = attention(p, pre + "multihead_attn.", y, memory, H, cross_blocked)
        cross_maps.append(w)
        y = layer_norm(p, pre + "norm2.", y + a)
        y = layer_norm(p, pre + "norm3.", y + feed_forward(p, pre, y))
    y = layer_norm(p, "transformer.decoder.norm.", y)
    logits = F.linear(y, p["generator.weight"], p["generator.bias"])
    return logits, {"encoderSelf": torch.stack(enc_maps), "decoderSelf": torch.stack(dec_maps),
                    "cross": torch.stack(cross_maps)}  # (L, B, H, T_q, T_k)


def functional_causal_lm(p, cfg, positional, ids):
    d, H, T = cfg["dModel"], cfg["numHeads"], ids.shape[1]
    maps = []
    x = embed(p, "embed.weight", ids, d, positional)
    blocked = causal(T)[None].expand(ids.shape[0], T, T)
    for i in range(cfg["layers"]):
        x = encoder_layer(p, f"encoder.layers.{i}.", x, H, blocked, maps)
    return F.linear(x, p["generator.weight"], p["generator.bias"]), {"decoderSelf": torch.stack(maps)}


def cross_entropy(logits, target):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=PAD)


# ---- models with seeded, deliberately non-trivial weights ------------------------------------------
def build(kind, cfg, positional="sinusoidal"):
    if kind == "seq2seq":
        return Seq2SeqTransformer(cfg["srcVocab"], cfg["tgtVocab"], cfg["dModel"], cfg["numHeads"],
                                  cfg["encoderLayers"], cfg["decoderLayers"], cfg["ffDim"], positional)
    return CausalLM(cfg["vocab"], cfg["dModel"], cfg["numHeads"], cfg["layers"], cfg["ffDim"], positional)


def random_params(kind, cfg, seed):
    g = torch.Generator().manual_seed(seed)
    sd = build(kind, cfg).state_dict()
    out = {}
    for name, t in sd.items():
        r = torch.randn(t.shape, generator=g, dtype=torch.float32)
        if ".norm" in name or name.startswith("norm"):  # LayerNorm: scales around 1, non-zero shifts
            r = 1.0 + 0.3 * r if name.endswith("weight") else 0.2 * r
        elif name.endswith("embed.weight"):
            r = 0.5 * r
        elif name.endswith("bias"):
            r = 0.2 * r
        else:  # a Linear weight (out, in): ~unit-variance outputs; in_proj sharper for peaked maps
            r = r / math.sqrt(t.shape[1]) * (1.6 if "in_proj" in name else 1.0)
        out[name] = r.contiguous()
    return out


# ---- JSON helpers -----------------------------------------------------------------------------------
def num(x):
    x = np.float32(x)
    return "NaN" if np.isnan(x) else float(str(x))  # shortest decimal of the float32


def tensor(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [num(v) for v in t.reshape(-1).numpy()]}


def close(a, b, what, atol=ATOL, rtol=RTOL):
    a, b = a.detach().double(), b.detach().double()
    assert a.shape == b.shape, (what, a.shape, b.shape)
    err = ((a - b).abs() - (atol + rtol * b.abs())).max().item() if a.numel() else -1
    assert err <= 0, f"{what}: off by {err + atol:.3g} (max |a-b| {(a - b).abs().max().item():.3g})"


def ids_tensor(rows):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [PAD] * (width - len(r)) for r in rows], dtype=torch.long)


def trim(row):
    row = list(row)
    while row and row[-1] == PAD:
        row.pop()
    return row


# ---- one case ------------------------------------------------------------------------------------------
models, cases = {}, []


def add_model(name, kind, cfg, seed, task=None):
    models[name] = {"kind": kind, "config": cfg, "task": task, "params": random_params(kind, cfg, seed)}


def run_functional(model, positional, inputs, with_grads=True):
    """logits, maps, loss and (optionally) gradients of the functional model on padded inputs."""
    p = {k: v.clone().requires_grad_(True) for k, v in model["params"].items()}
    if model["kind"] == "seq2seq":
        logits, maps = functional_seq2seq(p, model["config"], positional, inputs["source"], inputs["targetIn"])
        loss = cross_entropy(logits, inputs["targetOut"])
    else:
        logits, maps = functional_causal_lm(p, model["config"], positional, inputs["ids"])
        loss = cross_entropy(logits, inputs["nextIds"])
    grads = None
    if with_grads:
        loss.backward()
        grads = {k: v.grad for k, v in p.items()}
    return logits.detach(), {k: m.detach() for k, m in maps.items()}, loss.detach(), grads


def run_module(model, positional, inputs):
    m = build(model["kind"], model["config"], positional)
    m.load_state_dict(model["params"])
    m.train()  # dropout is 0; train() keeps 1.13's fast paths and nested tensors out
    if model["kind"] == "seq2seq":
        logits = m(inputs["source"], inputs["targetIn"])
        loss = cross_entropy(logits, inputs["targetOut"])
    else:
        logits = m(inputs["ids"])
        loss = cross_entropy(logits, inputs["nextIds"])
    loss.backward()
    return logits.detach(), loss.detach(), {k: v.grad for k, v in m.named_parameters()}


def add_case(name, model_name, positional, rows, grad_rows=(0,)):
    """rows: seq2seq [(source, target)] without <bos>/<eos>, or causal_lm [(ids, next_ids)]."""
    model = models[model_name]
    kind = model["kind"]
    if kind == "seq2seq":
        inputs = {"source": ids_tensor([s for s, _ in rows]), "targetIn": ids_tensor([[BOS] + t for _, t in rows]),
                  "targetOut": ids_tensor([t + [EOS] for _, t in rows])}
        row_keys = ["source", "targetIn", "targetOut"]
    else:
        inputs = {"ids": ids_tensor([i for i, _ in rows]), "nextIds": ids_tensor([n for _, n in rows])}
        row_keys = ["ids", "nextIds"]
    logits, maps, loss, grads = run_functional(model, positional, inputs)
    m_logits, m_loss, m_grads = run_module(model, positional, inputs)
    all_pad = [b for b in range(len(rows)) if kind == "seq2seq" and not (inputs["source"][b] != PAD).any()]
    case = {"name": name, "model": model_name, "kind": kind, "positional": positional,
            "inputs": {k: v.tolist() for k, v in inputs.items()}}

    # (a) the functional model is the nn module wherever the module is defined
    fine = [b for b in range(len(rows)) if b not in all_pad]
    close(logits[fine], m_logits[fine], f"{name}: logits vs nn module")
    if all_pad:
        assert torch.isnan(m_logits[all_pad]).all() and torch.isnan(m_loss), "nn module no longer gives NaN?"
        assert torch.isfinite(logits).all() and torch.isfinite(loss)
        case["torchModule"] = {"logits": tensor(m_logits), "loss": num(m_loss)}
        # the other rows alone through the nn module: loss and gradients agree with ours on them
        sub = {k: v[fine] for k, v in inputs.items()}
        _, s_loss, s_grads = run_module(model, positional, sub)
        _, _, f_loss, f_grads = run_functional(model, positional, sub)
        close(f_loss, s_loss, f"{name}: loss without the all-padding row")
        for k in f_grads:
            close(f_grads[k], s_grads[k], f"{name}: grad {k} without the all-padding row")
    else:
        close(loss, m_loss, f"{name}: loss vs nn module")
        for k in grads:
            close(grads[k], m_grads[k], f"{name}: grad {k} vs nn module")
    for k, w in maps.items():  # every row a distribution, or all zeros when every key is blocked
        sums = w.sum(-1)
        assert (((sums - 1).abs() < 1e-5) | (sums == 0)).all(), k
        assert not torch.isnan(w).any()

    # per sequence, unpadded: what the single-sequence JS API returns
    sequences = []
    for b in range(len(rows)):
        one = {k: ids_tensor([trim(inputs[k][b].tolist()) or inputs[k][b].tolist()]) for k in row_keys}
        o_logits, o_maps, o_loss, o_grads = run_functional(model, positional, one, with_grads=b in grad_rows)
        n = one[row_keys[1]].shape[1] if kind == "seq2seq" else one["ids"].shape[1]
        s = one["source"].shape[1] if kind == "seq2seq" else n
        close(o_logits[0], logits[b, :n], f"{name}: row {b} padded vs alone")
        for k, w in o_maps.items():
            tq = w.shape[-2]
            close(w[:, 0], maps[k][:, b, :, :tq, :w.shape[-1]], f"{name}: row {b} {k} padded vs alone")
            assert (maps[k][:, b, :, :tq, w.shape[-1]:] == 0).all(), "a padding key got weight"
        if b not in all_pad:
            m_o_logits, _, _ = run_module(model, positional, one)
            close(o_logits, m_o_logits, f"{name}: row {b} alone vs nn module")
        assert s == one[row_keys[0]].shape[1]
        seq = {k: one[k][0].tolist() for k in row_keys}
        seq.update({"logits": tensor(o_logits[0]), "attention": {k: tensor(w[:, 0]) for k, w in o_maps.items()},
                    "loss": num(o_loss), "lossTokens": int((one[row_keys[-1]] != PAD).sum())})
        if o_grads is not None:
            seq["gradients"] = {k: tensor(v) for k, v in o_grads.items()}
        sequences.append(seq)

    target = inputs["targetOut"] if kind == "seq2seq" else inputs["nextIds"]
    case["expected"] = {"logits": tensor(logits), "loss": num(loss), "lossTokens": int((target != PAD).sum()),
                        "gradients": {k: tensor(v) for k, v in grads.items()},
                        "attention": {k: tensor(w) for k, w in maps.items()}, "sequences": sequences}
    cases.append(case)
    print(f"{name}: B={len(rows)} loss={loss.item():.6f}" + (f" (nn module: {m_loss.item()})" if all_pad else ""))


# ---- the cases -------------------------------------------------------------------------------------------
rng = torch.Generator().manual_seed(20261202)


def words(vocab, n, lo=4):  # n random content ids (no specials)
    return torch.randint(lo, vocab, (n,), generator=rng).tolist()


# Small, distinct vocabularies so a swapped embedding or generator cannot pass.
SMALL = {"srcVocab": 11, "tgtVocab": 13, "dModel": 8, "numHeads": 2, "encoderLayers": 2, "decoderLayers": 2,
         "ffDim": 16}
LM_SMALL = {"vocab": 10, "dModel": 8, "numHeads": 2, "layers": 2, "ffDim": 16}
add_model("seq2seq_small", "seq2seq", SMALL, 1)
add_model("causal_lm_small", "causal_lm", LM_SMALL, 2)

add_case("seq2seq_no_padding", "seq2seq_small", "sinusoidal",
         [(words(11, 5), words(13, 4)), (words(11, 5), words(13, 4))], grad_rows=(0, 1))
add_case("seq2seq_ragged", "seq2seq_small", "sinusoidal",
         [(words(11, 6), words(13, 3)), (words(11, 3), words(13, 6)), (words(11, 1), words(13, 1))],
         grad_rows=(0, 1))
add_case("seq2seq_all_padding_source", "seq2seq_small", "sinusoidal",
         [(words(11, 4), words(13, 3)), ([PAD] * 4, words(13, 4))], grad_rows=(1,))
add_case("seq2seq_no_positional", "seq2seq_small", "none",
         [(words(11, 5), words(13, 5)), (words(11, 2), words(13, 3))], grad_rows=(0,))
add_case("causal_lm_no_padding", "causal_lm_small", "sinusoidal",
         [(words(10, 7), words(10, 7)), (words(10, 7), words(10, 7))], grad_rows=(0, 1))
lm_rows = [words(10, n) for n in (8, 5, 2)]
add_case("causal_lm_ragged", "causal_lm_small", "sinusoidal",
         [(r, r[1:] + [EOS]) for r in lm_rows], grad_rows=(1,))
add_case("causal_lm_no_positional", "causal_lm_small", "none", [(words(10, 6), words(10, 6))])

# The lab's tasks, with their vocabulary sizes, for the WASM trainer (tests/wasm): B = 1 cases with
# per-sequence gradients, sizes the trainer accepts.
TRANSLATION = {"srcVocab": 46, "tgtVocab": 48, "dModel": 8, "numHeads": 2, "encoderLayers": 2, "decoderLayers": 2,
               "ffDim": 16}
INDUCTION = {"vocab": 30, "dModel": 8, "numHeads": 2, "layers": 2, "ffDim": 16}
add_model("translation", "seq2seq", TRANSLATION, 3, task="translation")
add_model("induction", "causal_lm", INDUCTION, 4, task="induction")
# "the big black cat sees a house" → "le chat noir grand voit une maison" (ids of core/src/tasks.cpp)
SRC, TGT = ref["SRC_WORDS"], ref["TGT_WORDS"]
sentence = [SRC.index(w) for w in "the big black cat sees a house".split()]
translation = [TGT.index(w) for w in "le chat noir grand voit une maison".split()]
add_case("translation_sentence", "translation", "sinusoidal", [(sentence, translation)])
add_case("translation_no_positional", "translation", "none", [(words(46, 6), words(48, 6))])
add_case("translation_all_padding_source", "translation", "sinusoidal",
         [(words(46, 4), words(48, 2)), ([PAD] * 3, words(48, 3))], grad_rows=(0, 1))
# induction (core/src/tasks.cpp): <bos> x_1..x_n x_1..x_n of distinct letters (ids 4..29); the model
# reads <bos> x_1 .. and predicts x_1 .. x_n x_1 .. x_n
letters = (torch.randperm(26, generator=rng)[:5] + 4).tolist()
add_case("induction_sequence", "induction", "sinusoidal", [([BOS] + (letters + letters)[:-1], letters + letters)])


# ---- the doc's safetensors reader and loader, on a file written here ------------------------------------
def write_safetensors(path, tensors, metadata):
    header, offset = {"__metadata__": metadata}, 0
    for name, t in tensors.items():
        n = t.numel() * 4
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + n]}
        offset += n
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)  # the format allows trailing spaces; keeps the data 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for t in tensors.values():
            f.write(t.contiguous().numpy().astype("<f4").tobytes())


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "attention-lab-transformer.safetensors")
    model = models["translation"]
    write_safetensors(path, model["params"], {"numHeads": "2", "positional": "sinusoidal"})
    sd, meta = ref["load_safetensors"](path)
    assert list(sd) == list(model["params"]) and meta["numHeads"] == "2"
    assert all(torch.equal(sd[k], model["params"][k]) for k in sd)
    try:
        import safetensors.torch  # optional: the package, if installed, must read the same

        assert all(torch.equal(v, sd[k]) for k, v in safetensors.torch.load_file(path).items())
    except ImportError:
        pass
    lab = ref["seq2seq_from_state_dict"](sd, 2)  # eval(): the module's own inference path
    case = next(c for c in cases if c["name"] == "translation_sentence")
    with torch.no_grad():
        got = lab(torch.tensor(case["inputs"]["source"]), torch.tensor(case["inputs"]["targetIn"]))
    want = torch.tensor(case["expected"]["logits"]["data"]).reshape(got.shape)
    close(got, want, "doc loader, eval mode", atol=1e-5, rtol=1e-4)
    printed = io.StringIO()  # the doc's usage block, as written, on this file (untrained: any words)
    with contextlib.redirect_stdout(printed):
        exec(DOC_BLOCKS[1].replace('"attention-lab-transformer.safetensors"', repr(path)), dict(ref))
    assert all(w in TGT for w in printed.getvalue().split()), printed.getvalue()
    lm = ref["causal_lm_from_state_dict"](dict(models["induction"]["params"]), 2)
    case = next(c for c in cases if c["name"] == "induction_sequence")
    with torch.no_grad():
        got = lm(torch.tensor(case["inputs"]["ids"]))
    close(got, torch.tensor(case["expected"]["logits"]["data"]).reshape(got.shape), "doc LM loader", 1e-5, 1e-4)

# the doc's vocabularies are the core's (core/src/tasks.cpp, ids in order of appearance)
tasks_cpp = open(os.path.join(ROOT, "core", "src", "tasks.cpp")).read()
pairs = re.findall(r'\{"([^"]+)", "([^"]+)"\}', tasks_cpp)
assert SRC[4:6] == ["the", "a"] and SRC[6:] == [e for e, _ in pairs], "doc SRC_WORDS != core/src/tasks.cpp"
assert TGT[4:8] == ["le", "la", "un", "une"] and TGT[8:] == [f for _, f in pairs], "doc TGT_WORDS != tasks.cpp"
assert len(SRC) == TRANSLATION["srcVocab"] and len(TGT) == TRANSLATION["tgtVocab"]

FORMAT = (
    "models: {name: {kind: seq2seq|causal_lm, config, task, params: {state_dict name: tensor}}}; "
    "cases: [{name, model, kind, positional: sinusoidal|none, inputs: seq2seq {source (B,S), targetIn (B,T) "
    "starting with <bos>=1, targetOut (B,T)} | causal_lm {ids (B,T), nextIds (B,T)}, int ids with <pad>=0 "
    "right padding; expected: {logits (B,T,V), loss (mean cross-entropy over non-pad targets), lossTokens, "
    "gradients {name: tensor} of that loss, attention {encoderSelf (L,B,H,S,S), decoderSelf (L,B,H,T,T), "
    "cross (L,B,H,T,S)} | causal_lm {decoderSelf (L,B,H,T,T)} (its layers, encoder.layers.i, are the core's decoder block), sequences: per row, unpadded {ids..., logits, "
    "attention without the B axis, loss, lossTokens, gradients for some rows}}; torchModule {logits, loss} "
    "only where a source is all padding: what nn.Transformer returns (NaN)}]. tensor = {shape, data "
    "row-major}; floats are float32 (shortest round-trip decimal), NaN as the string \"NaN\". Masks: keys "
    "whose id is 0 are blocked (source, target, memory); decoder self-attention and causal_lm are causal; "
    "causal_lm has no padding mask. A query row whose keys are all blocked has zero weights (PyTorch: NaN). "
    "Embeddings scaled by sqrt(dModel) (float32), plus the core's sinusoidal PE unless positional is none. "
    "Written by scripts/make_transformer_goldens.py; PyTorch modules in docs/transformer-pytorch.md."
)
doc = {"format": FORMAT, "generator": f"scripts/make_transformer_goldens.py with torch {torch.__version__}",
       "tolerance": {"atol": 1e-4, "rtol": 1e-4},
       "models": {k: {"kind": m["kind"], "config": m["config"], "task": m["task"],
                      "params": {n: tensor(t) for n, t in m["params"].items()}} for k, m in models.items()},
       "cases": cases}
with open(OUT, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(cases)} cases, {len(models)} models, {os.path.getsize(OUT) / 1e6:.2f} MB to {os.path.relpath(OUT, ROOT)}")
