import fs from 'node:fs';
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = import.meta.dirname;
const apiSchema = path.resolve(here, '../api/schema.graphql');
/** The API's committed SDL; the provisional copy only until it exists. */
export const schemaPath = fs.existsSync(apiSchema) ? apiSchema : path.resolve(here, 'schema.provisional.graphql');

const config: CodegenConfig = {
  schema: schemaPath,
  documents: [path.resolve(here, 'src/**/*.{ts,tsx}'), '!' + path.resolve(here, 'src/gql/**')],
  ignoreNoDocuments: false,
  generates: {
    [path.resolve(here, 'src/gql') + '/']: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { JSON: 'unknown', DateTime: 'string', JSONObject: 'Record<string, unknown>', BigInt: 'string' },
        avoidOptionals: false,
      },
    },
  },
  hooks: {},
};
export default config;
