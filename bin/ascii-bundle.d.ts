// Types of bin/ascii-bundle.js (plain JavaScript: the build runs without a type stripper) for its test.
import type * as esbuild from 'esbuild';

export function asciiBundle(esbuildModule: Pick<typeof esbuild, 'transform'>, text: string): Promise<{ text: string; note?: string }>;
