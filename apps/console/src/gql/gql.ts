/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      role\n      name\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Sweeps($first: Int, $after: String, $status: RunStatus) {\n    sweeps(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          createdAt\n          finishedAt\n          trialCount\n          foldCount\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SweepsDocument,
    "\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      status\n      createdAt\n      startedAt\n      finishedAt\n      error\n      specText\n      trialCount\n      foldCount\n      progress {\n        pending\n        running\n        completed\n        failed\n        cancelled\n        total\n      }\n      dataset {\n        id\n        name\n        labels\n      }\n      trials(first: 1000) {\n        id\n        index\n        params\n        status\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n        folds {\n          id\n          heldOut\n          status\n          startedAt\n          finishedAt\n          error\n          epochsRun\n          metrics {\n            ua\n            wa\n            macroF1\n          }\n        }\n      }\n    }\n  }\n": typeof types.SweepDocument,
    "\n  query TrialDetail($id: ID!) {\n    trial(id: $id) {\n      id\n      index\n      params\n      mean {\n        ua\n        wa\n        macroF1\n      }\n      std {\n        ua\n        wa\n        macroF1\n      }\n      sweep {\n        id\n        dataset {\n          labels\n        }\n      }\n      folds {\n        id\n        heldOut\n        status\n        error\n        confusion\n        metrics {\n          ua\n          wa\n          macroF1\n        }\n        epochs(first: 1000) {\n          epoch\n          trainLoss\n          valLoss\n          valUa\n        }\n      }\n    }\n  }\n": typeof types.TrialDetailDocument,
    "\n  subscription SweepProgress($id: ID!) {\n    sweepProgress(id: $id) {\n      sweepId\n      kind\n      trialId\n      heldOut\n      status\n      sweepStatus\n      foldRunId\n      metrics {\n        ua\n        wa\n        macroF1\n      }\n      epoch {\n        epoch\n        trainLoss\n        valLoss\n        valUa\n      }\n    }\n  }\n": typeof types.SweepProgressDocument,
    "\n  mutation DryRunSweep($spec: String!) {\n    dryRunSweep(spec: $spec) {\n      trials\n      folds\n      foldRuns\n      gridSize\n      heldOut\n      notes\n      estimatedSeconds\n      featureSets {\n        representation\n        params\n        key\n        exists\n      }\n      dropped {\n        kind\n        reason\n      }\n    }\n  }\n": typeof types.DryRunSweepDocument,
    "\n  mutation LaunchSweep($spec: String!) {\n    launchSweep(spec: $spec) {\n      id\n      name\n      status\n    }\n  }\n": typeof types.LaunchSweepDocument,
    "\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.CancelSweepDocument,
    "\n  query Leaderboard($sweepId: ID, $metric: Metric, $first: Int, $filter: LeaderboardFilter) {\n    leaderboard(sweepId: $sweepId, metric: $metric, first: $first, filter: $filter) {\n      rank\n      mean\n      std\n      trial {\n        id\n        sweepId\n        index\n        params\n        status\n        foldsDone\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n      }\n    }\n  }\n": typeof types.LeaderboardDocument,
    "\n  query CompareTrials($a: ID!, $b: ID!, $metric: Metric) {\n    compareTrials(a: $a, b: $b, metric: $metric) {\n      metric\n      n\n      meanDifference\n      stdDifference\n      confidenceInterval {\n        level\n        low\n        high\n      }\n      tTest {\n        name\n        statistic\n        df\n        pValue\n        note\n      }\n      wilcoxon {\n        name\n        statistic\n        pValue\n        note\n      }\n      unpaired\n      folds {\n        heldOut\n        a\n        b\n        difference\n      }\n    }\n  }\n": typeof types.CompareTrialsDocument,
    "\n  query Datasets {\n    datasets {\n      id\n      name\n      format\n      root\n      classes\n      version\n      labels\n      createdAt\n      counts {\n        utterances\n        groups {\n          name\n          count\n        }\n        labels {\n          name\n          count\n        }\n        speakers {\n          name\n          count\n        }\n        dropped {\n          name\n          count\n        }\n      }\n    }\n  }\n": typeof types.DatasetsDocument,
    "\n  query FeatureSets($datasetId: ID) {\n    featureSets(datasetId: $datasetId) {\n      key\n      datasetId\n      representation\n      params\n      status\n      sizeBytes\n      dims\n      utteranceCount\n      creatorSweepId\n      reuseCount\n      computeMs\n      createdAt\n    }\n  }\n": typeof types.FeatureSetsDocument,
    "\n  mutation RegisterDataset($format: String!, $root: String!, $classes: String) {\n    registerDataset(format: $format, root: $root, classes: $classes) {\n      id\n      name\n    }\n  }\n": typeof types.RegisterDatasetDocument,
    "\n  query Schedules {\n    schedules {\n      id\n      name\n      cron\n      timezone\n      paused\n      specText\n      nextRuns\n      createdAt\n      history {\n        metric\n        sweep {\n          id\n          name\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.SchedulesDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateScheduleDocument,
    "\n  mutation PauseSchedule($id: ID!) {\n    pauseSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n": typeof types.PauseScheduleDocument,
    "\n  mutation ResumeSchedule($id: ID!) {\n    resumeSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n": typeof types.ResumeScheduleDocument,
    "\n  mutation TriggerSchedule($id: ID!) {\n    triggerSchedule(id: $id) {\n      id\n      name\n      status\n    }\n  }\n": typeof types.TriggerScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n": typeof types.DeleteScheduleDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      role\n      name\n    }\n  }\n": types.MeDocument,
    "\n  query Sweeps($first: Int, $after: String, $status: RunStatus) {\n    sweeps(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          createdAt\n          finishedAt\n          trialCount\n          foldCount\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SweepsDocument,
    "\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      status\n      createdAt\n      startedAt\n      finishedAt\n      error\n      specText\n      trialCount\n      foldCount\n      progress {\n        pending\n        running\n        completed\n        failed\n        cancelled\n        total\n      }\n      dataset {\n        id\n        name\n        labels\n      }\n      trials(first: 1000) {\n        id\n        index\n        params\n        status\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n        folds {\n          id\n          heldOut\n          status\n          startedAt\n          finishedAt\n          error\n          epochsRun\n          metrics {\n            ua\n            wa\n            macroF1\n          }\n        }\n      }\n    }\n  }\n": types.SweepDocument,
    "\n  query TrialDetail($id: ID!) {\n    trial(id: $id) {\n      id\n      index\n      params\n      mean {\n        ua\n        wa\n        macroF1\n      }\n      std {\n        ua\n        wa\n        macroF1\n      }\n      sweep {\n        id\n        dataset {\n          labels\n        }\n      }\n      folds {\n        id\n        heldOut\n        status\n        error\n        confusion\n        metrics {\n          ua\n          wa\n          macroF1\n        }\n        epochs(first: 1000) {\n          epoch\n          trainLoss\n          valLoss\n          valUa\n        }\n      }\n    }\n  }\n": types.TrialDetailDocument,
    "\n  subscription SweepProgress($id: ID!) {\n    sweepProgress(id: $id) {\n      sweepId\n      kind\n      trialId\n      heldOut\n      status\n      sweepStatus\n      foldRunId\n      metrics {\n        ua\n        wa\n        macroF1\n      }\n      epoch {\n        epoch\n        trainLoss\n        valLoss\n        valUa\n      }\n    }\n  }\n": types.SweepProgressDocument,
    "\n  mutation DryRunSweep($spec: String!) {\n    dryRunSweep(spec: $spec) {\n      trials\n      folds\n      foldRuns\n      gridSize\n      heldOut\n      notes\n      estimatedSeconds\n      featureSets {\n        representation\n        params\n        key\n        exists\n      }\n      dropped {\n        kind\n        reason\n      }\n    }\n  }\n": types.DryRunSweepDocument,
    "\n  mutation LaunchSweep($spec: String!) {\n    launchSweep(spec: $spec) {\n      id\n      name\n      status\n    }\n  }\n": types.LaunchSweepDocument,
    "\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      status\n    }\n  }\n": types.CancelSweepDocument,
    "\n  query Leaderboard($sweepId: ID, $metric: Metric, $first: Int, $filter: LeaderboardFilter) {\n    leaderboard(sweepId: $sweepId, metric: $metric, first: $first, filter: $filter) {\n      rank\n      mean\n      std\n      trial {\n        id\n        sweepId\n        index\n        params\n        status\n        foldsDone\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n      }\n    }\n  }\n": types.LeaderboardDocument,
    "\n  query CompareTrials($a: ID!, $b: ID!, $metric: Metric) {\n    compareTrials(a: $a, b: $b, metric: $metric) {\n      metric\n      n\n      meanDifference\n      stdDifference\n      confidenceInterval {\n        level\n        low\n        high\n      }\n      tTest {\n        name\n        statistic\n        df\n        pValue\n        note\n      }\n      wilcoxon {\n        name\n        statistic\n        pValue\n        note\n      }\n      unpaired\n      folds {\n        heldOut\n        a\n        b\n        difference\n      }\n    }\n  }\n": types.CompareTrialsDocument,
    "\n  query Datasets {\n    datasets {\n      id\n      name\n      format\n      root\n      classes\n      version\n      labels\n      createdAt\n      counts {\n        utterances\n        groups {\n          name\n          count\n        }\n        labels {\n          name\n          count\n        }\n        speakers {\n          name\n          count\n        }\n        dropped {\n          name\n          count\n        }\n      }\n    }\n  }\n": types.DatasetsDocument,
    "\n  query FeatureSets($datasetId: ID) {\n    featureSets(datasetId: $datasetId) {\n      key\n      datasetId\n      representation\n      params\n      status\n      sizeBytes\n      dims\n      utteranceCount\n      creatorSweepId\n      reuseCount\n      computeMs\n      createdAt\n    }\n  }\n": types.FeatureSetsDocument,
    "\n  mutation RegisterDataset($format: String!, $root: String!, $classes: String) {\n    registerDataset(format: $format, root: $root, classes: $classes) {\n      id\n      name\n    }\n  }\n": types.RegisterDatasetDocument,
    "\n  query Schedules {\n    schedules {\n      id\n      name\n      cron\n      timezone\n      paused\n      specText\n      nextRuns\n      createdAt\n      history {\n        metric\n        sweep {\n          id\n          name\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": types.SchedulesDocument,
    "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateScheduleDocument,
    "\n  mutation PauseSchedule($id: ID!) {\n    pauseSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n": types.PauseScheduleDocument,
    "\n  mutation ResumeSchedule($id: ID!) {\n    resumeSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n": types.ResumeScheduleDocument,
    "\n  mutation TriggerSchedule($id: ID!) {\n    triggerSchedule(id: $id) {\n      id\n      name\n      status\n    }\n  }\n": types.TriggerScheduleDocument,
    "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n": types.DeleteScheduleDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      role\n      name\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      role\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sweeps($first: Int, $after: String, $status: RunStatus) {\n    sweeps(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          createdAt\n          finishedAt\n          trialCount\n          foldCount\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sweeps($first: Int, $after: String, $status: RunStatus) {\n    sweeps(first: $first, after: $after, status: $status) {\n      edges {\n        cursor\n        node {\n          id\n          name\n          status\n          createdAt\n          finishedAt\n          trialCount\n          foldCount\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      status\n      createdAt\n      startedAt\n      finishedAt\n      error\n      specText\n      trialCount\n      foldCount\n      progress {\n        pending\n        running\n        completed\n        failed\n        cancelled\n        total\n      }\n      dataset {\n        id\n        name\n        labels\n      }\n      trials(first: 1000) {\n        id\n        index\n        params\n        status\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n        folds {\n          id\n          heldOut\n          status\n          startedAt\n          finishedAt\n          error\n          epochsRun\n          metrics {\n            ua\n            wa\n            macroF1\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sweep($id: ID!) {\n    sweep(id: $id) {\n      id\n      name\n      status\n      createdAt\n      startedAt\n      finishedAt\n      error\n      specText\n      trialCount\n      foldCount\n      progress {\n        pending\n        running\n        completed\n        failed\n        cancelled\n        total\n      }\n      dataset {\n        id\n        name\n        labels\n      }\n      trials(first: 1000) {\n        id\n        index\n        params\n        status\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n        folds {\n          id\n          heldOut\n          status\n          startedAt\n          finishedAt\n          error\n          epochsRun\n          metrics {\n            ua\n            wa\n            macroF1\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TrialDetail($id: ID!) {\n    trial(id: $id) {\n      id\n      index\n      params\n      mean {\n        ua\n        wa\n        macroF1\n      }\n      std {\n        ua\n        wa\n        macroF1\n      }\n      sweep {\n        id\n        dataset {\n          labels\n        }\n      }\n      folds {\n        id\n        heldOut\n        status\n        error\n        confusion\n        metrics {\n          ua\n          wa\n          macroF1\n        }\n        epochs(first: 1000) {\n          epoch\n          trainLoss\n          valLoss\n          valUa\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TrialDetail($id: ID!) {\n    trial(id: $id) {\n      id\n      index\n      params\n      mean {\n        ua\n        wa\n        macroF1\n      }\n      std {\n        ua\n        wa\n        macroF1\n      }\n      sweep {\n        id\n        dataset {\n          labels\n        }\n      }\n      folds {\n        id\n        heldOut\n        status\n        error\n        confusion\n        metrics {\n          ua\n          wa\n          macroF1\n        }\n        epochs(first: 1000) {\n          epoch\n          trainLoss\n          valLoss\n          valUa\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SweepProgress($id: ID!) {\n    sweepProgress(id: $id) {\n      sweepId\n      kind\n      trialId\n      heldOut\n      status\n      sweepStatus\n      foldRunId\n      metrics {\n        ua\n        wa\n        macroF1\n      }\n      epoch {\n        epoch\n        trainLoss\n        valLoss\n        valUa\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SweepProgress($id: ID!) {\n    sweepProgress(id: $id) {\n      sweepId\n      kind\n      trialId\n      heldOut\n      status\n      sweepStatus\n      foldRunId\n      metrics {\n        ua\n        wa\n        macroF1\n      }\n      epoch {\n        epoch\n        trainLoss\n        valLoss\n        valUa\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DryRunSweep($spec: String!) {\n    dryRunSweep(spec: $spec) {\n      trials\n      folds\n      foldRuns\n      gridSize\n      heldOut\n      notes\n      estimatedSeconds\n      featureSets {\n        representation\n        params\n        key\n        exists\n      }\n      dropped {\n        kind\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DryRunSweep($spec: String!) {\n    dryRunSweep(spec: $spec) {\n      trials\n      folds\n      foldRuns\n      gridSize\n      heldOut\n      notes\n      estimatedSeconds\n      featureSets {\n        representation\n        params\n        key\n        exists\n      }\n      dropped {\n        kind\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LaunchSweep($spec: String!) {\n    launchSweep(spec: $spec) {\n      id\n      name\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation LaunchSweep($spec: String!) {\n    launchSweep(spec: $spec) {\n      id\n      name\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelSweep($id: ID!) {\n    cancelSweep(id: $id) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Leaderboard($sweepId: ID, $metric: Metric, $first: Int, $filter: LeaderboardFilter) {\n    leaderboard(sweepId: $sweepId, metric: $metric, first: $first, filter: $filter) {\n      rank\n      mean\n      std\n      trial {\n        id\n        sweepId\n        index\n        params\n        status\n        foldsDone\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Leaderboard($sweepId: ID, $metric: Metric, $first: Int, $filter: LeaderboardFilter) {\n    leaderboard(sweepId: $sweepId, metric: $metric, first: $first, filter: $filter) {\n      rank\n      mean\n      std\n      trial {\n        id\n        sweepId\n        index\n        params\n        status\n        foldsDone\n        mean {\n          ua\n          wa\n          macroF1\n        }\n        std {\n          ua\n          wa\n          macroF1\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareTrials($a: ID!, $b: ID!, $metric: Metric) {\n    compareTrials(a: $a, b: $b, metric: $metric) {\n      metric\n      n\n      meanDifference\n      stdDifference\n      confidenceInterval {\n        level\n        low\n        high\n      }\n      tTest {\n        name\n        statistic\n        df\n        pValue\n        note\n      }\n      wilcoxon {\n        name\n        statistic\n        pValue\n        note\n      }\n      unpaired\n      folds {\n        heldOut\n        a\n        b\n        difference\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompareTrials($a: ID!, $b: ID!, $metric: Metric) {\n    compareTrials(a: $a, b: $b, metric: $metric) {\n      metric\n      n\n      meanDifference\n      stdDifference\n      confidenceInterval {\n        level\n        low\n        high\n      }\n      tTest {\n        name\n        statistic\n        df\n        pValue\n        note\n      }\n      wilcoxon {\n        name\n        statistic\n        pValue\n        note\n      }\n      unpaired\n      folds {\n        heldOut\n        a\n        b\n        difference\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Datasets {\n    datasets {\n      id\n      name\n      format\n      root\n      classes\n      version\n      labels\n      createdAt\n      counts {\n        utterances\n        groups {\n          name\n          count\n        }\n        labels {\n          name\n          count\n        }\n        speakers {\n          name\n          count\n        }\n        dropped {\n          name\n          count\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Datasets {\n    datasets {\n      id\n      name\n      format\n      root\n      classes\n      version\n      labels\n      createdAt\n      counts {\n        utterances\n        groups {\n          name\n          count\n        }\n        labels {\n          name\n          count\n        }\n        speakers {\n          name\n          count\n        }\n        dropped {\n          name\n          count\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FeatureSets($datasetId: ID) {\n    featureSets(datasetId: $datasetId) {\n      key\n      datasetId\n      representation\n      params\n      status\n      sizeBytes\n      dims\n      utteranceCount\n      creatorSweepId\n      reuseCount\n      computeMs\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query FeatureSets($datasetId: ID) {\n    featureSets(datasetId: $datasetId) {\n      key\n      datasetId\n      representation\n      params\n      status\n      sizeBytes\n      dims\n      utteranceCount\n      creatorSweepId\n      reuseCount\n      computeMs\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterDataset($format: String!, $root: String!, $classes: String) {\n    registerDataset(format: $format, root: $root, classes: $classes) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterDataset($format: String!, $root: String!, $classes: String) {\n    registerDataset(format: $format, root: $root, classes: $classes) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Schedules {\n    schedules {\n      id\n      name\n      cron\n      timezone\n      paused\n      specText\n      nextRuns\n      createdAt\n      history {\n        metric\n        sweep {\n          id\n          name\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Schedules {\n    schedules {\n      id\n      name\n      cron\n      timezone\n      paused\n      specText\n      nextRuns\n      createdAt\n      history {\n        metric\n        sweep {\n          id\n          name\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSchedule($input: CreateScheduleInput!) {\n    createSchedule(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseSchedule($id: ID!) {\n    pauseSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n"): (typeof documents)["\n  mutation PauseSchedule($id: ID!) {\n    pauseSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeSchedule($id: ID!) {\n    resumeSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n"): (typeof documents)["\n  mutation ResumeSchedule($id: ID!) {\n    resumeSchedule(id: $id) {\n      id\n      paused\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TriggerSchedule($id: ID!) {\n    triggerSchedule(id: $id) {\n      id\n      name\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation TriggerSchedule($id: ID!) {\n    triggerSchedule(id: $id) {\n      id\n      name\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteSchedule($id: ID!) {\n    deleteSchedule(id: $id)\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;