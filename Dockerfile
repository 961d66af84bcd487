FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir ".[s3]" \
    && python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0 \
    && DEBUG=false SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build \
       python manage.py collectstatic --noinput -v0
RUN useradd --create-home crisis && mkdir -p /data && chown crisis /data
USER crisis
ENV DEBUG=false PYTHONUNBUFFERED=1
EXPOSE 8000
