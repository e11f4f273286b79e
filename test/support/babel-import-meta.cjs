// Jest runs in CommonJS mode (see jest.config.cjs): ESM-only packages in
// node_modules (NestJS 12) are compiled to CommonJS by babel-jest. CommonJS has
// no `import.meta`, so this rewrites `import.meta.url` to the file's URL.
module.exports = function importMetaToCommonJs({ types: t }) {
  return {
    visitor: {
      MetaProperty(path) {
        const parent = path.parentPath;
        if (!parent.isMemberExpression() || parent.node.object !== path.node) return;
        const prop = parent.node.property;
        const name = prop.name ?? prop.value;
        if (name === 'url') {
          // Not require('node:url'): the module may itself declare a local `require`.
          parent.replaceWithSourceString("'file://' + encodeURI(__filename)");
        } else if (name === 'resolve') {
          parent.replaceWithSourceString("((specifier) => 'file://' + encodeURI(module.require.resolve(specifier)))");
        } else if (name === 'dirname') {
          parent.replaceWith(t.identifier('__dirname'));
        } else if (name === 'filename') {
          parent.replaceWith(t.identifier('__filename'));
        }
      },
    },
  };
};
