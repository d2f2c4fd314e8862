import fs from 'node:fs';
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';

const here = import.meta.dirname;
/** The API's committed SDL (apps/api generates it from its code-first types). */
export const schemaPath = path.resolve(here, '../api/schema.graphql');
if (!fs.existsSync(schemaPath)) throw new Error(`${schemaPath} not found: the console's types are generated from the API's schema`);

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
