// Runs the @nestjs/swagger CLI plugin under ts-jest, as `nest build` does for
// the server, so the OpenAPI document in tests describes the DTOs the same way.
const plugin = require('@nestjs/swagger/plugin');

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 1,
  factory: (tsCompiler, options) => plugin.before(options, tsCompiler.program),
};
