CREATE TABLE "reconciler_sweeps" (
	"scorer_version" text PRIMARY KEY NOT NULL,
	"queue_epoch" text NOT NULL,
	"clean_at" timestamp with time zone,
	"sweep_until" timestamp with time zone,
	"sweep_after" uuid
);
