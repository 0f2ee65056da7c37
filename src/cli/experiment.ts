// Headless runner: `npm run experiment -- --config <file.json> --out <dir>`.
// Same core code as the browser worker; the run itself is `runExperiment` (shared with `npm run grid`).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadExperimentConfig } from './experiment-config';
import { useNodeBackend } from './node-backend';
import { runExperiment } from './run-experiment';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } });
  if (!values.config || !values.out) throw new Error('usage: npm run experiment -- --config <file.json> --out <dir>');
  const cfg = await loadExperimentConfig(values.config);
  await useNodeBackend(cfg.backend);
  await runExperiment(cfg, path.resolve(values.out), { log: (line) => console.log(line) });
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
