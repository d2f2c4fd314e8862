-- AlterTable
ALTER TABLE "FoldRun" ADD COLUMN     "resumedFromEpoch" INTEGER;
