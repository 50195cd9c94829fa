ALTER TABLE "workspaces" ADD COLUMN "rubric" jsonb;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "rubric" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "rubric_score" real;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "critical_failed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "parley_labels" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "comment" text;--> statement-breakpoint
-- Reviews written before rubrics (a verdict on one score) are kept as their words, in the comment.
UPDATE "reviews" SET "comment" = concat_ws(E'\n', "subject" || ': ' || "verdict" || coalesce(' (should be ' || "correction" || ')', ''), "note");--> statement-breakpoint
ALTER TABLE "reviews" DROP COLUMN "subject";--> statement-breakpoint
ALTER TABLE "reviews" DROP COLUMN "verdict";--> statement-breakpoint
ALTER TABLE "reviews" DROP COLUMN "correction";--> statement-breakpoint
ALTER TABLE "reviews" DROP COLUMN "note";
