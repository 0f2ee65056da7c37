// Our Adam (src/core/train/optimizer.ts) must compute tfjs' AdamOptimizer update bit for bit while uploading
// nothing per step except −lr when the learning rate changes (issue 8), keep tfjs' checkpoint layout, and
// undo an update exactly.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useNodeBackend } from '../../../src/cli/node-backend';
import { Adam } from '../../../src/core/train/optimizer';
import { decodeTensors, encodeOptimizer, restoreOptimizer } from '../../../src/core/train/checkpoint';
import { createRng } from '../../../src/core/rng';

const SHAPES = [[3, 3, 2, 4], [4], [7, 2]];

function makeVars(prefix: string): tf.Variable[] {
  const rng = createRng('init'); // the same values for every prefix
  return SHAPES.map((s, i) => {
    const n = s.reduce((a, b) => a * b, 1);
    return tf.variable(tf.tensor(Array.from({ length: n }, () => rng.next() * 2 - 1), s), true, `${prefix}/v${i}`);
  });
}

/** Deterministic gradients for step k, keyed by the variables' names. */
function gradsFor(vars: tf.Variable[], k: number): tf.NamedTensorMap {
  const rng = createRng(`grads/${k}`);
  const out: tf.NamedTensorMap = {};
  for (const v of vars) out[v.name] = tf.tensor(Array.from({ length: v.size }, () => (rng.next() - 0.5) * 10 ** (k % 3)), v.shape);
  return out;
}

/** Counts backend.write calls with data (uploads) while f runs. */
function countUploads(f: () => void): number {
  const backend = tf.backend() as unknown as { write: (...a: unknown[]) => unknown };
  const original = backend.write;
  let n = 0;
  backend.write = function (this: unknown, ...a: unknown[]) {
    if (a[0] != null) n++;
    return original.apply(this, a);
  };
  try {
    f();
  } finally {
    delete (backend as Partial<typeof backend>).write;
  }
  return n;
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(new Float32Array(t.dataSync()).buffer));

let cleanup: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const c of cleanup) c.dispose();
  cleanup = [];
});

