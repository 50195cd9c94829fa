CREATE TABLE "review_states" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"status" text NOT NULL,
	"assignee" text,
	"assigned_at" timestamp with time zone,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "flag_severity" smallint;--> statement-breakpoint
ALTER TABLE "review_states" ADD CONSTRAINT "review_states_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_states_workspace_status_idx" ON "review_states" USING btree ("workspace_id","status");