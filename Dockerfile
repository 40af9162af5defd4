# Sinergi's container image: one image for the web server, the task worker and admin commands.
#   docker build -t sinergi .
# Built on Debian's own Python (the same Debian 12 as docs/operations/deploy.md); installs exactly the
# versions in requirements.lock and carries the collected static files, so every container serves the
# same release. Runs as an unprivileged user; data (uploads) lives in the volume /var/lib/sinergi.
# Docs: docs/operations/container.md
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY deploy/container/ca-certificates/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN python3 -m venv /opt/sinergi
COPY requirements.lock /build/
RUN /opt/sinergi/bin/pip install --quiet --upgrade pip
COPY pyproject.toml README.md /build/
COPY src /build/src
RUN /opt/sinergi/bin/pip install --quiet -c /build/requirements.lock /build \
 && /opt/sinergi/bin/pip check
# The static files of this release, collected once at build time (never per server).
RUN DJANGO_SETTINGS_MODULE=sinergi.settings.local SINERGI_VAR_DIR=/tmp/build-var \
    SINERGI_STATIC_ROOT=/opt/sinergi/static /opt/sinergi/bin/sinergi collectstatic --no-input --verbosity 0 \
 && chmod -R a+rX,go-w /opt/sinergi/static

FROM ${BASE_IMAGE}
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 sinergi \
 && useradd --system --uid 10001 --gid sinergi --home-dir /var/lib/sinergi --shell /usr/sbin/nologin sinergi \
 && install -d -o sinergi -g sinergi -m 0750 /var/lib/sinergi
COPY --from=build /usr/local/share/ca-certificates/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null
COPY --from=build /opt/sinergi /opt/sinergi
COPY deploy/container/entrypoint /usr/local/bin/sinergi-container
ENV PATH=/opt/sinergi/bin:$PATH \
    DJANGO_SETTINGS_MODULE=sinergi.settings.production \
    SINERGI_VAR_DIR=/var/lib/sinergi \
    SINERGI_STATIC_ROOT=/opt/sinergi/static \
    PYTHONUNBUFFERED=1
USER sinergi
WORKDIR /var/lib/sinergi
VOLUME /var/lib/sinergi
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python3", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/sinergi-container"]
CMD ["web"]
