import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { RESOLVERS } from './modules.js';

/** The code-first schema from the resolver classes alone (no services): what schema.graphql holds. */
export async function buildSchema(): Promise<GraphQLSchema> {
  const ctx = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    return lexicographicSortSchema(await ctx.get(GraphQLSchemaFactory).create(RESOLVERS));
  } finally {
    await ctx.close();
  }
}

export async function buildSchemaSdl(): Promise<string> {
  return `${printSchema(await buildSchema())}\n`;
}
