// The Node.js version Tally promises (package.json `engines`) is one that
// every runtime dependency accepts, the image runs a version that keeps the
// promise, and the README says the same.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';

const root = join(__dirname, '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const promised: string = readJson(join(root, 'package.json')).engines.node;
const lowest = semver.minVersion(promised)!.version;

/** Every package a production install holds: the dependencies of package.json and theirs, as installed. */
function runtimePackages(): { name: string; version: string; node?: string }[] {
  const found = new Map<string, { name: string; version: string; node?: string }>();
  const visit = (name: string, from: string) => {
    // Node's resolution: the nearest node_modules up from the dependent package.
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(candidate)) {
        if (found.has(candidate)) return;
        const pkg = readJson(candidate);
        found.set(candidate, { name, version: pkg.version, node: pkg.engines?.node });
        for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dirname(candidate));
        return;
      }
      if (dir === root || dir === dirname(dir)) return; // an optional dependency not installed here
    }
  };
  for (const dep of Object.keys(readJson(join(root, 'package.json')).dependencies)) visit(dep, root);
  return [...found.values()];
}

describe('Node.js versions', () => {
  it('every runtime dependency accepts the lowest promised version', () => {
    const packages = runtimePackages();
    expect(packages.length).toBeGreaterThan(100);
    const refusing = packages
      .filter((p) => p.node && !semver.satisfies(lowest, p.node))
      .map((p) => `${p.name}@${p.version} wants node ${p.node}`);
    expect(refusing).toEqual([]);
  });

  it('the image runs a version that keeps the promise, and the README says the same', () => {
    const images = [...readFileSync(join(root, 'Dockerfile'), 'utf8').matchAll(/^FROM node:(\d+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    // `node:24` is the newest release of 24: it keeps the promise if some 24.x does.
    for (const major of images)
      expect(`node ${major}: ${semver.satisfies(`${major}.999.999`, promised)}`).toBe(`node ${major}: true`);
    const [major, minor] = lowest.split('.');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`Node.js ${major}.${minor} or later`);
  });
});
