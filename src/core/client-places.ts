// Places whose files a browser downloads: the build output that web frameworks serve as static
// files, source maps, and any script that points at its source map. A key found there has already
// gone to every visitor of the site. Data for the detector (Finding.exposure) with samples beside it.

export interface ClientPlace {
  /** Matched against the reported path (relative, forward slashes; `archive!/inner` inside archives). */
  pattern: RegExp;
  /** Who serves it, for documentation. */
  what: string;
}

export const CLIENT_PLACES: readonly ClientPlace[] = [
  { pattern: /(?:^|\/)\.next\/static\//, what: 'Next.js client chunks' },
  { pattern: /(?:^|\/)out\//, what: 'Next.js static export (next export, output: "export")' },
  { pattern: /(?:^|\/)dist\/assets\//, what: 'Vite build assets' },
  { pattern: /(?:^|\/)build\/static\//, what: 'Create React App build' },
  { pattern: /(?:^|\/)\.output\/public\//, what: 'Nuxt / Nitro public output' },
  { pattern: /(?:^|\/)\.svelte-kit\/output\/client\//, what: 'SvelteKit client output' },
  { pattern: /(?:^|\/)\.vercel\/output\/static\//, what: 'Vercel Build Output static files' },
  { pattern: /(?:^|\/)storybook-static\//, what: 'Storybook build' },
  { pattern: /(?:^|\/)public\//, what: 'public/ folders served as is (Next.js, Vite, CRA, Rails, Laravel)' },
  { pattern: /\.map$/, what: 'source maps (their sourcesContent is the original source)' },
];

const SCRIPT = /\.(?:m|c)?js$/;
// The comment a bundler appends to a script that has a source map (`//@` is the old spelling).
const SOURCE_MAPPING_URL = /\/\/[#@] sourceMappingURL=\S/;

export function isClientPlace(path: string): boolean {
  return CLIENT_PLACES.some((p) => p.pattern.test(path));
}

/** A file served to browsers: a client place, or a script that names its source map. */
export function isClientServed(path: string, text: string): boolean {
  return isClientPlace(path) || (SCRIPT.test(path) && SOURCE_MAPPING_URL.test(text));
}

/** Run by test/core/client-places.test.ts. */
export const CLIENT_PLACE_SAMPLES = {
  client: [
    '.next/static/chunks/pages/_app-3f2a.js',
    'apps/web/.next/static/chunks/main.js',
    'out/index.html',
    'out/_next/static/chunks/app.js',
    'dist/assets/index-4b8c.js',
    'packages/site/dist/assets/vendor.js',
    'build/static/js/main.8a1b.js',
    '.output/public/_nuxt/entry.js',
    '.svelte-kit/output/client/_app/immutable/start.js',
    '.vercel/output/static/index.html',
    'storybook-static/main.iframe.bundle.js',
    'public/config.js',
    'apps/web/public/env.js',
    'dist/app.js.map',
    'static/css/main.css.map',
    'site.war!/public/app.js',
  ],
  server: [
    'src/index.ts',
    '.next/server/app/page.js',
    '.next/cache/webpack/client.pack',
    'dist/index.js',
    'dist/server/entry.mjs',
    'build/index.js',
    '.output/server/index.mjs',
    '.svelte-kit/output/server/index.js',
    'src/publication/list.ts',
    'publicity.md',
    'layout/output.ts',
    'checkout/page.tsx',
    'sitemap.xml',
    'roadmap.md',
  ],
} as const;
