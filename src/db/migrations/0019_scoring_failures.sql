CREATE TABLE "scoring_failures" (
	"conversation_id" uuid NOT NULL,
	"scorer_version" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"reason" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scoring_failures_conversation_id_scorer_version_pk" PRIMARY KEY("conversation_id","scorer_version")
);
--> statement-breakpoint
ALTER TABLE "scoring_failures" ADD CONSTRAINT "scoring_failures_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;