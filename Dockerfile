# The BPETS application image: the web server, the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH

# WeasyPrint, which makes the PDF reports, loads Pango and needs a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.8 \
    && useradd --system --create-home --home-dir /home/bpets bpets

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic needs settings; these values are for the build step only.
RUN BPETS_ENV=production SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0000 \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    DIRECTORY_SIGNING_KEY=build-only-not-a-secret-build-only-0000 \
    python manage.py collectstatic --no-input

USER bpets
# Where the worker writes the telephone directory file (a volume in compose).
RUN mkdir -p /home/bpets/directory
EXPOSE 8000
CMD ["gunicorn", "bpets.wsgi", "--bind", "0.0.0.0:8000"]
