-- 0009_agreement_budgets (PostgreSQL): the same columns as
-- 0009_agreement_budgets.sqlite.sql (see there), lists as JSONB.
ALTER TABLE agreements ADD COLUMN kinds JSONB NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN tracks JSONB NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN municipalities JSONB NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN budget_cents BIGINT;
ALTER TABLE agreements ADD COLUMN max_conferences BIGINT;
ALTER TABLE agreements ADD COLUMN warn_below_pct BIGINT NOT NULL DEFAULT 10;
ALTER TABLE requests ADD COLUMN committed_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN funding_note TEXT;
UPDATE requests SET committed_cents = COALESCE((SELECT CASE requests.kind
		WHEN 'family' THEN a.tariff_family_cents
		WHEN 'restoration' THEN a.tariff_restoration_cents
		WHEN 'group' THEN a.tariff_group_cents
		WHEN 'learning' THEN a.tariff_learning_cents END
	FROM agreements a WHERE a.id = requests.agreement_id), 0)
WHERE agreement_id IS NOT NULL AND state <> 'stopped';
