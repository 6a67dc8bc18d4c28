// @ts-check
// bench/onnx-graphs.mjs — builds, in JavaScript with onnx-proto (no Python), the two ONNX
// graphs of multi-head self-attention that onnxruntime-web runs in the benchmark: the unfused
// one (MatMul, Add, Reshape, Transpose, MatMul, Mul, Add mask, Softmax, MatMul) and the fused
// one around com.microsoft.MultiHeadAttention. Same parameters as the core (nn.MultiheadAttention
// layout, 8 heads). Returns model bytes; runs nothing.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** @typedef {import('onnx-proto').onnx.NodeProto} NodeProto */
/** @typedef {import('onnx-proto').onnx.TensorProto} TensorProto */
/** @typedef {import('onnx-proto').onnx.ValueInfoProto} ValueInfoProto */
/** @typedef {Required<import('../wasm/index.js').MultiHeadParams>} Params */

/** @param {string} name @param {number[]} dims @param {ArrayLike<number>} data */
const tensor = (name, dims, data) => onnx.TensorProto.create({ name, dims, dataType: FLOAT, floatData: Array.from(data) });
/** @param {string} name @param {number[]} values */
const ints = (name, values) => onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, int64Data: values });
/**
 * @param {string} opType
 * @param {string[]} input
 * @param {string[]} output
 * @param {import('onnx-proto').onnx.IAttributeProto[]} [attribute]
 */
const node = (opType, input, output, attribute = [], domain = '') => onnx.NodeProto.create({ opType, input, output, attribute, domain, name: output[0] });
/** @param {string} name @param {number[]} values */
const attrInts = (name, values) => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
/** @param {string} name @param {number} i */
const attrInt = (name, i) => onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });
/** @param {string} name @param {number[]} dims */
const valueInfo = (name, dims) =>
  onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: FLOAT,
        shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => onnx.TensorShapeProto.Dimension.create({ dimValue: d })) }),
      }),
    }),
  });

/**
 * Rows [r0, r0 + E) of W (3E or E, E), transposed to (E_in, E_out) for x·Wᵀ as MatMul(x, Wᵀ).
 * @param {import('../wasm/index.js').Matrix} W
 * @param {number} r0
 * @param {number} E
 */
function transposedRows(W, r0, E) {
  const out = new Float32Array(E * E);
  for (let o = 0; o < E; o++) for (let i = 0; i < E; i++) out[i * E + o] = W.data[(r0 + o) * E + i];
  return out;
}

/**
 * @param {NodeProto[]} nodes
 * @param {TensorProto[]} initializer
 * @param {ValueInfoProto[]} inputs
 * @param {ValueInfoProto[]} outputs
 * @param {boolean} fused
 */
function model(nodes, initializer, inputs, outputs, fused) {
  const graph = onnx.GraphProto.create({ name: 'mha', node: nodes, initializer, input: inputs, output: outputs });
  const opsetImport = [onnx.OperatorSetIdProto.create({ domain: '', version: 17 })];
  if (fused) opsetImport.push(onnx.OperatorSetIdProto.create({ domain: 'com.microsoft', version: 1 }));
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, producerName: 'attention-lab-bench', opsetImport, graph })).finish();
}

/**
 * Unfused graph: input x (T, E) → output y (T, E).
 * @param {number} T
 * @param {number} E
 * @param {Params} p
 * @param {boolean} causal
 */
