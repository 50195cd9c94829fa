CREATE TABLE "reconciler_state" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"scorer_version" text NOT NULL,
	"queue_epoch" text NOT NULL,
	"clean_at" timestamp with time zone,
	"sweep_until" timestamp with time zone,
	"sweep_after" uuid
);
