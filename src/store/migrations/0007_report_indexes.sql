-- 0007_report_indexes: what the reports (store/report_sql.c) read most.
-- The annual report counts a year's requests per track, outcome and state:
-- one index covers that whole count, so the table itself is not read.
CREATE INDEX requests_report_idx ON requests (requested_on, track, outcome, state);
-- Each case's last follow-up (by date, then id) and last verdict (by id).
CREATE INDEX follow_ups_last_idx ON follow_ups (request_id, follow_up_on, id);
CREATE INDEX verdicts_last_idx ON verdicts (request_id, id);
-- Plans without an action by a professional.
CREATE INDEX plan_actions_request_by_idx ON plan_actions (request_id, "by");
