#!/usr/bin/env node
/**
 * Synthesizes the soundscape's three hum stems from code and encodes them to MP3.
 *
 *   Encoder: LAME 3.100 from Debian (`apt-get install -y lame`). Run by hand, never by tests or CI:
 *     node scripts/stems/synth.mjs            # writes apps/web/public/audio/hum-{calm,focus,alert}.mp3
 *     node scripts/stems/synth.mjs --wav-only # writes the WAV sources to a temp dir and prints it
 *
 * Reproducible: pure additive synthesis (no randomness, no dither), 44.1 kHz mono, 16-bit, then
 * `lame --preset cbr 64 -m m --noreplaygain`. The same LAME version gives byte-identical files.
 *
 * Seamless loops: every partial and every amplitude modulator completes a whole number of cycles in
 * LOOP_S (all frequencies are multiples of 1 / LOOP_S = 0.125 Hz), so the signal is strictly periodic.
 * Each file holds LOOP_S + PAD_S of it; the player loops [LOOP_START_MS, LOOP_START_MS + LOOP_S) —
 * inside the periodic audio whether or not the decoder trims the encoder delay (~25 ms), so the seam
 * is sample-exact either way.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const RATE = 44_100;
const LOOP_S = 8;
const PAD_S = 0.1;
/** Where the player's loop starts inside each file (keep in sync with the web app's player options). */
export const LOOP_START_MS = 50;
const HZ = 1 / LOOP_S; // frequency grid: 0.125 Hz

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = join(root, "apps/web/public/audio");

/** A partial: frequency (must be a multiple of 0.125 Hz), amplitude, optional tremolo (rate Hz, depth 0..1). */
const STEMS = {
  // Low, open A drone with a slow swell: settled, unobtrusive.
  calm: [
    { f: 55, a: 1 },
    { f: 55.25, a: 0.6 }, // a 0.25 Hz beat against 55 Hz
    { f: 82.5, a: 0.35, trem: [0.125, 0.5] },
    { f: 110, a: 0.3, trem: [0.25, 0.4] },
    { f: 165, a: 0.12 },
  ],
  // An octave up with the fifth, a steady 0.5 Hz pulse: attentive, working.
  focus: [
    { f: 110, a: 1, trem: [0.5, 0.25] },
    { f: 110.5, a: 0.4 },
    { f: 165, a: 0.5 },
    { f: 220, a: 0.3, trem: [0.5, 0.5] },
    { f: 330, a: 0.12 },
  ],
  // A against B-flat and E-flat (minor second, tritone), pulsing at 1 Hz: tense, not alarming.
  alert: [
    { f: 110, a: 1, trem: [1, 0.45] },
    { f: 116.5, a: 0.55, trem: [1, 0.45] },
    { f: 155.5, a: 0.4, trem: [0.5, 0.3] },
    { f: 220, a: 0.25 },
    { f: 233, a: 0.15, trem: [2, 0.6] },
  ],
};

function checkGrid(name, partials) {
  for (const { f, trem } of partials) {
    for (const hz of [f, trem?.[0]].filter((x) => x !== undefined)) {
      const cycles = hz / HZ;
      if (Math.abs(cycles - Math.round(cycles)) > 1e-9)
        throw new Error(`${name}: ${hz} Hz is not a multiple of ${HZ} Hz, the loop would click`);
    }
  }
}

function synth(partials) {
  const n = Math.round((LOOP_S + PAD_S) * RATE);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    let v = 0;
    for (const { f, a, trem } of partials) {
      const g = trem ? 1 - trem[1] * 0.5 * (1 - Math.cos(2 * Math.PI * trem[0] * t)) : 1;
      v += a * g * Math.sin(2 * Math.PI * f * t);
    }
    out[i] = v;
  }
  // Equal loudness across stems: RMS normalised, then the peak kept under −3 dBFS.
  let sum = 0;
  let peak = 0;
  for (const v of out) {
    sum += v * v;
    peak = Math.max(peak, Math.abs(v));
  }
  const rms = Math.sqrt(sum / n);
  const scale = Math.min(0.16 / rms, 0.7 / peak);
  const pcm = Buffer.alloc(44 + n * 2);
  pcm.write("RIFF", 0);
  pcm.writeUInt32LE(36 + n * 2, 4);
  pcm.write("WAVEfmt ", 8);
  pcm.writeUInt32LE(16, 16);
  pcm.writeUInt16LE(1, 20); // PCM
  pcm.writeUInt16LE(1, 22); // mono
  pcm.writeUInt32LE(RATE, 24);
  pcm.writeUInt32LE(RATE * 2, 28);
  pcm.writeUInt16LE(2, 32);
  pcm.writeUInt16LE(16, 34);
  pcm.write("data", 36);
  pcm.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, out[i] * scale)) * 32767), 44 + i * 2);
  return pcm;
}

const wavOnly = process.argv.includes("--wav-only");
const work = mkdtempSync(join(tmpdir(), "dai-stems-"));
for (const [name, partials] of Object.entries(STEMS)) {
  checkGrid(name, partials);
  const wav = join(work, `hum-${name}.wav`);
  writeFileSync(wav, synth(partials));
  if (wavOnly) continue;
  const target = join(outDir, `hum-${name}.mp3`);
  const temp = `${target}.tmp`;
  execFileSync("lame", ["--quiet", "--preset", "cbr", "64", "-m", "m", "--noreplaygain", wav, temp], {
    stdio: "inherit",
  });
  renameSync(temp, target); // atomic: a failed encode leaves the previous stem in place
  const size = statSync(target).size;
  if (size >= 100_000) throw new Error(`${target}: ${size} bytes, over the 100 KB budget`);
  console.log(`${target}  ${(size / 1024).toFixed(1)} KiB`);
}
if (wavOnly) console.log(work);
