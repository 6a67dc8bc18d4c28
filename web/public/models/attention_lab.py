"""attention_lab.py — Attention Lab's trained models in PyTorch: the modules the core is equal
to (Seq2SeqTransformer = nn.Transformer, CausalLM = a causal nn.TransformerEncoder), a loader for
the site's .safetensors files (models/translation.safetensors, models/induction.safetensors),
greedy translation, every head's weights of one forward pass (head_maps) and one encoder layer
step by step (encoder_block_trace). The "In PyTorch" panels of lessons 8 and 10 import it.
The part up to "Attention Lab additions" is docs/transformer-pytorch.md's code, verbatim
(tests/web/bridge.test.mjs checks it). It trains nothing.
"""
import functools, json, math, struct

import torch
from torch import nn

PAD, BOS, EOS, UNK = 0, 1, 2, 3


@functools.lru_cache(maxsize=None)
def sinusoidal_pe(length, d_model):
    """PE[pos, j] = sin(pos / 10000^(2*(j//2)/d_model)) for even j, cos(...) for odd j,
    computed in double and rounded once to float32 (core/src/positional.cpp)."""
    pe = torch.empty(length, d_model, dtype=torch.float64)
    for j in range(d_model):
        inv_freq = math.pow(10000.0, -(2 * (j // 2)) / d_model)
        for pos in range(length):
            pe[pos, j] = (math.sin if j % 2 == 0 else math.cos)(pos * inv_freq)
    return pe.to(torch.float32)


def causal_mask(t):
    return torch.ones(t, t, dtype=torch.bool).triu(1)  # True = blocked (a later position)


def embed(table, ids, d_model, positional):
    x = table(ids) * math.sqrt(d_model)
    return x + sinusoidal_pe(ids.shape[1], d_model) if positional == "sinusoidal" else x


class Seq2SeqTransformer(nn.Module):  # tasks: translation, reversal
    def __init__(s, src_vocab, tgt_vocab, d_model, nhead, enc_layers, dec_layers, d_ff, positional="sinusoidal"):
        super().__init__()
        s.d_model, s.positional = d_model, positional
        s.src_embed = nn.Embedding(src_vocab, d_model)
        s.tgt_embed = nn.Embedding(tgt_vocab, d_model)
        s.transformer = nn.Transformer(d_model, nhead, enc_layers, dec_layers, d_ff, dropout=0.0, batch_first=True)
        s.generator = nn.Linear(d_model, tgt_vocab)

    def forward(s, src, tgt_in):  # ids (B, S), (B, T); tgt_in starts with <bos>; returns logits (B, T, tgt_vocab)
        x = embed(s.src_embed, src, s.d_model, s.positional)
        y = embed(s.tgt_embed, tgt_in, s.d_model, s.positional)
        h = s.transformer(x, y, tgt_mask=causal_mask(tgt_in.shape[1]), src_key_padding_mask=src == PAD,
                          tgt_key_padding_mask=tgt_in == PAD, memory_key_padding_mask=src == PAD)
        return s.generator(h)


class CausalLM(nn.Module):  # task: induction
    def __init__(s, vocab, d_model, nhead, layers, d_ff, positional="sinusoidal"):
        super().__init__()
        s.d_model, s.positional = d_model, positional
        s.embed = nn.Embedding(vocab, d_model)
        layer = nn.TransformerEncoderLayer(d_model, nhead, d_ff, dropout=0.0, batch_first=True)
        s.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        s.generator = nn.Linear(d_model, vocab)

    def forward(s, ids):  # ids (B, T); returns next-token logits (B, T, vocab)
        x = embed(s.embed, ids, s.d_model, s.positional)
        return s.generator(s.encoder(x, mask=causal_mask(ids.shape[1])))


def load_safetensors(path):
    """{name: float32 tensor} and the header's __metadata__ ({} if none) of a .safetensors file
    (8-byte little-endian header length, JSON header, raw little-endian data). Same result as
    safetensors.torch.load_file(path) for F32 tensors, without the package."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    meta = header.pop("__metadata__", None) or {}
    tensors = {}
    for name, t in header.items():
        if t["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {t['dtype']}, expected F32")
        begin, end = t["data_offsets"]
        data = torch.frombuffer(bytearray(blob[8 + n + begin:8 + n + end]), dtype=torch.float32)
        tensors[name] = data.reshape(t["shape"]).clone()  # assumes a little-endian machine
    return tensors, meta


def layer_count(sd, prefix):
    return len({k[len(prefix):].split(".")[0] for k in sd if k.startswith(prefix)})


def seq2seq_from_state_dict(sd, nhead, positional="sinusoidal"):
    src_vocab, d_model = sd["src_embed.weight"].shape
    model = Seq2SeqTransformer(src_vocab, sd["tgt_embed.weight"].shape[0], d_model, nhead,
                               layer_count(sd, "transformer.encoder.layers."),
                               layer_count(sd, "transformer.decoder.layers."),
                               sd["transformer.encoder.layers.0.linear1.weight"].shape[0], positional)
    model.load_state_dict(sd)  # strict: every name and shape must match
    return model.eval()


def causal_lm_from_state_dict(sd, nhead, positional="sinusoidal"):
    vocab, d_model = sd["embed.weight"].shape
    model = CausalLM(vocab, d_model, nhead, layer_count(sd, "encoder.layers."),
                     sd["encoder.layers.0.linear1.weight"].shape[0], positional)
    model.load_state_dict(sd)
    return model.eval()


@torch.no_grad()
def greedy_translate(model, src_ids, max_len=40):
    """Target ids (without <bos>/<eos>) decoded greedily: each step feeds everything so far."""
    src, out = torch.tensor([src_ids]), [BOS]
    for _ in range(max_len):
        next_id = int(model(src, torch.tensor([out]))[0, -1].argmax())
        if next_id == EOS:
            break
        out.append(next_id)
    return out[1:]


# The translation task's vocabularies (core/src/tasks.cpp): ids are list positions.
SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]
SRC_WORDS = SPECIALS + """the a cat dog bird child book tree house car table girl flower city
  black white big small red old green blue happy young sees likes eats finds follows takes
  sleeps runs sings waits on under with without today now again slowly""".split()
TGT_WORDS = SPECIALS + """le la un une chat chien oiseau enfant livre arbre maison voiture table
  fille fleur ville noir blanc grand petit rouge vieux vert bleu heureux jeune voit aime mange
  trouve suit prend dort court chante attend sur sous avec sans aujourd'hui maintenant encore
  lentement""".split()


def translate(model, sentence):
    ids = [SRC_WORDS.index(w) if w in SRC_WORDS else UNK for w in sentence.lower().split()]
    return " ".join(TGT_WORDS[i] for i in greedy_translate(model, ids))


# ---- Attention Lab additions: what the lessons' figures show -----------------------------------


def head_maps(model, *inputs):
    """Every head's attention weights during model(*inputs), as average_attn_weights=False gives
    them: {"encoder", "decoder", "cross"} → [layer][head] (T_q, T_k) tensors (CausalLM: "decoder"
    only, its causal layers). Each nn.MultiheadAttention is called with need_weights=True for this
    pass; the model runs in train mode (dropout is 0) so PyTorch's fused fast path, which skips
    the weights, is not taken."""
    found = {}
    if isinstance(model, Seq2SeqTransformer):
        blocks = [("encoder", l, m.self_attn) for l, m in enumerate(model.transformer.encoder.layers)]
        for l, m in enumerate(model.transformer.decoder.layers):
            blocks += [("decoder", l, m.self_attn), ("cross", l, m.multihead_attn)]
    else:
        blocks = [("decoder", l, m.self_attn) for l, m in enumerate(model.encoder.layers)]

    def record(block, layer, mha):
        forward = mha.forward

        def with_weights(*args, **kwargs):
            kwargs.update(need_weights=True, average_attn_weights=False)
            out, w = forward(*args, **kwargs)
            found.setdefault(block, {})[layer] = w[0].detach()  # (n_heads, T_q, T_k)
            return out, w

        mha.forward = with_weights

    was_training = model.training
    for b in blocks:
        record(*b)
    try:
        model.train()
        with torch.no_grad():
            model(*inputs)
    finally:
        for _, _, mha in blocks:
            del mha.forward  # back to the class's forward
        model.train(was_training)
    return {b: [list(found[b][l]) for l in sorted(found[b])] for b in found}


@torch.no_grad()
def encoder_block_trace(model, src, layer):
    """One encoder layer of a Seq2SeqTransformer on src (1, S), step by step (post-norm,
    nn.TransformerEncoderLayer): {input, attention, sum1, norm1, feed_forward, sum2, output},
    each (S, d_model)."""
    x = embed(model.src_embed, src, model.d_model, model.positional)
    for l, m in enumerate(model.transformer.encoder.layers):
        attention = m.self_attn(x, x, x, need_weights=False)[0]
        sum1 = x + attention
        norm1 = m.norm1(sum1)
        feed_forward = m.linear2(torch.relu(m.linear1(norm1)))
        sum2 = norm1 + feed_forward
        output = m.norm2(sum2)
        if l == layer:
            return {k: v[0] for k, v in dict(input=x, attention=attention, sum1=sum1, norm1=norm1,
                                             feed_forward=feed_forward, sum2=sum2, output=output).items()}
        x = output
    raise IndexError(f"layer {layer}: the encoder has {len(model.transformer.encoder.layers)} layers")
