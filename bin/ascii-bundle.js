// Makes the bundle pure ASCII (bin/build.js): V8 keeps a script's source text in memory as one
// byte per character only when every character is Latin-1; one other character, and the whole
// 10 MB bundle becomes a two-byte string (20 MB, and 20 MB more for the copy src/run-build.js
// compiles). esbuild already escapes every character outside ASCII in strings and identifiers
// (charset: 'ascii'); what it leaves are characters in comments (dependencies' JSDoc: '—', '…')
// and, in principle, regular expressions and String.raw templates, which it cannot escape.
// Measured (restart from the build with its code cache): ~100 ms less CPU, ~20 MB less memory.
//
// A comment's characters are replaced by '?', one per UTF-16 unit, so that every line and
// column stays where the source map says. Only when they all are in comments: esbuild prints the
// bundle again without comments, and that text must be pure ASCII. Otherwise the bundle is left
// as it is (a two-byte string again, only slower), with a note.
const OUTSIDE_ASCII = /[\u0080-\uffff]/;

/** The bundle's text, pure ASCII when that changes nothing but comments; or the text unchanged, with why. */
export async function asciiBundle(esbuild, text) {
  if (!OUTSIDE_ASCII.test(text)) return { text };
  const { code } = await esbuild.transform(text, { charset: 'ascii', minifyWhitespace: true, legalComments: 'none' });
  if (OUTSIDE_ASCII.test(code))
    return { text, note: 'it has characters outside ASCII in code (a regular expression or String.raw), so V8 keeps it as a two-byte string' };
  return { text: text.replace(/[\u0080-\uffff]/g, '?') };
}
