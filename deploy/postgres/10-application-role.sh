#!/bin/sh
# The login role the application connects as. The postgres image runs this
# once, when it creates the database (it is mounted on
# /docker-entrypoint-initdb.d); on an existing database run it by hand:
#
#   docker compose exec db /docker-entrypoint-initdb.d/10-application-role.sh
#
# Running it again only sets the password from POSTGRES_APP_PASSWORD. The
# role owns nothing and gets its privileges from
# `manage.py grant_application_role`, which the migrate service runs.
set -eu
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD in .env}"
export BPETS_APPLICATION_ROLE="${POSTGRES_APP_USER:-bpets_app}"

# \getenv keeps the password out of psql's command line.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv role BPETS_APPLICATION_ROLE
\getenv password POSTGRES_APP_PASSWORD
SELECT format(
    'CREATE ROLE %I NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', :'role'
)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role')
\gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'role', :'password')
\gexec
SQL
