CREATE TABLE "transcripts" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"messages" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "agent_id" text;--> statement-breakpoint
ALTER TABLE "transcripts" ADD CONSTRAINT "transcripts_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- lz4 compresses a transcript for about two thirds of pglz's CPU; servers built without it keep pglz.
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE "transcripts" ALTER COLUMN "messages" SET COMPRESSION lz4;
  END IF;
END $$;--> statement-breakpoint
INSERT INTO "transcripts" ("conversation_id", "messages")
SELECT "conversation_id",
       jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
         'id', "external_id", 'role', "role", 'authorId', "author_id", 'authorName', "author_name", 'text', "text",
         'sentAt', to_char("sent_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) ORDER BY "seq")
FROM "messages" GROUP BY "conversation_id";--> statement-breakpoint
UPDATE "conversations" c SET "agent_id" = first."author_id"
FROM (SELECT DISTINCT ON ("conversation_id") "conversation_id", "author_id" FROM "messages" WHERE "role" = 'agent' ORDER BY "conversation_id", "seq") first
WHERE first."conversation_id" = c."id" AND first."author_id" IS NOT NULL;
