# The production image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 gutmind

COPY pyproject.toml ./
RUN pip install .
COPY . .
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-$(python -c "import secrets; print(secrets.token_urlsafe(48))") \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && mkdir -p /app/var && chown -R gutmind /app/var

USER gutmind
EXPOSE 8000
CMD ["gunicorn", "--config", "gunicorn.conf.py", "gutmind.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
