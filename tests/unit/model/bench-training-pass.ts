// Timing of one MultiMix training pass in Node (not a test; run by hand, the CPU is shared so re-run when
// `uptime` shows low load):
//   npx tsx tests/unit/model/bench-training-pass.ts [wasm|cpu] [inputSize=128] [batch=10] [repeats=3]
// Prints the saliency pass and the taped forward + backward (tf.variableGrads over all variables) separately,
// the wasm heap high-water mark, and GFLOP/s of the forward+backward (≈ 3 × forward FLOPs).
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend, type NodeBackendName } from '../../../src/cli/node-backend';
import { MultiMixModel } from '../../../src/core/model';
import { createRng } from '../../../src/core/rng';
import { seededTensor4d, seededUniform } from '../support/tensors';

const [backend = 'wasm', sizeArg = '128', batchArg = '10', repeatsArg = '3'] = process.argv.slice(2);
const S = Number(sizeArg);
const B = Number(batchArg);
await useNodeBackend(backend as NodeBackendName);
const model = MultiMixModel.create({ variant: 'multimix', inputSize: S, widthMultiplier: 1, dropout: 0.25 }, 1);
const x = seededTensor4d([B, S, S, 1], 2);
const masks = tf.tensor4d(seededUniform([B, S, S, 1], 3, 0, 1).map((v) => (v > 0.5 ? 1 : 0)), [B, S, S, 1]);
const labels = tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, i) => i % 2), 'int32'), 2);
const rng = createRng(4);

function pass(): [number, number] {
  const t0 = performance.now();
  const saliency = model.saliency(x);
  saliency.dataSync();
  const t1 = performance.now();
  const { value, grads } = tf.variableGrads(() => {
    const out = model.forward(x, { training: true, rng, saliency });
    const seg = tf.losses.sigmoidCrossEntropy(masks, out.segLogits as tf.Tensor4D);
    return tf.add(seg, tf.losses.softmaxCrossEntropy(labels, out.clsLogits as tf.Tensor2D)) as tf.Scalar;
  }, model.trainableVariables());
  value.dataSync();
  Object.values(grads).forEach((g) => g.dataSync());
  const t2 = performance.now();
  tf.dispose([saliency, value, ...Object.values(grads)]);
  return [t1 - t0, t2 - t1];
}

pass(); // warm-up: kernel setup, wasm heap growth
const gflop = (3 * model.flopsPerImageForward() * B) / 1e9;
for (let i = 0; i < Number(repeatsArg); i++) {
  const [sal, fb] = pass();
  console.log(
    `${backend} ${S}px batch ${B}: saliency ${sal.toFixed(0)} ms, forward+backward ${fb.toFixed(0)} ms ` +
      `(${(gflop / (fb / 1000)).toFixed(1)} GFLOP/s), tensors ${tf.memory().numTensors}`,
  );
}
if (backend === 'wasm') {
  const heap = (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
  console.log(`wasm heap high-water mark ${(heap / 2 ** 20).toFixed(0)} MiB`);
}
