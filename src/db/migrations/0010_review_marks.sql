-- A review's labels can change the KPIs (reviewers' overrides): mark its conversation's slot for the rollups.
CREATE TRIGGER kpi_reviews_inserted AFTER INSERT ON reviews REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_scores();--> statement-breakpoint
CREATE TRIGGER kpi_reviews_deleted AFTER DELETE ON reviews REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_scores();
