-- The admins' student search ignores accents ("nunez" finds Núñez, "nguyen" Nguyễn): contrib's
-- unaccent, in academics' own schema so the subgraph needs nothing outside it (a trusted
-- extension since PostgreSQL 13: the schema's owner may create it). The embedded database loads
-- the extension's files when it opens (db/client.ts).
CREATE EXTENSION IF NOT EXISTS "unaccent" WITH SCHEMA "academics";
