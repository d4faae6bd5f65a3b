// bin/ascii-bundle.js: characters outside ASCII in a bundle's comments become '?', one per UTF-16
// unit, so every line and column stays where the source map says; outside ASCII in code (a
// regular expression, which esbuild cannot escape) leaves the text as it is, with a note.
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { asciiBundle } from '../../bin/ascii-bundle.js';

describe('asciiBundle', () => {
  it('replaces characters in comments, one ? per UTF-16 unit, and leaves code alone', async () => {
    const text = '/** a — b … 𝒳 */\nconst s = "x"; // ça\nmodule.exports = s;\n';
    const { text: ascii, note } = await asciiBundle(esbuild, text);
    expect(note).toBeUndefined();
    expect(ascii).toBe('/** a ? b ? ?? */\nconst s = "x"; // ?a\nmodule.exports = s;\n');
    expect(ascii.length).toBe(text.length);
  });

  it('a pure ASCII text is returned as it is', async () => {
    const text = 'const s = "x";\n';
    expect(await asciiBundle(esbuild, text)).toEqual({ text });
  });

  it('outside ASCII in code (a regular expression): the text unchanged, with why', async () => {
    const text = 'const r = /é/u; // é\n';
    const result = await asciiBundle(esbuild, text);
    expect(result.text).toBe(text);
    expect(result.note).toMatch(/outside ASCII in code/);
  });
});
