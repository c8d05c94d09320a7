-- Lists and reports select requests by the date of the request and by the
-- date a case ended; index both.
CREATE INDEX "requests_requested_on" ON "requests" ("requested_on");
CREATE INDEX "requests_closed_on" ON "requests" ("closed_on");
