// .gitignore rules as git applies them: every directory's file, relative to that directory, the
// deepest file with an opinion winning, and nothing re-included below an excluded directory.
import ignore, { type Ignore } from 'ignore';

/** The nested-.gitignore rule set under one base directory; paths are `/`-separated, relative to it. */
export class GitignoreRules {
  private readonly matchers = new Map<string, Ignore>();
  private readonly dirCache = new Map<string, boolean>();

  /** The rules of the `.gitignore` in `dirRel` ('' for the base directory). */
  add(dirRel: string, content: string): void {
    this.matchers.set(dirRel, ignore().add(content));
  }

  get empty(): boolean {
    return this.matchers.size === 0;
  }

  /** Outer files first, the deepest file with an opinion wins (negations included). */
  private layered(rel: string, isDir: boolean): boolean {
    let ignored = false;
    let dir = '';
    let from = 0;
    for (;;) {
      const m = this.matchers.get(dir);
      if (m) {
        const r = m.test(rel.slice(from) + (isDir ? '/' : ''));
        if (r.ignored) ignored = true;
        else if (r.unignored) ignored = false;
      }
      const slash = rel.indexOf('/', from);
      if (slash === -1) return ignored;
      dir = rel.slice(0, slash);
      from = slash + 1;
    }
  }

  /** Git cannot re-include a file whose parent directory is excluded. */
  dirIgnored(dirRel: string): boolean {
    if (dirRel === '' || this.matchers.size === 0) return false;
    const cached = this.dirCache.get(dirRel);
    if (cached !== undefined) return cached;
    const slash = dirRel.lastIndexOf('/');
    const result = this.dirIgnored(slash === -1 ? '' : dirRel.slice(0, slash)) || this.layered(dirRel, true);
    this.dirCache.set(dirRel, result);
    return result;
  }

  ignores(rel: string): boolean {
    if (this.matchers.size === 0) return false;
    const slash = rel.lastIndexOf('/');
    return this.dirIgnored(slash === -1 ? '' : rel.slice(0, slash)) || this.layered(rel, false);
  }
}
