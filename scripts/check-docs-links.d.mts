// Types of check-docs-links.mjs, for the test that runs it (test/docs-links.spec.ts).

/** A link that does not resolve: its page (relative to the root), its line, its target and what is wrong. */
export interface BrokenLink {
  page: string;
  line: number;
  target: string;
  problem: string;
}

export function docsPages(root: string): string[];
export function githubSlug(text: string): string;
export function pageAnchors(markdown: string): Set<string>;
export function pageLinks(markdown: string): { target: string; line: number }[];
export function checkDocsLinks(root: string, pages?: string[]): BrokenLink[];
