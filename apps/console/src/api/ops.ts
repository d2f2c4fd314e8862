/** Every GraphQL operation the console sends. Types come from graphql-codegen (src/gql, committed). */
import { graphql } from '../gql';

export const SweepsQuery = graphql(`
  query Sweeps($first: Int, $after: String, $status: RunStatus) {
    sweeps(first: $first, after: $after, status: $status) {
      edges {
        cursor
        node {
          id
          name
          status
          createdAt
          finishedAt
          trialCount
          foldCount
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const SweepQuery = graphql(`
  query Sweep($id: ID!) {
    sweep(id: $id) {
      id
      name
      status
      createdAt
      startedAt
      finishedAt
      error
      specText
      trialCount
      foldCount
      progress {
        pending
        running
        completed
        failed
        cancelled
        total
      }
      dataset {
        id
        name
        labels
      }
      trials(first: 1000) {
        id
        index
        params
        status
        mean {
          ua
          wa
          macroF1
        }
        std {
          ua
          wa
          macroF1
        }
        folds {
          id
          heldOut
          status
          startedAt
          finishedAt
          error
          epochsRun
          metrics {
            ua
            wa
            macroF1
          }
        }
      }
    }
  }
`);

export const TrialDetailQuery = graphql(`
  query TrialDetail($id: ID!) {
    trial(id: $id) {
      id
      index
      params
      mean {
        ua
        wa
        macroF1
      }
      std {
        ua
        wa
        macroF1
      }
      sweep {
        id
        dataset {
          labels
        }
      }
      folds {
        id
        heldOut
        status
        error
        confusion
        metrics {
          ua
          wa
          macroF1
        }
        epochs(first: 1000) {
          epoch
          trainLoss
          valLoss
          valUa
        }
      }
    }
  }
`);

export const SweepProgressSubscription = graphql(`
  subscription SweepProgress($id: ID!) {
    sweepProgress(id: $id) {
      kind
      sweepId
      at
      sweepStatus
      error
      counts {
        pending
        running
        completed
        failed
        cancelled
        total
      }
      trial {
        id
        status
        foldsDone
        mean {
          ua
          wa
          macroF1
        }
        std {
          ua
          wa
          macroF1
        }
      }
      fold {
        id
        trialId
        heldOut
        status
        metrics {
          ua
          wa
          macroF1
        }
        error
      }
      epoch {
        foldRunId
        trialId
        heldOut
        epoch
        trainLoss
        valLoss
        valUa
      }
    }
  }
`);

export const DryRunMutation = graphql(`
  mutation DryRunSweep($spec: String!) {
    dryRunSweep(spec: $spec) {
      trials
      folds
      foldRuns
      gridSize
      heldOut
      notes
      estimatedSeconds
      featureSets {
        representation
        params
        key
        exists
      }
      dropped {
        kind
        reason
      }
    }
  }
`);

export const LaunchMutation = graphql(`
  mutation LaunchSweep($spec: String!) {
    launchSweep(spec: $spec) {
      id
      name
      status
    }
  }
`);

export const CancelSweepMutation = graphql(`
  mutation CancelSweep($id: ID!) {
    cancelSweep(id: $id) {
      id
      status
    }
  }
`);

export const LeaderboardQuery = graphql(`
  query Leaderboard($sweepId: ID, $metric: Metric, $first: Int, $filter: LeaderboardFilter) {
    leaderboard(sweepId: $sweepId, metric: $metric, first: $first, filter: $filter) {
      rank
      mean
      std
      trial {
        id
        sweepId
        index
        params
        status
        foldsDone
        mean {
          ua
          wa
          macroF1
        }
        std {
          ua
          wa
          macroF1
        }
      }
    }
  }
`);

export const CompareQuery = graphql(`
  query CompareTrials($a: ID!, $b: ID!, $metric: Metric) {
    compareTrials(a: $a, b: $b, metric: $metric) {
      metric
      n
      meanDifference
      stdDifference
      confidenceInterval {
        level
        low
        high
      }
      tTest {
        name
        statistic
        df
        pValue
        note
      }
      wilcoxon {
        name
        statistic
        pValue
        note
      }
      unpaired
      folds {
        heldOut
        a
        b
        difference
      }
    }
  }
`);

export const DatasetsQuery = graphql(`
  query Datasets {
    datasets {
      id
      name
      format
      root
      classes
      version
      labels
      createdAt
      labelsByGroup {
        group
        labels {
          name
          count
        }
      }
      counts {
        utterances
        groups {
          name
          count
        }
        labels {
          name
          count
        }
        speakers {
          name
          count
        }
        dropped {
          name
          count
        }
      }
    }
  }
`);

export const FeatureSetsQuery = graphql(`
  query FeatureSets($datasetId: ID) {
    featureSets(datasetId: $datasetId) {
      key
      datasetId
      representation
      params
      status
      sizeBytes
      dims
      utteranceCount
      creatorSweepId
      reuseCount
      computeMs
      createdAt
    }
  }
`);

export const RegisterDatasetMutation = graphql(`
  mutation RegisterDataset($format: String!, $root: String!, $classes: String) {
    registerDataset(format: $format, root: $root, classes: $classes) {
      id
      name
    }
  }
`);

export const SchedulesQuery = graphql(`
  query Schedules {
    schedules {
      id
      name
      cron
      timezone
      paused
      specText
      createdAt
      nextRunTimes
      metricHistory(metric: UA, last: 60) {
        sweepId
        at
        status
        value
      }
      runs(first: 10) {
        nodes {
          id
          name
          status
          createdAt
        }
      }
    }
  }
`);

export const CreateScheduleMutation = graphql(`
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      id
      name
    }
  }
`);

export const PauseScheduleMutation = graphql(`
  mutation PauseSchedule($id: ID!) {
    pauseSchedule(id: $id) {
      id
      paused
    }
  }
`);

export const ResumeScheduleMutation = graphql(`
  mutation ResumeSchedule($id: ID!) {
    resumeSchedule(id: $id) {
      id
      paused
    }
  }
`);

export const TriggerScheduleMutation = graphql(`
  mutation TriggerSchedule($id: ID!) {
    triggerSchedule(id: $id) {
      id
      name
    }
  }
`);

export const DeleteScheduleMutation = graphql(`
  mutation DeleteSchedule($id: ID!) {
    deleteSchedule(id: $id)
  }
`);
