import { Context, Field, ObjectType, Query } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context.js';
import { GqlResolver } from '../graphql/decorators.js';

@ObjectType('Me', { description: 'The token this request carries.' })
export class Me {
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'viewer (queries, subscriptions) or operator (also mutations)' }) role!: string;
}

@GqlResolver()
export class AuthResolver {
  @Query(() => Me, { description: 'Who is asking (the token name and role).' })
  me(@Context() ctx: GqlContext): Me {
    return { name: ctx.principal.name, role: ctx.principal.role };
  }
}
