// The dependency rules of docs/architecture.md, checked on the source:
// only the ledger names its tables, the ledger depends on no business
// capability, and imports between the folders of src/ never go in a circle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve(__dirname, '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The top folder of src/ a file is in ("ledger"), or "." for src/ itself. */
const folderOf = (path: string) => {
  const parts = relative(SRC, path).split('/');
  return parts.length > 1 ? parts[0] : '.';
};

/** Folder-level imports: folder -> the folders its files import from (relative imports only). */
function importGraph(files: readonly string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), target));
      if (to !== from) edges.add(to);
    }
    graph.set(from, edges);
  }
  return graph;
}

/** Every circle of imports between folders (Tarjan's strongly connected components of more than one folder). */
function circles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('lets only the ledger name a ledger table or its Prisma models', () => {
    const ledgerNames = /\bledger_[a-z_]+|\.ledger(Account|Transfer|Entry|OpenHold)\b/;
    const offenders = files
      .filter((file) => folderOf(file) !== 'ledger')
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (ledgerNames.test(line) ? [`${relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('finds a ledger name where one is written (the check above can fail)', () => {
    expect(/\bledger_[a-z_]+/.test("SELECT id FROM ledger_accounts WHERE owner_ref = 'x'")).toBe(true);
    expect(/\.ledger(Account|Transfer|Entry|OpenHold)\b/.test('this.db.client.ledgerTransfer.findMany()')).toBe(true);
  });

  it('keeps the ledger and the chart of accounts below every business capability', () => {
    const graph = importGraph(files);
    const business = ['payments', 'wallets', 'settlement', 'merchants', 'customers', 'webhooks', 'credit', 'checkout'];
    expect([...(graph.get('ledger') ?? [])].filter((to) => [...business, 'accounts'].includes(to))).toEqual([]);
    expect([...(graph.get('accounts') ?? [])].filter((to) => business.includes(to))).toEqual([]);
  });

  it('has no circle of imports between the folders of src/', () => {
    const graph = importGraph(files);
    expect(circles(graph)).toEqual([]);
    // The detector finds a circle when there is one.
    expect(
      circles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['a'])],
          ['c', new Set(['a'])],
        ]),
      ),
    ).toEqual([['a', 'b']]);
  });
});
