"""What the benchmark scripts share (each runs as `python bench/<name>.py`, so this
module is found beside them): progress lines and a PostgreSQL database to run on."""


def log(message):
    print(message, flush=True)


def prepare_postgres(url, reuse):
    """Create the database named at the end of `url` afresh, or keep it when `reuse` and
    it exists. True when it was created (and so needs migrating and seeding)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reuse:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True
