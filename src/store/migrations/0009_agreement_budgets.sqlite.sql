-- 0009_agreement_budgets (SQLite): what an agreement covers (kinds, tracks,
-- municipalities; an empty list covers all) and its limits (a budget in
-- cents, a number of conferences, the percentage below which kring warns);
-- on the request the amount committed on the agreement when funding was
-- approved, and the note on how the money was found otherwise.
ALTER TABLE agreements ADD COLUMN kinds TEXT NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN tracks TEXT NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN municipalities TEXT NOT NULL DEFAULT '[]';
ALTER TABLE agreements ADD COLUMN budget_cents INTEGER;
ALTER TABLE agreements ADD COLUMN max_conferences INTEGER;
ALTER TABLE agreements ADD COLUMN warn_below_pct INTEGER NOT NULL DEFAULT 10;
ALTER TABLE requests ADD COLUMN committed_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN funding_note TEXT;
-- the cases funded before budgets were kept hold their agreement's tariff,
-- unless they stopped (a stopped case never had its conference)
UPDATE requests SET committed_cents = COALESCE((SELECT CASE requests.kind
		WHEN 'family' THEN a.tariff_family_cents
		WHEN 'restoration' THEN a.tariff_restoration_cents
		WHEN 'group' THEN a.tariff_group_cents
		WHEN 'learning' THEN a.tariff_learning_cents END
	FROM agreements a WHERE a.id = requests.agreement_id), 0)
WHERE agreement_id IS NOT NULL AND state <> 'stopped';
