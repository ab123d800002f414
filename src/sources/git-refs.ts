// The refs a full history scan reads besides commits: annotated tags (their messages), notes refs
// (read in a pass of their own, so a note is reported at the commit it annotates) and the stash
// (every entry of its reflog, not only the newest that `--all` reaches). One `git for-each-ref`, plus
// one `git log -g` when a stash exists.
import { gitOutput } from './git-repo.js';

export interface AnnotatedTag {
  name: string;
  /** The object the tag points at (peeled one level: usually a commit). */
  target: string;
  tagger: string;
  date: string;
  message: string;
}

export interface ExtraRefs {
  tags: AnnotatedTag[];
  /** Full names of notes refs (refs/notes/commits …). */
  notes: string[];
  /** Commit ids of every stash entry, newest first. */
  stash: string[];
}

const FIELDS = ['%(objecttype)', '%(refname)', '%(*objectname)', '%(taggername) %(taggeremail)', '%(taggerdate:iso-strict)', '%(contents)'];
/** NUL-separated fields; a record ends with NUL, SOH and the newline for-each-ref adds. */
const FORMAT = `${FIELDS.join('%00')}%00%01`;
const RECORD_END = '\0\x01\n';

export async function listExtraRefs(cwd: string): Promise<ExtraRefs> {
  const out = await gitOutput(cwd, ['for-each-ref', `--format=${FORMAT}`, 'refs/tags', 'refs/notes', 'refs/stash']);
  const refs: ExtraRefs = { tags: [], notes: [], stash: [] };
  let hasStash = false;
  for (const record of out.split(RECORD_END)) {
    if (record === '') continue;
    const [type = '', ref = '', target = '', tagger = '', date = '', message = ''] = record.split('\0');
    if (ref === 'refs/stash') hasStash = true;
    else if (ref.startsWith('refs/notes/')) refs.notes.push(ref);
    else if (ref.startsWith('refs/tags/') && type === 'tag') {
      refs.tags.push({ name: ref.slice('refs/tags/'.length), target, tagger: tagger.trim(), date, message });
    }
  }
  if (hasStash) {
    refs.stash = (await gitOutput(cwd, ['log', '-g', '--format=%H', 'refs/stash', '--'])).split('\n').filter((l) => /^[0-9a-f]+$/.test(l));
  }
  return refs;
}

/** The commit a note blob annotates, from its path in the notes tree (`ab/cdef…` fan-out or flat). */
export function annotatedCommit(notePath: string): string | undefined {
  const id = notePath.replace(/\//g, '');
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(id) ? id : undefined;
}
