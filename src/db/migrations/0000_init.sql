CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"channel" text NOT NULL,
	"language" text,
	"customer_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"message_count" integer NOT NULL,
	"events" jsonb NOT NULL,
	"attributes" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"conversation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"workspace_id" uuid NOT NULL,
	"external_id" text,
	"role" text NOT NULL,
	"author_id" text,
	"author_name" text,
	"text" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "messages_conversation_id_seq_pk" PRIMARY KEY("conversation_id","seq")
);
--> statement-breakpoint
CREATE TABLE "conversation_scores" (
	"conversation_id" uuid NOT NULL,
	"scorer_version" text NOT NULL,
	"workspace_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"language" text NOT NULL,
	"customer_sentiment" real,
	"customer_sentiment_start" real,
	"customer_sentiment_end" real,
	"customer_sentiment_min" real,
	"sentiment_trend" text,
	"agent_sentiment" real,
	"bot_sentiment" real,
	"resolution" text NOT NULL,
	"resolution_confidence" real NOT NULL,
	"abandonment" text NOT NULL,
	"handled_by" text NOT NULL,
	"escalated" boolean NOT NULL,
	"first_response_seconds" double precision,
	"reply_times_seconds" double precision[] NOT NULL,
	"customer_wait_seconds" double precision NOT NULL,
	"duration_seconds" double precision NOT NULL,
	"message_count" integer NOT NULL,
	"customer_messages" integer NOT NULL,
	"agent_messages" integer NOT NULL,
	"bot_messages" integer NOT NULL,
	"survey_csat" smallint,
	"survey_nps" smallint,
	"converted" boolean NOT NULL,
	"conversion_value" double precision,
	"details" jsonb NOT NULL,
	CONSTRAINT "conversation_scores_conversation_id_scorer_version_pk" PRIMARY KEY("conversation_id","scorer_version")
);
--> statement-breakpoint
CREATE TABLE "message_scores" (
	"conversation_id" uuid NOT NULL,
	"scorer_version" text NOT NULL,
	"seq" integer NOT NULL,
	"workspace_id" uuid NOT NULL,
	"language" text NOT NULL,
	"sentiment" real NOT NULL,
	"sentiment_label" text NOT NULL,
	CONSTRAINT "message_scores_conversation_id_scorer_version_seq_pk" PRIMARY KEY("conversation_id","scorer_version","seq")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD CONSTRAINT "conversation_scores_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_scores" ADD CONSTRAINT "message_scores_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_workspace_source_external_uq" ON "conversations" USING btree ("workspace_id","source","external_id");--> statement-breakpoint
CREATE INDEX "conversations_workspace_started_idx" ON "conversations" USING btree ("workspace_id","started_at");--> statement-breakpoint
CREATE INDEX "conversations_workspace_customer_idx" ON "conversations" USING btree ("workspace_id","customer_id","started_at");--> statement-breakpoint
CREATE INDEX "conversation_scores_latest_idx" ON "conversation_scores" USING btree ("conversation_id","scored_at" DESC NULLS LAST);