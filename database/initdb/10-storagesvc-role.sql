-- Run once by the postgres image's entrypoint, as the superuser, on a fresh data volume
-- (docker-compose.yml mounts this folder on /docker-entrypoint-initdb.d, read-only).
--
-- storagesvc's own role: it logs in, owns the schema "storagesvc" (so Flyway migrates as it and its
-- tables are its own), and can do nothing else: no superuser, no databases, no roles, no objects
-- in "public". Name and password come from the database container's environment (compose passes
-- STORAGESVC_DB_USER / STORAGESVC_DB_PASSWORD, local defaults there); :DBNAME is set by psql.
\getenv app_user STORAGESVC_DB_USER
\getenv app_password STORAGESVC_DB_PASSWORD

CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

CREATE SCHEMA storagesvc AUTHORIZATION :"app_user";
ALTER ROLE :"app_user" SET search_path = storagesvc;

-- PostgreSQL 15 and later already keep PUBLIC from creating in "public"; older ones did not.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- Only the roles granted it may connect, and nobody but the superuser creates temporary tables.
REVOKE CONNECT, TEMPORARY ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"DBNAME" TO :"app_user";
