ALTER TABLE "workspaces" ADD COLUMN "business_hours" jsonb;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "first_response_business_seconds" double precision;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "reply_times_business_seconds" double precision[];--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "customer_wait_business_seconds" double precision;