// `npm run config:docs`: regenerates .env.example and docs/configuration.md.
import { join } from 'node:path';
import { CONFIGURATION_DOC_PATH, ENV_EXAMPLE_PATH, writeConfigDocs } from './config-docs';

writeConfigDocs(join(__dirname, '..', '..'));
console.log(`wrote ${ENV_EXAMPLE_PATH} and ${CONFIGURATION_DOC_PATH}`);
