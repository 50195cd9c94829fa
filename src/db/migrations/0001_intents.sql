CREATE TABLE "intent_models" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"taxonomy" text NOT NULL,
	"labels" text[] NOT NULL,
	"examples" integer NOT NULL,
	"model" jsonb NOT NULL,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "intent" text;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "intent_confidence" real;--> statement-breakpoint
ALTER TABLE "conversation_scores" ADD COLUMN "intent_taxonomy" text;--> statement-breakpoint
ALTER TABLE "intent_models" ADD CONSTRAINT "intent_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;