#!/usr/bin/env node
// Makes test/fixtures/fashion-mnist: a small, class-balanced, seeded subset of Fashion-MNIST as
// 28×28 grayscale PNGs in the fastai layout (train/<class>/, valid/<class>/, test/<class>/), so the
// accuracy test, the accuracy benchmark and the CLI/e2e can train on real pictures without the
// network. Source: Debian's `dataset-fashion-mnist` (`apt-get install -y dataset-fashion-mnist`),
// which installs the original gzipped idx files in /usr/share/datasets/fashion-mnist/.
// train/ and valid/ are drawn from the 60,000 training images (disjoint), test/ from the 10,000
// test images. The same seed and counts give the same files.
//
//   node scripts/make-fashion-fixture.mjs [--source DIR] [--out DIR] [--train N] [--valid N] [--test N] [--seed S]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    out: { type: 'string', default: join(root, 'test', 'fixtures', 'fashion-mnist') },
    train: { type: 'string', default: '100' },
    valid: { type: 'string', default: '30' },
    test: { type: 'string', default: '100' },
    seed: { type: 'string', default: '2024' },
  },
});
const counts = { train: Number(args.train), valid: Number(args.valid), test: Number(args.test) };
const seed = Number(args.seed);

/** Fashion-MNIST's labels 0..9, as folder names (the official "T-shirt/top" has a slash). */
const classes = [
  'tshirt_top',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle_boot',
];

/** mulberry32, the engine's generator (src/main/engine/random.ts). */
function rng(s) {
  let state = s >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readIdx(file, magic) {
  let data;
  try {
    data = gunzipSync(readFileSync(file));
  } catch (err) {
    throw new Error(
      `Cannot read ${file} (${err.message}). Install it with "apt-get install -y dataset-fashion-mnist" or pass --source DIR.`,
    );
  }
  if (data.readUInt32BE(0) !== magic) throw new Error(`${file} is not an idx file with magic ${magic}`);
  const dims = Array.from({ length: magic & 0xff }, (_, i) => data.readUInt32BE(4 + 4 * i));
  return { dims, bytes: data.subarray(4 + 4 * dims.length) };
}

function readSet(prefix) {
  const images = readIdx(join(args.source, `${prefix}-images-idx3-ubyte.gz`), 0x803);
  const labels = readIdx(join(args.source, `${prefix}-labels-idx1-ubyte.gz`), 0x801);
  const [n, h, w] = images.dims;
  if (h !== 28 || w !== 28 || labels.dims[0] !== n) throw new Error(`unexpected ${prefix} shapes`);
  return { n, images: images.bytes, labels: labels.bytes };
}

/** Indices of each class in a seeded order (Fisher–Yates over the class's indices). */
function shuffledByClass(set, random) {
  const byClass = classes.map(() => []);
  for (let i = 0; i < set.n; i++) byClass[set.labels[i]].push(i);
  for (const list of byClass)
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  return byClass;
}

async function writeImage(set, index, file) {
  const pixels = set.images.subarray(index * 784, (index + 1) * 784);
  // 'b-w' keeps the PNG 8-bit grayscale (sharp would otherwise write RGB); no filtering compresses
  // these small noisy images best.
  const png = await sharp(Buffer.from(pixels), { raw: { width: 28, height: 28, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 9, adaptiveFiltering: false })
    .toBuffer();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, png);
  return png.length;
}

const trainSet = readSet('train');
const testSet = readSet('t10k');
const random = rng(seed);
const trainOrder = shuffledByClass(trainSet, random);
const testOrder = shuffledByClass(testSet, random);

// Replace a fixture this script made, never another folder someone pointed --out at.
const previous = join(args.out, 'README.md');
if (existsSync(args.out) && readdirSync(args.out).length > 0) {
  if (!existsSync(previous) || !readFileSync(previous, 'utf8').startsWith('# Fashion-MNIST subset'))
    throw new Error(`${args.out} is not empty and was not made by this script; choose another --out.`);
  rmSync(args.out, { recursive: true, force: true });
}
let bytes = 0;
let files = 0;
for (const [c, name] of classes.entries()) {
  const picks = [
    ['train', trainSet, 'train', trainOrder[c].slice(0, counts.train)],
    ['valid', trainSet, 'train', trainOrder[c].slice(counts.train, counts.train + counts.valid)],
    ['test', testSet, 't10k', testOrder[c].slice(0, counts.test)],
  ];
  for (const [split, set, source, indices] of picks)
    for (const index of indices) {
      const file = join(args.out, split, name, `${source}-${String(index).padStart(5, '0')}.png`);
      bytes += await writeImage(set, index, file);
      files += 1;
    }
}

const readme = `# Fashion-MNIST subset (deskfit test fixture)

${counts.train} train + ${counts.valid} valid + ${counts.test} test images per class, 10 classes, 28×28 grayscale PNG,
in the fastai layout: \`train/<class>/\`, \`valid/<class>/\`, \`test/<class>/\`. Import the folder as a
deskfit project (train/ and valid/ are labelled by folder; test/ is imported unlabelled, as fastai
does, but its class folders let the accuracy benchmark score predictions). The import lists this
README as its one file that is not an image.

Made by \`node scripts/make-fashion-fixture.mjs --train ${counts.train} --valid ${counts.valid} --test ${counts.test} --seed ${seed}\`
from Debian's \`dataset-fashion-mnist\` (idx files in /usr/share/datasets/fashion-mnist/). train/ and
valid/ are disjoint draws from the 60,000 training images, test/ from the 10,000 test images; each
file is named after its source set and index (\`train-01234.png\` is image 1234 of
train-images-idx3-ubyte). Labels 0..9 are the folders ${classes.map((c) => `\`${c}\``).join(', ')}.

Fashion-MNIST is © 2017 Zalando SE, MIT licence (https://github.com/zalandoresearch/fashion-mnist).
`;
writeFileSync(join(args.out, 'README.md'), readme);
console.log(JSON.stringify({ out: args.out, files, pngBytes: bytes, counts, seed }));
