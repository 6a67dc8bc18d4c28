#!/usr/bin/python3
"""bench/transformer_torch.py — PyTorch's side of the Transformer training-speed comparison
(bench/transformer-speed.mjs writes its input and reads its output).

Reads a JSON file with the lab's model settings, the initial state dict of the WASM trainer
(state_dict names of docs/transformer-pytorch.md), Adam's settings and the exact mini-batches the
WASM trainer trained on, builds the identical PyTorch module (Seq2SeqTransformer or CausalLM,
dropout 0, the core's sinusoidal positional encoding), loads the weights, and trains on the same
batches with torch.optim.Adam and clip_grad_norm_, on the CPU with one thread, in eager mode.
Prints JSON: {torch, threads, steps, seconds (median of `rounds` timed passes after a warm-up
pass), steps_per_second, losses (the first pass's per-step losses, to check it is the same
training)}. Needs Debian's python3-torch (installs it when missing and apt-get is usable).
It does not time the WASM core (transformer-speed.mjs does) and writes no files.
Usage: /usr/bin/python3 bench/transformer_torch.py INPUT.json [rounds]
"""
import json
import math
import os
import subprocess
import sys
import time

try:
    import torch
except ImportError:  # pragma: no cover - install path
    if os.geteuid() == 0 and os.path.exists("/usr/bin/apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "python3-torch"], check=True,
                       stdout=subprocess.DEVNULL)
        import torch
    else:
        print(json.dumps({"error": "python3-torch is not installed"}))
        sys.exit(0)
from torch import nn


def positional_encoding(T, d):
    """The core's sinusoidal encoding (core/src/positional.cpp), in float32 like the core."""
    pe = torch.zeros(T, d, dtype=torch.float32)
    for p in range(T):
        for i in range(0, d, 2):
            angle = p / (10000.0 ** (i / d))
            pe[p, i] = math.sin(angle)
            if i + 1 < d:
                pe[p, i + 1] = math.cos(angle)
    return pe


def causal(T):
    return torch.triu(torch.full((T, T), float("-inf")), diagonal=1)


class Seq2SeqTransformer(nn.Module):
    def __init__(s, src_vocab, tgt_vocab, d_model, nhead, enc_layers, dec_layers, d_ff, pe):
        super().__init__()
        s.d_model, s.pe = d_model, pe
        s.src_embed = nn.Embedding(src_vocab, d_model)
        s.tgt_embed = nn.Embedding(tgt_vocab, d_model)
        s.transformer = nn.Transformer(d_model, nhead, enc_layers, dec_layers, d_ff, dropout=0.0,
                                       batch_first=True)
        s.generator = nn.Linear(d_model, tgt_vocab)

    def forward(s, src, tgt_in):
        S, T = src.shape[1], tgt_in.shape[1]
        x = s.src_embed(src) * math.sqrt(s.d_model)
        y = s.tgt_embed(tgt_in) * math.sqrt(s.d_model)
        if s.pe is not None:
            x, y = x + s.pe[:S], y + s.pe[:T]
        pad_s, pad_t = src == 0, tgt_in == 0
        return s.generator(s.transformer(x, y, tgt_mask=causal(T), src_key_padding_mask=pad_s,
                                         tgt_key_padding_mask=pad_t,
                                         memory_key_padding_mask=pad_s))


class CausalLM(nn.Module):
    def __init__(s, vocab, d_model, nhead, layers, d_ff, pe):
        super().__init__()
        s.d_model, s.pe = d_model, pe
        s.embed = nn.Embedding(vocab, d_model)
        s.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d_model, nhead, d_ff, dropout=0.0, batch_first=True), layers,
            enable_nested_tensor=False)
        s.generator = nn.Linear(d_model, vocab)

    def forward(s, ids):
        T = ids.shape[1]
        x = s.embed(ids) * math.sqrt(s.d_model)
        if s.pe is not None:
            x = x + s.pe[:T]
        return s.generator(s.encoder(x, mask=causal(T)))


def main():
    torch.set_num_threads(1)
    cfg = json.load(open(sys.argv[1]))
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    m = cfg["model"]
    pe = positional_encoding(64, m["dModel"]) if m["positional"] == "sinusoidal" else None
    if m["task"] == "induction":
        model = CausalLM(m["vocab"], m["dModel"], m["numHeads"], m["decoderLayers"], m["ffDim"], pe)
    else:
        model = Seq2SeqTransformer(m["sourceVocab"], m["vocab"], m["dModel"], m["numHeads"],
                                   m["encoderLayers"], m["decoderLayers"], m["ffDim"], pe)
    init = {k: torch.tensor(v["data"], dtype=torch.float32).reshape(v["shape"])
            for k, v in cfg["stateDict"].items()}
    batches = [{k: torch.tensor(b[k], dtype=torch.long) for k in ("src", "tgtIn", "tgtOut")}
               for b in cfg["batches"]]
    loss_fn = nn.CrossEntropyLoss(ignore_index=0)
    decoder_only = m["task"] == "induction"

    def one_pass():
        model.load_state_dict(init)
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"], betas=(0.9, 0.999), eps=1e-8)
        losses = []
        t0 = time.perf_counter()
        for b in batches:
            logits = model(b["tgtIn"]) if decoder_only else model(b["src"], b["tgtIn"])
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), b["tgtOut"].reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if cfg["clip"] > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), cfg["clip"])
            opt.step()
            losses.append(loss.item())
        return time.perf_counter() - t0, losses

    _, losses = one_pass()  # warm-up (allocator, first-call dispatch)
    times = sorted(one_pass()[0] for _ in range(rounds))
    seconds = times[len(times) // 2]
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "steps": len(batches), "seconds": seconds,
                      "steps_per_second": len(batches) / seconds, "losses": losses}))


if __name__ == "__main__":
    main()
