# ie-bot: build a wheel (with the knowledge base inside it) in one stage, install it into a
# slim runtime stage that runs as a non-root user. Build with BuildKit (Docker 23+ default;
# no `# syntax=` line, so an offline build needs no frontend image), or with podman:
#
#   docker build -t ie-bot .
#   podman build --no-cache --format docker -t ie-bot .   # see the README for why
#   docker run -d --name ie-bot --env-file .env -v ie-bot-data:/data ie-bot
#
# tests/container/ lints this file and, where root and podman are at hand, builds it
# unchanged and runs the image as compose.yaml does (tests/container/podman.sh).

# Pinned to a patch release; both stages use it so the wheels match the interpreter.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Only what the wheel is made of (.dockerignore admits nothing else).
COPY pyproject.toml README.md constraints.txt ./
COPY src ./src
COPY knowledge ./knowledge
# The project's wheel and every dependency's, so the runtime stage installs offline. The
# dependencies' versions are pinned (bash tests/container/lock.sh makes constraints.txt).
RUN pip wheel --wheel-dir /wheels --constraint constraints.txt .


FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="ie-bot" \
      org.opencontainers.image.description="Advising bot for MSc Industrial Ecology programmes" \
      org.opencontainers.image.licenses="MIT"

# A fixed, unprivileged uid/gid: give a bind-mounted /data to 10001:10001.
# Not --system: system ids end at 999, and useradd warns about 10001. --no-log-init keeps
# the high uid from growing /var/log/faillog and lastlog into a huge sparse file.
RUN groupadd --gid 10001 iebot \
 && useradd --uid 10001 --gid iebot --no-log-init --home-dir /home/iebot --create-home \
      --shell /usr/sbin/nologin iebot \
 && install --directory --owner=iebot --group=iebot --mode=0750 /data

# Install from the build stage's wheels without copying them into a layer of this image.
# The knowledge base ships inside the installed package (ie_bot.bundled_knowledge).
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --disable-pip-version-check --root-user-action=ignore \
      --no-index --find-links=/wheels /wheels/ie_bot-*.whl

# IE_BOT_DB: conversation state and the question log, on the /data volume.
# IE_BOT_KNOWLEDGE is unset: the bundled knowledge base is used unless you mount a
# directory and set it (e.g. -v ./knowledge:/knowledge:ro -e IE_BOT_KNOWLEDGE=/knowledge).
# IE_BOT_WEBHOOK_*: only `telegram --webhook` reads them; inside a container the server
# must bind every interface for the reverse proxy to reach it.
ENV HOME=/home/iebot \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    IE_BOT_DB=/data/ie-bot.sqlite3 \
    IE_BOT_WEBHOOK_LISTEN=0.0.0.0 \
    IE_BOT_WEBHOOK_PORT=8443

USER 10001:10001
WORKDIR /home/iebot
VOLUME ["/data"]

# Webhook mode serves plain HTTP here (polling opens no port): TLS ends at the reverse proxy.
EXPOSE 8443

# Knowledge base loads and the database takes a write; see `ie-bot healthcheck --help`.
HEALTHCHECK --interval=30s --timeout=10s --start-period=15s --retries=3 \
    CMD ["ie-bot", "healthcheck"]

# Exec form: python is PID 1 and gets SIGTERM itself; the Telegram application stops
# polling, finishes the updates in hand and exits (state is saved after every message).
STOPSIGNAL SIGTERM
ENTRYPOINT ["ie-bot"]
CMD ["telegram"]
