-- Live progress for the API's `sweepProgress` subscription (apps/api/src/progress): every write a
-- worker makes to a sweep's rows is announced on the channel `emosweep_progress` as a small JSON
-- payload (well under NOTIFY's 8,000-byte limit). Notifications are delivered at commit, in commit
-- order, only to sessions that LISTEN; without listeners they cost next to nothing.
-- Keys: k = kind (sweep | trial | fold | epoch), s = sweep id, t = trial id, f = fold run id,
-- h = held-out group, st = status; the rest are the metrics of the row.

CREATE OR REPLACE FUNCTION "emosweep_notify_sweep"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('emosweep_progress', json_build_object(
    'k', 'sweep', 's', NEW."id", 'st', NEW."status", 'er', left(NEW."error", 500)
  )::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Sweep_progress_notify"
  AFTER UPDATE OF "status" ON "Sweep"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status")
  EXECUTE FUNCTION "emosweep_notify_sweep"();

CREATE OR REPLACE FUNCTION "emosweep_notify_trial"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('emosweep_progress', json_build_object(
    'k', 'trial', 's', NEW."sweepId", 't', NEW."id", 'st', NEW."status", 'fd', NEW."foldsDone",
    'mu', NEW."meanUa", 'mw', NEW."meanWa", 'mf', NEW."meanMacroF1",
    'su', NEW."stdUa", 'sw', NEW."stdWa", 'sf', NEW."stdMacroF1"
  )::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "Trial_progress_notify"
  AFTER UPDATE ON "Trial"
  FOR EACH ROW WHEN (
    OLD."status" IS DISTINCT FROM NEW."status"
    OR OLD."meanUa" IS DISTINCT FROM NEW."meanUa"
    OR OLD."foldsDone" IS DISTINCT FROM NEW."foldsDone"
  )
  EXECUTE FUNCTION "emosweep_notify_trial"();

CREATE OR REPLACE FUNCTION "emosweep_notify_fold"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sweep_id uuid;
BEGIN
  SELECT "sweepId" INTO sweep_id FROM "Trial" WHERE "id" = NEW."trialId";
  PERFORM pg_notify('emosweep_progress', json_build_object(
    'k', 'fold', 's', sweep_id, 't', NEW."trialId", 'f', NEW."id", 'h', NEW."heldOut",
    'st', NEW."status", 'a', NEW."attempt", 'ua', NEW."ua", 'wa', NEW."wa", 'mf', NEW."macroF1",
    'be', NEW."bestEpoch", 'er', left(NEW."error", 500)
  )::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "FoldRun_progress_notify_insert"
  AFTER INSERT ON "FoldRun"
  FOR EACH ROW EXECUTE FUNCTION "emosweep_notify_fold"();

CREATE TRIGGER "FoldRun_progress_notify_update"
  AFTER UPDATE ON "FoldRun"
  FOR EACH ROW WHEN (
    OLD."status" IS DISTINCT FROM NEW."status"
    OR OLD."attempt" IS DISTINCT FROM NEW."attempt"
    OR OLD."ua" IS DISTINCT FROM NEW."ua"
  )
  EXECUTE FUNCTION "emosweep_notify_fold"();

CREATE OR REPLACE FUNCTION "emosweep_notify_epoch"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sweep_id uuid;
  trial_id uuid;
  held_out text;
BEGIN
  SELECT t."sweepId", f."trialId", f."heldOut" INTO sweep_id, trial_id, held_out
    FROM "FoldRun" f JOIN "Trial" t ON t."id" = f."trialId"
    WHERE f."id" = NEW."foldRunId";
  PERFORM pg_notify('emosweep_progress', json_build_object(
    'k', 'epoch', 's', sweep_id, 't', trial_id, 'f', NEW."foldRunId", 'h', held_out,
    'e', NEW."epoch", 'tl', NEW."trainLoss", 'vl', NEW."valLoss", 'vu', NEW."valUa",
    'vw', NEW."valWa", 'lr', NEW."lr"
  )::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER "EpochMetric_progress_notify"
  AFTER INSERT OR UPDATE ON "EpochMetric"
  FOR EACH ROW EXECUTE FUNCTION "emosweep_notify_epoch"();
