CREATE TABLE "backfill_checkpoints" (
	"workspace_id" uuid NOT NULL,
	"file_key" text NOT NULL,
	"format" text NOT NULL,
	"path" text NOT NULL,
	"bytes_done" bigint NOT NULL,
	"line_done" bigint NOT NULL,
	"records_done" bigint NOT NULL,
	"rejected" bigint NOT NULL,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "backfill_checkpoints_workspace_id_file_key_format_pk" PRIMARY KEY("workspace_id","file_key","format")
);
--> statement-breakpoint
CREATE TABLE "score_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "message_seqs" integer[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "message_sentiments" real[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "message_sentiment_labels" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "message_languages" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "backfill_checkpoints" ADD CONSTRAINT "backfill_checkpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;;--> statement-breakpoint
-- Scores written before this migration keep their per-message sentiment, now in the row itself.
UPDATE "conversation_scores" AS s SET
  "message_seqs" = m.seqs, "message_sentiments" = m.sentiments,
  "message_sentiment_labels" = m.labels, "message_languages" = m.languages
FROM (
  SELECT "conversation_id", "scorer_version",
         array_agg("seq" ORDER BY "seq") AS seqs, array_agg("sentiment" ORDER BY "seq") AS sentiments,
         array_agg("sentiment_label" ORDER BY "seq") AS labels, array_agg("language" ORDER BY "seq") AS languages
  FROM "message_scores" GROUP BY "conversation_id", "scorer_version"
) AS m
WHERE m."conversation_id" = s."conversation_id" AND m."scorer_version" = s."scorer_version";--> statement-breakpoint
ALTER TABLE "conversation_scores" ALTER COLUMN "message_seqs" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "conversation_scores" ALTER COLUMN "message_sentiments" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "conversation_scores" ALTER COLUMN "message_sentiment_labels" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "conversation_scores" ALTER COLUMN "message_languages" DROP DEFAULT;
