// `node dist/openapi.main.js`: prints the OpenAPI document of a
// default configuration as JSON, without starting Tally (see openapi-document.ts).
import 'reflect-metadata';
import { defaultOpenApiDocument } from './openapi-document';

defaultOpenApiDocument()
  .then((document) => process.stdout.write(`${JSON.stringify(document, null, 2)}\n`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