describe('Adam (our own, issue 8)', () => {
  it.each(['cpu', 'wasm'] as const)('equals tfjs AdamOptimizer bit for bit over steps with a learning-rate change (%s)', async (backend) => {
    await useNodeBackend(backend);
    const ours = makeVars(`ours-${backend}`);
    const theirs = makeVars(`theirs-${backend}`);
    cleanup.push(...ours, ...theirs);
    const a = new Adam({ learningRate: 1e-3 });
    const b = tf.train.adam(1e-3);
    cleanup.push(a, b);
    for (let k = 0; k < 5; k++) {
      const lr = k < 3 ? 1e-3 : 1e-4;
      a.learningRate = lr;
      (b as unknown as { learningRate: number }).learningRate = lr;
      const ga = gradsFor(ours, k);
      const gb = gradsFor(theirs, k);
      a.applyGradients(ga);
      b.applyGradients(gb as Record<string, tf.Variable>); // tfjs types the map as variables; it only reads the tensors
      tf.dispose([...Object.values(ga), ...Object.values(gb)]);
      ours.forEach((v, i) => expect(bits(v), `step ${k} variable ${i}`).toEqual(bits(theirs[i]!)));
    }
    expect(a.iterations).toBe(5);
  });

  it('uploads nothing per step once warm, one scalar when the learning rate changes, and keeps the tensor count', async () => {
    await useNodeBackend('wasm');
    const vars = makeVars('uploads');
    cleanup.push(...vars);
    const adam = new Adam({ learningRate: 1e-3 });
    cleanup.push(adam);
    const step = (k: number) => {
      const g = gradsFor(vars, k);
      const n = countUploads(() => adam.applyGradients(g));
      tf.dispose(Object.values(g));
      return n;
    };
    step(0); // first step: moments, −lr and the cached constants are made
    const tensors = tf.memory().numTensors;
    expect(step(1)).toBe(0);
    expect(step(2)).toBe(0);
    adam.learningRate = 1e-4;
    expect(step(3)).toBe(1);
    expect(step(4)).toBe(0);
    expect(tf.memory().numTensors).toBe(tensors);
    // tfjs' own Adam, for the record: several scalar uploads per variable per step.
    const b = tf.train.adam(1e-3);
    cleanup.push(b);
    const g = gradsFor(vars, 9);
    b.applyGradients(g as Record<string, tf.Variable>);
    expect(countUploads(() => b.applyGradients(g as Record<string, tf.Variable>))).toBeGreaterThanOrEqual(4 * vars.length);
    tf.dispose(Object.values(g));
  });

  it('checkpoints in tfjs layout; a restored Adam continues bit for bit, with or without stored β powers', async () => {
    await useNodeBackend('cpu');
    const a = makeVars('ck-a');
    cleanup.push(...a);
    const adam = new Adam({ learningRate: 1e-3 });
    cleanup.push(adam);
    for (let k = 0; k < 4; k++) {
      const g = gradsFor(a, k);
      adam.applyGradients(g);
      tf.dispose(Object.values(g));
    }
    const enc = await encodeOptimizer(adam);
    expect(enc.specs.map((s) => s.name)).toEqual(['iter', ...a.map((v) => `${v.name}/m`), ...a.map((v) => `${v.name}/v`), 'accBeta1', 'accBeta2']);
    // A checkpoint written before the powers were stored (tfjs' getWeights alone).
    const specsOld = enc.specs.filter((s) => !s.name.startsWith('accBeta'));
    const map = decodeTensors(enc);
    const old = await tf.io.encodeWeights(specsOld.map((s) => ({ name: s.name, tensor: map[s.name]! })));
    tf.dispose(Object.values(map));

    for (const [label, e] of [['stored powers', enc], ['recomputed powers', { data: old.data, specs: old.specs }]] as const) {
      const b = makeVars(`ck-b-${label}`);
      b.forEach((v, i) => v.assign(a[i]!));
      const resumed = new Adam({ learningRate: 1e-3 });
      cleanup.push(...b, resumed);
      await restoreOptimizer(resumed, e, b.length);
      expect(resumed.iterations).toBe(4);
      const copy = makeVars(`ck-copy-${label}`);
      copy.forEach((v, i) => v.assign(a[i]!));
      const same = new Adam({ learningRate: 1e-3 });
      cleanup.push(...copy, same);
      await restoreOptimizer(same, enc, copy.length);
      for (let k = 4; k < 7; k++) {
        for (const [vars, opt] of [[b, resumed], [copy, same]] as const) {
          const g = gradsFor(vars, k);
          opt.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, g[vars[i]!.name]!])));
          tf.dispose(Object.values(g));
        }
        b.forEach((v, i) => expect(bits(v), `${label}, step ${k}`).toEqual(bits(copy[i]!)));
      }
    }
    await expect(restoreOptimizer(new Adam({ learningRate: 1e-3 }), enc, a.length + 1)).rejects.toThrow(/this model needs/);
  });

  it('undoes one update exactly, including the first (moments back to zero)', async () => {
    await useNodeBackend('cpu');
    const vars = makeVars('undo');
    cleanup.push(...vars);
    const adam = new Adam({ learningRate: 1e-3 });
    cleanup.push(adam);
    const run = (k: number, undo: boolean) => {
      const before = vars.map((v) => bits(v));
      const state = adam.saveForUndo();
      const g = gradsFor(vars, k);
      adam.applyGradients(g);
      tf.dispose(Object.values(g));
      if (undo) {
        state.restore();
        vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(new Float32Array(new Uint32Array(before[i]!).buffer), v.shape))));
      } else state.dispose();
    };
    const reference = new Adam({ learningRate: 1e-3 });
    const refVars = makeVars('undo-ref');
    cleanup.push(reference, ...refVars);
    run(0, true); // undo the very first update
    run(0, false);
    run(1, true);
    run(1, false);
    expect(adam.iterations).toBe(2);
    for (let k = 0; k < 2; k++) {
      const g = gradsFor(refVars, k);
      reference.applyGradients(Object.fromEntries(refVars.map((v, i) => [v.name, g[refVars[i]!.name]!])));
      tf.dispose(Object.values(g));
    }
    vars.forEach((v, i) => expect(bits(v)).toEqual(bits(refVars[i]!)));
  });

  it('rejects bad settings with a clear message', () => {
    expect(() => new Adam({ learningRate: 0 })).toThrow(/learningRate must be a finite number > 0/);
    expect(() => new Adam({ learningRate: 1e-3, beta1: 1 })).toThrow(/beta1 must be in \[0, 1\)/);
  });
});