export function unfusedModel(T, E, p, causal) {
  const H = p.numHeads,
    dh = E / H;
  const init = [
    tensor('WqT', [E, E], transposedRows(p.inProjWeight, 0, E)),
    tensor('WkT', [E, E], transposedRows(p.inProjWeight, E, E)),
    tensor('WvT', [E, E], transposedRows(p.inProjWeight, 2 * E, E)),
    tensor('bq', [E], p.inProjBias.subarray(0, E)),
    tensor('bk', [E], p.inProjBias.subarray(E, 2 * E)),
    tensor('bv', [E], p.inProjBias.subarray(2 * E)),
    tensor('WoT', [E, E], transposedRows(p.outProjWeight, 0, E)),
    tensor('bo', [E], p.outProjBias),
    tensor('scale', [], [Math.fround(1 / Math.sqrt(dh))]),
    ints('heads_shape', [T, H, dh]),
    ints('out_shape', [T, E]),
  ];
  const nodes = [];
  for (const [n, perm] of /** @type {[string, number[]][]} */ ([
    ['q', [1, 0, 2]],
    ['k', [1, 2, 0]],
    ['v', [1, 0, 2]],
  ])) {
    nodes.push(node('MatMul', ['x', `W${n}T`], [`${n}_proj`]));
    nodes.push(node('Add', [`${n}_proj`, `b${n}`], [`${n}_biased`]));
    nodes.push(node('Reshape', [`${n}_biased`, 'heads_shape'], [`${n}_heads`]));
    nodes.push(node('Transpose', [`${n}_heads`], [`${n}_t`], [attrInts('perm', perm)]));
  }
  nodes.push(node('MatMul', ['q_t', 'k_t'], ['scores'])); // (H, T, T)
  nodes.push(node('Mul', ['scores', 'scale'], ['scaled']));
  let logits = 'scaled';
  if (causal) {
    const mask = new Float32Array(T * T);
    for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) mask[i * T + j] = -Infinity;
    init.push(tensor('causal_mask', [T, T], mask));
    nodes.push(node('Add', ['scaled', 'causal_mask'], ['masked']));
    logits = 'masked';
  }
  nodes.push(node('Softmax', [logits], ['weights'], [attrInt('axis', -1)]));
  nodes.push(node('MatMul', ['weights', 'v_t'], ['heads_out'])); // (H, T, dh)
  nodes.push(node('Transpose', ['heads_out'], ['heads_tok'], [attrInts('perm', [1, 0, 2])]));
  nodes.push(node('Reshape', ['heads_tok', 'out_shape'], ['concat']));
  nodes.push(node('MatMul', ['concat', 'WoT'], ['out_proj']));
  nodes.push(node('Add', ['out_proj', 'bo'], ['y']));
  return model(nodes, init, [valueInfo('x', [T, E])], [valueInfo('y', [T, E])], false);
}

/**
 * Fused graph around com.microsoft.MultiHeadAttention: input x (1, T, E) → y (1, T, E).
 * @param {number} T
 * @param {number} E
 * @param {Params} p
 * @param {boolean} causal
 */
export function fusedModel(T, E, p, causal) {
  const init = [
    tensor('WqT', [E, E], transposedRows(p.inProjWeight, 0, E)),
    tensor('WkT', [E, E], transposedRows(p.inProjWeight, E, E)),
    tensor('WvT', [E, E], transposedRows(p.inProjWeight, 2 * E, E)),
    tensor('in_bias', [3 * E], p.inProjBias),
    tensor('WoT', [E, E], transposedRows(p.outProjWeight, 0, E)),
    tensor('bo', [E], p.outProjBias),
  ];
  const nodes = [
    node('MatMul', ['x', 'WqT'], ['q']),
    node('MatMul', ['x', 'WkT'], ['k']),
    node('MatMul', ['x', 'WvT'], ['v']),
    node(
      'MultiHeadAttention',
      ['q', 'k', 'v', 'in_bias'],
      ['concat'],
      [attrInt('num_heads', p.numHeads), attrInt('unidirectional', causal ? 1 : 0)],
      'com.microsoft',
    ),
    node('MatMul', ['concat', 'WoT'], ['out_proj']),
    node('Add', ['out_proj', 'bo'], ['y']),
  ];
  return model(nodes, init, [valueInfo('x', [1, T, E])], [valueInfo('y', [1, T, E])], true);
}
