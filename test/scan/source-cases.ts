// One table of scan cases per source, run by two drivers: the built CLI (test/e2e/cli/source-cases.test.ts)
// and the programmatic `scan` of the built package (test/scan/api.test.ts). Both must see the same
// findings, so the CLI and the library can never disagree.
import { commitFiles, git, makeRepo, tempDir, writeFile } from '../helpers/git.js';
import { hexSecret, liveKey, testKey } from '../helpers/keys.js';

/** A neutral description of a request that each driver turns into argv or a `scan()` call. */
export interface CaseRequest {
  source: 'files' | 'history' | 'staged' | 'text';
  /** files: paths relative to the case directory (default: the directory). */
  paths?: string[];
  range?: string;
  text?: string;
  textPath?: string;
  /** A config file written to `.case-config.json` and passed explicitly. */
  config?: object;
  /** Record a baseline from a first scan of the same request, then scan again with it. */
  baselineFirst?: boolean;
  /** files: also what .gitignore leaves out. */
  noIgnore?: boolean;
}

export interface ExpectedFinding {
  file: string;
  line: number;
  ruleId: string;
  env?: string;
  commit?: boolean;
}

export interface SourceCase {
  name: string;
  /** Builds the case in a fresh directory; returns the request and the findings expected, sorted. */
  setup(): { dir: string; request: CaseRequest; expected: ExpectedFinding[]; expectedStale?: number };
}

export const CONFIG_FILE = '.case-config.json';

export const SOURCE_CASES: SourceCase[] = [
  {
    name: 'files: keys in two files, sorted by file and line',
    setup() {
      const dir = tempDir('pcscan-case-');
      writeFile(dir, 'src/b.ts', `// config\nexport const key = "${liveKey()}";\n`);
      writeFile(dir, 'a.env', `PINECALL_API_KEY=${testKey()}\n`);
      return {
        dir,
        request: { source: 'files' },
        expected: [
          { file: 'a.env', line: 1, ruleId: 'pinecall-api-key', env: 'sandbox' },
          { file: 'src/b.ts', line: 2, ruleId: 'pinecall-api-key', env: 'production' },
        ],
      };
    },
  },
  {
    name: 'files: .gitignore honoured by default, not with noIgnore',
    setup() {
      const dir = makeRepo();
      writeFile(dir, '.gitignore', 'secret.env\n');
      writeFile(dir, 'secret.env', `PINECALL_API_KEY=${liveKey()}\n`);
      writeFile(dir, 'ok.txt', 'nothing here\n');
      return {
        dir,
        request: { source: 'files', noIgnore: true },
        expected: [{ file: 'secret.env', line: 1, ruleId: 'pinecall-api-key', env: 'production' }],
      };
    },
  },
  {
    name: 'files: a config turns a rule off and ignores a path',
    setup() {
      const dir = tempDir('pcscan-case-');
      writeFile(dir, 'vendor/x.js', `k = "${liveKey()}"\n`);
      writeFile(dir, 'app.yaml', `pinecall:\n  token: ${hexSecret()}\n`);
      writeFile(dir, 'main.js', `k = "${liveKey()}"\n`);
      return {
        dir,
        request: { source: 'files', config: { ignorePaths: ['vendor/**'], rules: { 'pinecall-context-secret': 'off' } } },
        expected: [{ file: 'main.js', line: 1, ruleId: 'pinecall-api-key', env: 'production' }],
      };
    },
  },
  {
    name: 'files: a baseline hides known keys and leaves new ones',
    setup() {
      const dir = tempDir('pcscan-case-');
      writeFile(dir, 'old.env', `PINECALL_API_KEY=${liveKey()}\n`);
      return { dir, request: { source: 'files', baselineFirst: true }, expected: [] };
    },
  },
  {
    name: 'history: a key added then deleted is attributed to its commit',
    setup() {
      const dir = makeRepo();
      commitFiles(dir, { 'README.md': 'hello\n' }, 'first');
      commitFiles(dir, { 'config.js': `module.exports = {\n  key: "${liveKey()}",\n};\n` }, 'add key');
      git(dir, 'rm', '-q', 'config.js');
      git(dir, 'commit', '-q', '-m', 'remove key');
      return {
        dir,
        request: { source: 'history' },
        expected: [{ file: 'config.js', line: 2, ruleId: 'pinecall-api-key', env: 'production', commit: true }],
      };
    },
  },
  {
    name: 'history: a range sees only its commits',
    setup() {
      const dir = makeRepo();
      commitFiles(dir, { 'a.env': `PINECALL_API_KEY=${liveKey()}\n` }, 'old key');
      git(dir, 'tag', 'base');
      commitFiles(dir, { 'b.env': `PINECALL_API_KEY=${testKey()}\n` }, 'new key');
      return {
        dir,
        request: { source: 'history', range: 'base..HEAD' },
        expected: [{ file: 'b.env', line: 1, ruleId: 'pinecall-api-key', env: 'sandbox', commit: true }],
      };
    },
  },
  {
    name: 'history: a config ignorePaths hides a path',
    setup() {
      const dir = makeRepo();
      commitFiles(dir, { 'keep.env': `PINECALL_API_KEY=${liveKey()}\n`, 'x.js': `k = "${testKey()}"\n` }, 'keys');
      return {
        dir,
        request: { source: 'history', config: { ignorePaths: ['keep.env'] } },
        expected: [{ file: 'x.js', line: 1, ruleId: 'pinecall-api-key', env: 'sandbox', commit: true }],
      };
    },
  },
  {
    name: 'staged: only what is staged, at its file line',
    setup() {
      const dir = makeRepo();
      commitFiles(dir, { 'app.js': 'const a = 1;\n' }, 'first');
      writeFile(dir, 'app.js', `const a = 1;\nconst key = "${liveKey()}";\n`);
      git(dir, 'add', 'app.js');
      writeFile(dir, 'unstaged.js', `k = "${liveKey()}"\n`);
      return {
        dir,
        request: { source: 'staged' },
        expected: [{ file: 'app.js', line: 2, ruleId: 'pinecall-api-key', env: 'production' }],
      };
    },
  },
  {
    name: 'staged: a baseline hides a staged known key',
    setup() {
      const dir = makeRepo();
      writeFile(dir, 'k.env', `PINECALL_API_KEY=${testKey()}\n`);
      git(dir, 'add', 'k.env');
      return { dir, request: { source: 'staged', baselineFirst: true }, expected: [] };
    },
  },
  {
    name: 'text: one text named by its path; inline allow honoured',
    setup() {
      const dir = tempDir('pcscan-case-');
      const text = `a = "${liveKey()}"\nb = "${testKey()}" // pinecall-scan:allow\n`;
      return {
        dir,
        request: { source: 'text', text, textPath: 'snippet.py' },
        expected: [{ file: 'snippet.py', line: 1, ruleId: 'pinecall-api-key', env: 'production' }],
      };
    },
  },
];
