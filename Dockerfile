# syntax=docker/dockerfile:1
# Fritidsjob: one image for the web server (gunicorn), the Celery worker and
# Celery beat; docker-compose.yml picks the command. Settings come from the
# environment (see docker-compose.yml); the image holds no secrets.

ARG PYTHON_IMAGE=python:3.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango with HarfBuzz's subsetter and a font; tzdata for
# Europe/Copenhagen.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core tzdata \
    && rm -rf /var/lib/apt/lists/*

# Dependencies exactly as locked, every file checked against its hash.
FROM base AS deps
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes -r /tmp/requirements.lock

FROM base
RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /data/media \
    && chown app:app /data/media
COPY --from=deps /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=fritidsjob.settings \
    MEDIA_ROOT=/data/media
WORKDIR /app
COPY . /app
# Static files are collected into the image (WhiteNoise serves them). The
# settings refuse to load without secrets when debug is off, so this step
# gets throwaway ones that exist only for this command.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    CPR_ENCRYPTION_KEYS="$(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
    DJANGO_DEBUG=false \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/collectstatic.sqlite3

USER app
EXPOSE 8000
# As docker-compose.yml: 3 workers on a 2-core machine, a 60 s timeout for the
# slowest page (a funder PDF); long work (imports, reports) runs in the Celery worker.
CMD ["gunicorn", "fritidsjob.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
