CREATE TABLE "kpi_refresh_pace" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"next_round_at" timestamp with time zone NOT NULL
);
