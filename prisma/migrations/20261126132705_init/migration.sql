-- CreateEnum
CREATE TYPE "FeatureSetStatus" AS ENUM ('pending', 'computing', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('pending', 'running', 'completed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "CheckpointKind" AS ENUM ('latest', 'best');

-- CreateEnum
CREATE TYPE "TokenRole" AS ENUM ('viewer', 'operator');

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "root" TEXT NOT NULL,
    "classes" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "labels" TEXT[],
    "counts" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Utterance" (
    "datasetId" UUID NOT NULL,
    "uttId" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "speaker" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "durationSec" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "Utterance_pkey" PRIMARY KEY ("datasetId","uttId")
);

-- CreateTable
CREATE TABLE "FeatureSet" (
    "key" TEXT NOT NULL,
    "datasetId" UUID NOT NULL,
    "representation" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "extractorVersion" TEXT NOT NULL,
    "status" "FeatureSetStatus" NOT NULL DEFAULT 'pending',
    "objectKey" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "sha256" TEXT,
    "utteranceCount" INTEGER,
    "totalFrames" BIGINT,
    "dims" INTEGER,
    "creatorSweepId" UUID,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMPTZ(3),
    "reuseCount" INTEGER NOT NULL DEFAULT 0,
    "computeMs" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FeatureSet_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Sweep" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "specText" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'pending',
    "datasetId" UUID,
    "scheduleId" UUID,
    "workflowId" TEXT,
    "seed" INTEGER NOT NULL,
    "device" TEXT NOT NULL,
    "trialCount" INTEGER NOT NULL,
    "foldCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sweepId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "paramsKey" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "representation" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "lr" DOUBLE PRECISION NOT NULL,
    "seqLen" INTEGER,
    "fcLayers" INTEGER,
    "status" "RunStatus" NOT NULL DEFAULT 'pending',
    "meanUa" DOUBLE PRECISION,
    "meanWa" DOUBLE PRECISION,
    "meanMacroF1" DOUBLE PRECISION,
    "stdUa" DOUBLE PRECISION,
    "stdWa" DOUBLE PRECISION,
    "stdMacroF1" DOUBLE PRECISION,
    "foldsDone" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Trial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FoldRun" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "trialId" UUID NOT NULL,
    "heldOut" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'pending',
    "seed" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "wa" DOUBLE PRECISION,
    "ua" DOUBLE PRECISION,
    "macroF1" DOUBLE PRECISION,
    "perClass" JSONB,
    "confusion" JSONB,
    "bestEpoch" INTEGER,
    "epochsRun" INTEGER,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "worker" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FoldRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EpochMetric" (
    "foldRunId" UUID NOT NULL,
    "epoch" INTEGER NOT NULL,
    "trainLoss" DOUBLE PRECISION NOT NULL,
    "valLoss" DOUBLE PRECISION,
    "valUa" DOUBLE PRECISION,
    "valWa" DOUBLE PRECISION,
    "lr" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EpochMetric_pkey" PRIMARY KEY ("foldRunId","epoch")
);

-- CreateTable
CREATE TABLE "Checkpoint" (
    "foldRunId" UUID NOT NULL,
    "kind" "CheckpointKind" NOT NULL,
    "epoch" INTEGER NOT NULL,
    "objectKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Checkpoint_pkey" PRIMARY KEY ("foldRunId","kind")
);

-- CreateTable
CREATE TABLE "Schedule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "specText" TEXT NOT NULL,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "temporalScheduleId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" "TokenRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Dataset_name_idx" ON "Dataset"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_format_root_classes_version_key" ON "Dataset"("format", "root", "classes", "version");

-- CreateIndex
CREATE INDEX "Utterance_datasetId_group_idx" ON "Utterance"("datasetId", "group");

-- CreateIndex
CREATE INDEX "FeatureSet_datasetId_representation_idx" ON "FeatureSet"("datasetId", "representation");

-- CreateIndex
CREATE INDEX "FeatureSet_status_idx" ON "FeatureSet"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Sweep_workflowId_key" ON "Sweep"("workflowId");

-- CreateIndex
CREATE INDEX "Sweep_status_createdAt_idx" ON "Sweep"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Sweep_scheduleId_createdAt_idx" ON "Sweep"("scheduleId", "createdAt");

-- CreateIndex
CREATE INDEX "Sweep_datasetId_createdAt_idx" ON "Sweep"("datasetId", "createdAt");

-- CreateIndex
CREATE INDEX "Sweep_createdAt_id_idx" ON "Sweep"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Trial_sweepId_meanUa_idx" ON "Trial"("sweepId", "meanUa");

-- CreateIndex
CREATE INDEX "Trial_sweepId_meanWa_idx" ON "Trial"("sweepId", "meanWa");

-- CreateIndex
CREATE INDEX "Trial_sweepId_meanMacroF1_idx" ON "Trial"("sweepId", "meanMacroF1");

-- CreateIndex
CREATE INDEX "Trial_representation_model_idx" ON "Trial"("representation", "model");

-- CreateIndex
CREATE INDEX "Trial_paramsKey_idx" ON "Trial"("paramsKey");

-- CreateIndex
CREATE UNIQUE INDEX "Trial_sweepId_index_key" ON "Trial"("sweepId", "index");

-- CreateIndex
CREATE INDEX "FoldRun_status_idx" ON "FoldRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "FoldRun_trialId_heldOut_key" ON "FoldRun"("trialId", "heldOut");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_name_key" ON "Schedule"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_temporalScheduleId_key" ON "Schedule"("temporalScheduleId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_hash_key" ON "ApiToken"("hash");

-- AddForeignKey
ALTER TABLE "Utterance" ADD CONSTRAINT "Utterance_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeatureSet" ADD CONSTRAINT "FeatureSet_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeatureSet" ADD CONSTRAINT "FeatureSet_creatorSweepId_fkey" FOREIGN KEY ("creatorSweepId") REFERENCES "Sweep"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sweep" ADD CONSTRAINT "Sweep_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sweep" ADD CONSTRAINT "Sweep_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FoldRun" ADD CONSTRAINT "FoldRun_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EpochMetric" ADD CONSTRAINT "EpochMetric_foldRunId_fkey" FOREIGN KEY ("foldRunId") REFERENCES "FoldRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Checkpoint" ADD CONSTRAINT "Checkpoint_foldRunId_fkey" FOREIGN KEY ("foldRunId") REFERENCES "FoldRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written CHECK constraints (Prisma's schema language has none; its diff leaves them alone).
-- Statuses and roles are enums above; these guard values the workflows write.
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_version_nonempty" CHECK (length("version") > 0);
ALTER TABLE "Utterance" ADD CONSTRAINT "Utterance_duration_nonneg" CHECK ("durationSec" >= 0);
ALTER TABLE "FeatureSet" ADD CONSTRAINT "FeatureSet_counts_nonneg"
  CHECK ("reuseCount" >= 0 AND ("sizeBytes" IS NULL OR "sizeBytes" >= 0) AND ("computeMs" IS NULL OR "computeMs" >= 0));
ALTER TABLE "FeatureSet" ADD CONSTRAINT "FeatureSet_ready_complete"
  CHECK ("status" <> 'ready' OR ("sha256" IS NOT NULL AND "sizeBytes" IS NOT NULL));
ALTER TABLE "Sweep" ADD CONSTRAINT "Sweep_counts_nonneg" CHECK ("trialCount" >= 0 AND "foldCount" >= 0);
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_values" CHECK (
  "index" >= 0 AND "lr" > 0 AND ("seqLen" IS NULL OR "seqLen" > 0) AND ("fcLayers" IS NULL OR "fcLayers" > 0) AND "foldsDone" >= 0
  AND ("meanUa" IS NULL OR "meanUa" BETWEEN 0 AND 1)
  AND ("meanWa" IS NULL OR "meanWa" BETWEEN 0 AND 1)
  AND ("meanMacroF1" IS NULL OR "meanMacroF1" BETWEEN 0 AND 1));
ALTER TABLE "FoldRun" ADD CONSTRAINT "FoldRun_values" CHECK (
  "attempt" >= 0
  AND ("ua" IS NULL OR "ua" BETWEEN 0 AND 1)
  AND ("wa" IS NULL OR "wa" BETWEEN 0 AND 1)
  AND ("macroF1" IS NULL OR "macroF1" BETWEEN 0 AND 1));
ALTER TABLE "EpochMetric" ADD CONSTRAINT "EpochMetric_values" CHECK ("epoch" >= 0 AND "lr" >= 0);
ALTER TABLE "Checkpoint" ADD CONSTRAINT "Checkpoint_values" CHECK ("epoch" >= 0 AND "sizeBytes" >= 0);
