import 'reflect-metadata';
import { Resolver } from '@nestjs/graphql';

type ClassType = abstract new (...args: never[]) => unknown;

/**
 * `@Resolver()` for code that runs without decorator metadata (tsx/esbuild, like the rest of the
 * repository): @nestjs/graphql reads `design:paramtypes` of every resolver method even when each
 * `@Args` names its type explicitly, so this records an empty list for methods that have none.
 * Every @Field/@Args/@Query in this app states its GraphQL type explicitly.
 */
export function GqlResolver(typeFn?: () => ClassType): ClassDecorator {
  const resolver = typeFn ? Resolver(typeFn as never) : Resolver();
  return (target) => {
    const proto = (target as unknown as { prototype: object }).prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key !== 'constructor' && !Reflect.hasMetadata('design:paramtypes', proto, key)) Reflect.defineMetadata('design:paramtypes', [], proto, key);
    }
    resolver(target);
  };
}
