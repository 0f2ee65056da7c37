// Seeded weight initialisation, computed in plain JavaScript from our own Rng so that the values depend only on
// the seed and the parameter name: bit-identical on every backend and independent of tfjs's internal PRNGs.
import { createRng, type Rng } from '../rng';
import type { ParamSpec } from './architecture';

/** Standard normal samples by Box–Muller from a seeded stream. */
function standardNormals(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - rng.next(); // (0, 1]: log(0) must not happen
    const u2 = rng.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * Initial values of one parameter. He-normal (Kaiming, as PyTorch's kaiming_normal_ with a=0): N(0, 2/fanIn),
 * not truncated. Each parameter draws from its own stream derived from (seed, name), so one parameter's
 * values do not depend on which other parameters a variant has (e.g. `umtl` and `multimix` built with the
 * same seed share their encoder weights).
 */
export function initialValues(spec: ParamSpec, seed: number): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  switch (spec.init) {
    case 'zeros':
      return new Float32Array(n);
    case 'ones':
      return new Float32Array(n).fill(1);
    case 'he-normal': {
      const z = standardNormals(createRng(seed).fork(`init/${spec.name}`), n);
      const std = Math.sqrt(2 / spec.fanIn);
      for (let i = 0; i < n; i++) z[i] = (z[i] as number) * std;
      return z;
    }
    default:
      throw new Error(`initialValues: unknown initializer "${String(spec.init)}" for ${spec.name}`);
  }
}
