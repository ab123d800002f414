// The Action's inputs. action.yml passes each one to the step as INPUT_<NAME> (upper case, `-` → `_`);
// this is the only place they are read, so a test can check the two lists agree.
import { UsageError } from '../../errors.js';

export const ACTION_MODES = ['auto', 'tree', 'history'] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

export interface ActionInputs {
  mode: ActionMode;
  /** Files or directories for a tree scan (the repository for history scans); default `.`. */
  paths: string[];
  config?: string;
  baseline?: string;
  failOn: 'any' | 'active';
  verify: boolean;
  /** Where to write a SARIF report (for github/codeql-action/upload-sarif); none when empty. */
  sarif?: string;
}

export const inputEnvName = (name: string): string => `INPUT_${name.toUpperCase().replace(/-/g, '_')}`;

export function readActionInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const input = (name: string): string => (env[inputEnvName(name)] ?? '').trim();
  const mode = input('mode') || 'auto';
  if (!(ACTION_MODES as readonly string[]).includes(mode)) throw new UsageError(`input mode must be auto, tree or history, got '${mode}'`);
  const failOn = input('fail-on') || 'any';
  if (failOn !== 'any' && failOn !== 'active') throw new UsageError(`input fail-on must be any or active, got '${failOn}'`);
  const verifyText = input('verify').toLowerCase() || 'false';
  if (!['true', 'false'].includes(verifyText)) throw new UsageError(`input verify must be true or false, got '${verifyText}'`);
  if (failOn === 'active' && verifyText !== 'true') throw new UsageError('input fail-on: active needs verify: true');
  const paths = input('paths')
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const config = input('config');
  const baseline = input('baseline');
  const sarif = input('sarif');
  return {
    mode: mode as ActionMode,
    paths: paths.length > 0 ? paths : ['.'],
    failOn,
    verify: verifyText === 'true',
    ...(config !== '' && { config }),
    ...(baseline !== '' && { baseline }),
    ...(sarif !== '' && { sarif }),
  };
}
