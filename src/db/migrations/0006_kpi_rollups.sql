CREATE TABLE "kpi_cells" (
	"workspace_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"bucket" date NOT NULL,
	"family" text NOT NULL,
	"key" text,
	"overflow" boolean DEFAULT false NOT NULL,
	"cell" jsonb
);
--> statement-breakpoint
CREATE TABLE "kpi_dirty" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_rollup_state" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"format" integer NOT NULL,
	"time_zone" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "kpi_cells" ADD CONSTRAINT "kpi_cells_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_rollup_state" ADD CONSTRAINT "kpi_rollup_state_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kpi_cells_lookup_idx" ON "kpi_cells" USING btree ("workspace_id","family","grain","bucket");--> statement-breakpoint
CREATE INDEX "kpi_dirty_workspace_at_idx" ON "kpi_dirty" USING btree ("workspace_id","at");--> statement-breakpoint
-- Marks the 15-minute slot of every changed conversation, and of the same customer's earlier
-- conversations whose first-contact resolution (the rollups' 7-day window, FCR_WINDOW_DAYS) it can change.
CREATE FUNCTION kpi_mark_conversations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty (workspace_id, at)
  SELECT DISTINCT workspace_id, date_bin('15 minutes', started_at, timestamptz '2000-01-01 00:00:00+00') FROM changed;
  INSERT INTO kpi_dirty (workspace_id, at)
  SELECT DISTINCT p.workspace_id, date_bin('15 minutes', p.started_at, timestamptz '2000-01-01 00:00:00+00')
  FROM changed n
  JOIN conversations p ON p.workspace_id = n.workspace_id AND p.customer_id = n.customer_id
  WHERE n.customer_id IS NOT NULL AND p.started_at < n.started_at AND p.ended_at + interval '7 days' >= n.started_at;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kpi_mark_scores() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty (workspace_id, at)
  SELECT DISTINCT c.workspace_id, date_bin('15 minutes', c.started_at, timestamptz '2000-01-01 00:00:00+00')
  FROM changed s JOIN conversations c ON c.id = s.conversation_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A trigger with transition tables takes one event, and an update is marked where it was and where it is now.
CREATE TRIGGER kpi_conversations_inserted AFTER INSERT ON conversations REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_conversations();--> statement-breakpoint
CREATE TRIGGER kpi_conversations_updated_to AFTER UPDATE ON conversations REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_conversations();--> statement-breakpoint
CREATE TRIGGER kpi_conversations_updated_from AFTER UPDATE ON conversations REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_conversations();--> statement-breakpoint
CREATE TRIGGER kpi_conversations_deleted AFTER DELETE ON conversations REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_conversations();--> statement-breakpoint
CREATE TRIGGER kpi_scores_inserted AFTER INSERT ON conversation_scores REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_scores();--> statement-breakpoint
CREATE TRIGGER kpi_scores_updated AFTER UPDATE ON conversation_scores REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_scores();--> statement-breakpoint
CREATE TRIGGER kpi_scores_deleted AFTER DELETE ON conversation_scores REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION kpi_mark_scores();
