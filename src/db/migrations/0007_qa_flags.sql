ALTER TABLE "workspaces" ADD COLUMN "flag_thresholds" jsonb;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "flags" jsonb;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "flagged" boolean;