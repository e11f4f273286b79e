#!/usr/bin/env node
// Checks the links of the repository's own documentation (README.md,
// docs/**/*.md, and the README.md of examples/ and clients/*/): every relative link must name a file or directory that
// exists inside the repository, and every `#anchor` must name a heading (or
// an HTML id) of its target, as GitHub renders it. Links to other sites are
// not fetched. Run by `npm run lint`; exits 1 and lists what is broken.
//
//   node scripts/check-docs-links.mjs [repository root]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The pages checked: README.md, every Markdown file under docs/, the examples' and clients' READMEs; relative to `root`. */
export function docsPages(root) {
  const pages = existsSync(join(root, 'README.md')) ? ['README.md'] : [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) pages.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  if (existsSync(join(root, 'examples', 'README.md'))) pages.push(join('examples', 'README.md'));
  if (existsSync(join(root, 'clients'))) {
    for (const client of readdirSync(join(root, 'clients'))) {
      if (existsSync(join(root, 'clients', client, 'README.md'))) pages.push(join('clients', client, 'README.md'));
    }
  }
  return pages.sort();
}

/**
 * GitHub's anchor for a heading's text (github-slugger's rule): lower-cased;
 * punctuation, symbols and other separators removed, except `-` and `_`;
 * each space turned into `-`. Letters and digits of any script stay.
 */
export function githubSlug(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{Alphabetic}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The lines of a Markdown page outside fenced code blocks, with their numbers (1-based). */
function proseLines(markdown) {
  const lines = [];
  let fence = null;
  markdown.split('\n').forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (
        marker &&
        marker[1][0] === fence[0] &&
        marker[1].length >= fence.length &&
        !line.trim().slice(marker[1].length).trim()
      )
        fence = null;
    } else if (marker) {
      fence = marker[1];
    } else {
      lines.push({ text: line, number: index + 1 });
    }
  });
  return lines;
}

/** A line with its code spans blanked out, so that nothing inside them is read as a link. */
function withoutCodeSpans(line) {
  return line.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, (span) => ' '.repeat(span.length));
}

/** A heading's text as GitHub renders it: code spans keep their text, links keep their label, markup goes. */
function headingText(raw) {
  const codeSpans = [];
  const prose = raw.replace(/(`+)([\s\S]*?)\1/g, (_span, _ticks, code) => `\0${codeSpans.push(code.trim()) - 1}\0`);
  return prose
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(^|\W)[*_]+|[*_]+(?=\W|$)/g, '$1')
    .replace(/\0(\d+)\0/g, (_placeholder, index) => codeSpans[Number(index)])
    .trim();
}

/** Every anchor a page offers: its headings' slugs (repeats numbered as GitHub does) and explicit HTML ids. */
export function pageAnchors(markdown) {
  const anchors = new Set();
  const seen = new Map();
  const add = (text) => {
    const slug = githubSlug(headingText(text));
    let anchor = slug;
    while (anchors.has(anchor)) {
      const count = (seen.get(slug) ?? 0) + 1;
      seen.set(slug, count);
      anchor = `${slug}-${count}`;
    }
    anchors.add(anchor);
  };
  const lines = proseLines(markdown);
  lines.forEach(({ text }, i) => {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(text);
    if (atx) add(atx[1] ?? '');
    // A setext heading: a paragraph line underlined with = or -.
    const next = lines[i + 1];
    if (
      next &&
      next.number === lines[i].number + 1 &&
      /^ {0,3}(=+|-+)\s*$/.test(next.text) &&
      text.trim() &&
      !/^\s*([-*+>|#]|\d+[.)])/.test(text)
    )
      add(text);
    for (const match of text.matchAll(/<[a-z][^>]*\s(?:id|name)="([^"]+)"/gi)) anchors.add(match[1]);
  });
  return anchors;
}

/** A link destination starting at `start` (just after the opening parenthesis), or null if none is there. */
function destinationAt(line, start) {
  let i = start;
  while (line[i] === ' ') i++;
  if (line[i] === '<') {
    const end = line.indexOf('>', i);
    return end < 0 ? null : line.slice(i + 1, end);
  }
  let depth = 0;
  let j = i;
  for (; j < line.length; j++) {
    const c = line[j];
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (c === ' ') break;
  }
  return j > i ? line.slice(i, j) : null;
}

/** The links of a page (inline links and images, reference definitions, HTML `href` and `src`), with their line numbers. */
export function pageLinks(markdown) {
  const links = [];
  for (const { text, number } of proseLines(markdown)) {
    const line = withoutCodeSpans(text);
    const definition = /^ {0,3}\[(?!\^)[^\]]+\]:\s*(\S+)/.exec(line);
    if (definition) links.push({ target: definition[1].replace(/^<(.*)>$/, '$1'), line: number });
    for (const match of line.matchAll(/!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(/g)) {
      const target = destinationAt(line, match.index + match[0].length);
      if (target !== null) links.push({ target, line: number });
    }
    for (const match of line.matchAll(/<(?:a|img)\s[^>]*?\b(?:href|src)="([^"]*)"/gi))
      links.push({ target: match[1], line: number });
  }
  return links;
}

/** Whether a link leaves the repository's files: a URL with a scheme, or one starting with `//`. */
function isExternal(target) {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/**
 * Checks the links of `pages` (default: docsPages(root)). Returns the broken
 * ones, each with its page, line, target and what is wrong; empty when all hold.
 */
export function checkDocsLinks(root, pages = docsPages(root)) {
  const repository = resolve(root);
  const anchorsOf = new Map();
  const anchors = (file) => {
    if (!anchorsOf.has(file)) anchorsOf.set(file, pageAnchors(readFileSync(file, 'utf8')));
    return anchorsOf.get(file);
  };
  const broken = [];
  for (const page of pages) {
    const pageFile = join(repository, page);
    for (const { target, line } of pageLinks(readFileSync(pageFile, 'utf8'))) {
      if (isExternal(target)) continue;
      const report = (problem) => broken.push({ page, line, target, problem });
      const hash = target.indexOf('#');
      const pathPart = hash < 0 ? target : target.slice(0, hash);
      let path;
      let anchor;
      try {
        path = decodeURIComponent(pathPart.split('?')[0]);
        anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
      } catch {
        report('is not a valid URL');
        continue;
      }
      // As on GitHub: a path starting with / is relative to the repository's root.
      const file =
        path === ''
          ? pageFile
          : resolve(path.startsWith('/') ? repository : dirname(pageFile), path.replace(/^\/+/, ''));
      if (file !== repository && !file.startsWith(repository + sep)) {
        report('points outside the repository');
        continue;
      }
      if (!existsSync(file)) {
        report(`names ${relative(repository, file)}, which does not exist`);
        continue;
      }
      if (anchor === null || anchor === '' || statSync(file).isDirectory() || extname(file) !== '.md') continue;
      if (!anchors(file).has(anchor)) report(`names #${anchor}, which is no heading of ${relative(repository, file)}`);
    }
  }
  return broken;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const broken = checkDocsLinks(root);
  for (const { page, line, target, problem } of broken) console.error(`${page}:${line}: ${target} ${problem}`);
  if (broken.length > 0) {
    console.error(`${broken.length} broken link(s) in the docs`);
    process.exit(1);
  }
  console.log(`docs links: ${docsPages(root).length} pages, no broken links`);
}
