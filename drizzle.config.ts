import { defineConfig } from 'drizzle-kit';

// The NLP artifacts own `models/`, so the database schema lives under src/db.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './src/db/migrations',
  casing: 'snake_case',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/parley' },
});
