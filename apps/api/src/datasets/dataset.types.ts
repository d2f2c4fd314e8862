import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Dataset as DatasetRow } from '@emosweep/store';
import { NamedCount } from '../graphql/common.types.js';

@ObjectType('DatasetCounts', { description: 'Utterances per cross-validation group, label and speaker; `dropped`: left out, by reason.' })
export class DatasetCounts {
  @Field(() => Int) utterances!: number;
  @Field(() => [NamedCount]) groups!: NamedCount[];
  @Field(() => [NamedCount]) labels!: NamedCount[];
  @Field(() => [NamedCount]) speakers!: NamedCount[];
  @Field(() => [NamedCount]) dropped!: NamedCount[];
}

@ObjectType('GroupLabels', { description: 'Label counts within one cross-validation group.' })
export class GroupLabels {
  @Field(() => String) group!: string;
  @Field(() => [NamedCount]) labels!: NamedCount[];
}

@ObjectType('Dataset', { description: 'A registered corpus at one content version.' })
export class Dataset {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'iemocap | manifest' }) format!: string;
  @Field(() => String) root!: string;
  @Field(() => String, { description: '4 (neutral, happy+excited, sad, angry) or all' }) classes!: string;
  @Field(() => String, { description: 'Content hash of the manifest (ids, labels, groups, file sizes and times).' }) version!: string;
  @Field(() => [String], { description: 'Class order (class index = position).' }) labels!: string[];
  @Field(() => DatasetCounts) counts!: DatasetCounts;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

const named = (r: Record<string, number> | undefined) => Object.entries(r ?? {}).map(([name, count]) => ({ name, count }));

export function toDataset(row: DatasetRow): Dataset {
  const c = (row.counts ?? {}) as { utterances?: number; groups?: Record<string, number>; labels?: Record<string, number>; speakers?: Record<string, number>; dropped?: Record<string, number> };
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    root: row.root,
    classes: row.classes,
    version: row.version,
    labels: row.labels,
    createdAt: row.createdAt,
    counts: {
      utterances: c.utterances ?? Object.values(c.groups ?? {}).reduce((a, b) => a + b, 0),
      groups: named(c.groups),
      labels: named(c.labels),
      speakers: named(c.speakers),
      dropped: named(c.dropped),
    },
  };
}
