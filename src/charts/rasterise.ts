/**
 * SVG to PNG with resvg compiled to WebAssembly: no native build, no download at install, the
 * same pixels on every platform. Text needs a font file, since WebAssembly cannot read the
 * system's fonts: DejaVu Sans, which Debian installs with fonts-dejavu-core.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { UnavailableError } from '../shared/errors.ts';

export const defaultFontFiles = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
];

let ready: Promise<void> | undefined;

/** Compiles the WebAssembly module once per process, on the first PNG asked for. */
function initialise(): Promise<void> {
  ready ??= readFile(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm'))
    .then((wasm) => initWasm(wasm))
    .catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
  return ready;
}

const fonts = new Map<string, Promise<Uint8Array>>();

async function loadFonts(files: readonly string[]): Promise<Uint8Array[]> {
  const [first] = files;
  try {
    return await Promise.all(
      files.map((file) => {
        let font = fonts.get(file);
        if (!font) {
          font = readFile(file).then((buffer) => new Uint8Array(buffer));
          // A failed read is not kept: the font may be installed while the service runs.
          font.catch(() => fonts.delete(file));
          fonts.set(file, font);
        }
        return font;
      }),
    );
  } catch {
    throw new UnavailableError(
      `PNG downloads need the font file ${first ?? 'DejaVuSans.ttf'}, which is not installed ` +
        'on this server (Debian: apt-get install fonts-dejavu-core). The SVG download has the same chart.',
    );
  }
}

/**
 * Draws the SVG at `scale` times its size on white, so a chart pasted into a document stays
 * sharp when printed.
 */
export async function svgToPng(
  svg: string,
  {
    scale = 2,
    fontFiles = defaultFontFiles,
  }: { scale?: number; fontFiles?: readonly string[] } = {},
): Promise<Uint8Array> {
  const [buffers] = await Promise.all([loadFonts(fontFiles), initialise()]);
  const renderer = new Resvg(svg, {
    font: {
      fontBuffers: buffers,
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  try {
    const image = renderer.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    renderer.free();
  }
}
