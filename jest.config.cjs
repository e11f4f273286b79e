// Jest runs our TypeScript as CommonJS (the project is CommonJS; see
// docs/operations.md, "Module system and tests"). NestJS 12 and a few of its
// companions ship ESM only, and Jest below Node 24.9 cannot require() ESM, so
// babel-jest compiles those packages, and the scripts/*.mjs a test imports,
// to CommonJS for the test run; test/support/babel-import-meta.cjs rewrites
// their `import.meta` uses. The built server needs none of this: Node loads
// them natively (require(esm), Node 20.19 and later).
const esmOnlyPackages = ['@nestjs', 'nestjs-pino', 'pino-http', '@fastify', 'fastify', 'content-disposition'];
const esmToCommonJs = [
  'babel-jest',
  {
    babelrc: false,
    configFile: false,
    sourceType: 'unambiguous',
    plugins: [
      require.resolve('./test/support/babel-import-meta.cjs'),
      '@babel/plugin-transform-dynamic-import',
      '@babel/plugin-transform-modules-commonjs',
    ],
  },
];

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  // The generated Prisma client imports its TypeScript siblings as './x.js'.
  // The typed client from its source (the package's `dist` is for publishing; see clients/typescript/README.md).
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^@tally/client$': '<rootDir>/clients/typescript/src/index.ts',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.test.json',
        diagnostics: { ignoreCodes: [151002] },
        astTransformers: {
          before: [
            {
              path: '<rootDir>/test/support/swagger-plugin-transformer.cjs',
              options: { classValidatorShim: true, introspectComments: true },
            },
          ],
        },
      },
    ],
    'node_modules/.+\\.m?js$': esmToCommonJs,
    '/scripts/[^/]+\\.mjs$': esmToCommonJs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  globalSetup: '<rootDir>/test/support/global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.cjs',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
