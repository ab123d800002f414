// Inputs built to make a scanner slow: text dense with findings, in the shapes that once took minutes
// (issue 11), and the benign yardstick they are compared with. Shared by bench/adversarial.bench.mjs
// and the linear-time test, so both measure the same thing. Keys come from the caller's generator.

/** Repeats `line(i)` until the text reaches `size` characters. */
function fill(size, line) {
  const parts = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const l = line(i);
    parts.push(l);
    length += l.length;
  }
  return parts.join('');
}

/**
 * @param {{ key: () => string, hex: () => string }} make  fresh synthetic key / 48-hex-character value
 * @returns {{ name: string, build: (size: number) => string }[]}
 */
export function adversarialInputs(make) {
  return [
    { name: 'keys, one per line', build: (size) => fill(size, () => `${make.key()}\n`) },
    // One long line; the inline-allow marker on the line above makes the allow check look at it.
    {
      name: 'keys on one line',
      build: (size) => `// pinecall-scan:allow\n${fill(size, () => `${make.key()} `)}\n`,
    },
    {
      name: 'Kubernetes Secret entries',
      build: (size) =>
        'apiVersion: v1\nkind: Secret\nmetadata:\n  name: pinecall\ndata:\n' +
        fill(size, (i) => `  PINECALL_API_KEY_${i}: ${Buffer.from(make.key()).toString('base64')}\n`),
    },
    { name: 'context token= lines', build: (size) => fill(size, () => `pinecall token=${make.hex()}\n`) },
  ];
}

const WORDS = 'user account session request response handler config options result value item list index'.split(' ');

/** Benign code with "pinecall" about every kilobyte: every binder window is open, no finding. */
export function benignCode(size) {
  let n = 0;
  const word = () => WORDS[(n = (n * 1103515245 + 12345) >>> 0) % WORDS.length];
  let sinceMention = 0;
  return fill(size, (i) => {
    const line = `  const ${word()}${i} = ${word()}.${word()}(${word()}, ${i % 97}); // ${word()} ${word()}\n`;
    sinceMention += line.length;
    if (sinceMention < 1024) return line;
    sinceMention = 0;
    return `  // pinecall ${word()}\n${line}`;
  });
}
