import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function literal(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literal(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, variables)]));
    case Kind.VARIABLE:
      return variables ? variables[ast.name.value] : undefined;
    default:
      return undefined;
  }
}

/** Any JSON value (trial params, specs, per-class metrics). */
export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literal,
});

/** A file of a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec). */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export const UploadScalar = new GraphQLScalarType({
  name: 'Upload',
  description: 'A file sent as a part of a multipart/form-data GraphQL request (the GraphQL multipart request spec).',
  serialize: () => {
    throw new Error('Upload is an input-only scalar');
  },
  parseValue: (v) => {
    if (v && typeof v === 'object' && 'buffer' in v) return v;
    throw new TypeError('Upload: send the file as a part of a multipart/form-data request (GraphQL multipart request spec)');
  },
  parseLiteral: () => {
    throw new TypeError('Upload: send the file as a part of a multipart/form-data request, not inline');
  },
});
