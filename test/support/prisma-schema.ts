// A small reader of schema.prisma for the drift test: models, their scalar
// fields with database names, types, optionality and native types, unique
// constraints, and enums. It reads only the constructs our schema uses and
// fails loudly on a field line it does not understand.
export interface SchemaField {
  name: string;
  dbName: string;
  type: string;
  optional: boolean;
  list: boolean;
  nativeType?: string;
  nativeArgs?: string;
}

export interface SchemaModel {
  name: string;
  dbName: string;
  fields: SchemaField[];
  /** Field names of each @unique / @@unique. */
  uniques: string[][];
}

export interface SchemaEnum {
  name: string;
  dbName: string;
  values: string[];
}

export function parsePrismaSchema(source: string): { models: SchemaModel[]; enums: SchemaEnum[] } {
  const lines = source.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim());
  const blocks: { kind: string; name: string; body: string[] }[] = [];
  let current: { kind: string; name: string; body: string[] } | null = null;
  for (const line of lines) {
    const open = /^(model|enum|generator|datasource)\s+(\w+)\s*\{$/.exec(line);
    if (open) {
      current = { kind: open[1], name: open[2], body: [] };
      continue;
    }
    if (line === '}') {
      if (current) blocks.push(current);
      current = null;
      continue;
    }
    if (current && line) current.body.push(line);
  }
  const modelNames = new Set(blocks.filter((b) => b.kind === 'model').map((b) => b.name));
  const enums: SchemaEnum[] = blocks
    .filter((b) => b.kind === 'enum')
    .map((b) => {
      const map = b.body.map((l) => /^@@map\("([^"]+)"\)$/.exec(l)).find(Boolean);
      return { name: b.name, dbName: map ? map[1] : b.name, values: b.body.filter((l) => /^\w+$/.test(l)) };
    });
  const models: SchemaModel[] = blocks
    .filter((b) => b.kind === 'model')
    .map((b) => {
      let dbName = b.name;
      const fields: SchemaField[] = [];
      const uniques: string[][] = [];
      for (const line of b.body) {
        if (line.startsWith('@@')) {
          const map = /^@@map\("([^"]+)"\)$/.exec(line);
          if (map) dbName = map[1];
          const unique = /^@@unique\(\[([^\]]+)\]/.exec(line);
          if (unique) uniques.push(unique[1].split(',').map((s) => s.trim()));
          continue;
        }
        const field = /^(\w+)\s+(\w+)(\?|\[\])?(?:\s+(.*))?$/.exec(line);
        if (!field) throw new Error(`schema reader: cannot read line "${line}" in model ${b.name}`);
        const [, name, type, modifier, attributes = ''] = field;
        if (modelNames.has(type)) continue; // relation field, no column
        const map = /@map\("([^"]+)"\)/.exec(attributes);
        const native = /@db\.(\w+)(?:\(([^)]*)\))?/.exec(attributes);
        if (/@unique\b/.test(attributes)) uniques.push([name]);
        fields.push({
          name,
          dbName: map ? map[1] : name,
          type,
          optional: modifier === '?',
          list: modifier === '[]',
          nativeType: native?.[1],
          nativeArgs: native?.[2] || undefined,
        });
      }
      return { name: b.name, dbName, fields, uniques };
    });
  return { models, enums };
}
