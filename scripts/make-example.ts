// Regenerates public/example/ (issue 9, item 8): the example model and a handful of real chest X-rays.
//
//   npm run experiment -- --config scripts/example-model.json --out runs/example   (trains the model)
//   npx tsx scripts/make-example.ts [runs/example]                                  (this script)
//
// Copies the run's model (model.json + weights.bin: its run config and held-out test metrics are inside, in
// userDefinedMetadata) and picks 4 NORMAL + 4 PNEUMONIA images of ../shared/data/cxr/pneumonia (Kermany, CC BY
// 4.0 — only these) from the run's held-out TEST split (data-keys.json → testCls), so the model never trained
// on them: per class the most non-square image first, then the next ones in name order. Each is re-encoded
// as 8-bit gray JPEG (quality 85, longest side ≤ 512, aspect kept) with jpeg-js. Writes examples.json (files,
// labels, sizes, sources) and checks the total size. Deterministic: the same run gives the same files.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';

const RUN = path.resolve(process.argv[2] ?? 'runs/example');
const SOURCE = path.resolve('../shared/data/cxr/pneumonia');
const OUT = path.resolve('public/example');
const PER_CLASS = 4;
const MAX_SIDE = 512;
const QUALITY = 85;
const MAX_TOTAL_IMAGE_BYTES = 600 * 1024;

interface Picked {
  file: string;
  label: 0 | 1;
  width: number;
  height: number;
  source: string;
}

function fail(message: string): never {
  console.error(`make-example: ${message}`);
  process.exit(1);
}

const keys = JSON.parse(readFileSync(path.join(RUN, 'data-keys.json'), 'utf8')) as { testCls?: string[]; labeledCls?: string[]; unlabeledCls?: string[] };
const test = keys.testCls ?? fail(`${RUN}/data-keys.json lists no testCls keys`);
const trained = new Set([...(keys.labeledCls ?? []), ...(keys.unlabeledCls ?? [])]);

function decodeGray(file: string): { width: number; height: number; gray: Uint8Array } {
  const img = jpeg.decode(readFileSync(file), { useTArray: true, formatAsRGBA: true });
  const gray = new Uint8Array(img.width * img.height);
  for (let i = 0; i < gray.length; i++) {
    const o = i * 4;
    gray[i] = Math.round(0.299 * (img.data[o] as number) + 0.587 * (img.data[o + 1] as number) + 0.114 * (img.data[o + 2] as number));
  }
  return { width: img.width, height: img.height, gray };
}

function encodeGray(width: number, height: number, gray: Uint8Array): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < gray.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = gray[i] as number;
    rgba[i * 4 + 3] = 255;
  }
  return jpeg.encode({ data: rgba, width, height }, QUALITY).data;
}

const picked: Picked[] = [];
rmSync(OUT, { recursive: true, force: true });
for (const [folder, label] of [['NORMAL', 0], ['PNEUMONIA', 1]] as const) {
  const files = readdirSync(path.join(SOURCE, folder)).sort();
  // Keys are `clsTrain/<class>/<name without extension>`.
  const candidates = test
    .filter((k) => k.split('/')[1] === folder)
    .map((k) => {
      const base = k.split('/').slice(2).join('/');
      const name = files.find((f) => f.replace(/\.[^.]+$/, '') === base) ?? fail(`no file for test key ${k} in ${SOURCE}/${folder}`);
      if (trained.has(k)) fail(`${k} is both a test and a training key`);
      const { width, height } = decodeGray(path.join(SOURCE, folder, name));
      return { name, width, height, skew: Math.abs(Math.log(width / height)) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  if (candidates.length < PER_CLASS) fail(`only ${candidates.length} ${folder} test images in ${RUN}`);
  const mostNonSquare = candidates.reduce((a, b) => (b.skew > a.skew ? b : a));
  const chosen = [mostNonSquare, ...candidates.filter((c) => c !== mostNonSquare).slice(0, PER_CLASS - 1)];
  mkdirSync(path.join(OUT, folder), { recursive: true });
  for (const c of chosen) {
    const src = path.join(SOURCE, folder, c.name);
    const img = decodeGray(src);
    if (Math.max(img.width, img.height) > MAX_SIDE) fail(`${src} is ${img.width}×${img.height}: larger than ${MAX_SIDE} px (the shared set is ≤ 512; add a resize here)`);
    const file = `${folder}/${c.name.replace(/\.[^.]+$/, '')}.jpeg`;
    writeFileSync(path.join(OUT, file), encodeGray(img.width, img.height, img.gray));
    picked.push({ file, label, width: img.width, height: img.height, source: `pneumonia/${folder}/${c.name}` });
  }
}

const nonSquare = picked.filter((p) => Math.abs(Math.log(p.width / p.height)) > Math.log(1.2));
if (nonSquare.length < 2) fail(`only ${nonSquare.length} clearly non-square image(s) picked; need 2`);
const imageBytes = picked.reduce((n, p) => n + statSync(path.join(OUT, p.file)).size, 0);
if (imageBytes > MAX_TOTAL_IMAGE_BYTES) fail(`the images take ${imageBytes} bytes (> ${MAX_TOTAL_IMAGE_BYTES})`);

for (const f of ['model.json', 'weights.bin']) copyFileSync(path.join(RUN, 'model', f), path.join(OUT, f));
writeFileSync(path.join(OUT, 'examples.json'), `${JSON.stringify({ run: path.relative(process.cwd(), RUN), images: picked }, null, 2)}\n`);
writeFileSync(path.join(OUT, 'ATTRIBUTION.md'), ATTRIBUTION(picked));
const weights = statSync(path.join(OUT, 'weights.bin')).size;
console.log(`public/example: ${picked.length} X-rays (${(imageBytes / 1024).toFixed(0)} KiB; ${nonSquare.length} non-square), model weights ${(weights / 1024 / 1024).toFixed(2)} MiB`);
for (const p of picked) console.log(`  ${p.file}  ${p.width}×${p.height}  ${p.label === 1 ? 'pneumonia' : 'normal'}`);

function ATTRIBUTION(list: readonly Picked[]): string {
  return `# Example files: sources and licences

## Chest X-rays (${list.length} files in NORMAL/ and PNEUMONIA/)

Kermany D, Zhang K, Goldbaum M (2018), "Labeled Optical Coherence Tomography (OCT) and Chest X-Ray Images for
Classification", Mendeley Data, v2, doi:10.17632/rscbjbr9sj.2. Licence: CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/).

Changes: converted to 8-bit grayscale, longest side at most ${MAX_SIDE} px (aspect ratio kept), re-encoded as JPEG
(quality ${QUALITY}) by scripts/make-example.ts. Chosen from the held-out test split of the run that trained the
example model (the model never saw them in training).

${list.map((p) => `- ${p.file} (${p.width}×${p.height}, ${p.label === 1 ? 'pneumonia' : 'normal'}) — from ${p.source}`).join('\n')}

## Example model (model.json, weights.bin)

Trained by this project (\`npm run experiment -- --config scripts/example-model.json\`) on other Kermany images
(the same source, other patients) and on the lung masks of the COVID-19 image data collection (Cohen et al.)
with V7 Labs' lung polygons (CC BY 4.0). Its run config and held-out test metrics are in model.json (\`userDefinedMetadata\`).
Research use only, not for diagnosis.
`;
}
