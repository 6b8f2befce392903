# The Rivet container image (docs/install.md#container-image): the bundled-runtime archive (a jlink
# Java runtime inside, so the base needs no Java) on a small glibc base, run as a non-root user.
# Build it from the repository root after the release build:
#   ./mvnw -B -DskipTests package -Prelease
#   docker build --build-arg VERSION=0.1.0 -t rivet:0.1.0 .
# BASE may be any glibc Linux image with useradd (Debian, Ubuntu, ...); .ci/image-check.sh passes a
# base made locally with debootstrap where no registry is reachable.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

ARG VERSION
ARG PLATFORM=linux-x64
# ADD unpacks a local tar.gz, so the base needs no tar or gzip.
ADD launcher/target/rivet-${VERSION}-${PLATFORM}.tar.gz /opt/
RUN set -eu; \
    test -x "/opt/rivet-${VERSION}/runtime/bin/java"; \
    ln -s "/opt/rivet-${VERSION}" /opt/rivet; \
    ln -s /opt/rivet/bin/rivet /usr/local/bin/rivet; \
    useradd --uid 10001 --user-group --home-dir /home/rivet --create-home \
      --shell /usr/sbin/nologin rivet; \
    mkdir -p /config /out; \
    chown rivet:rivet /out

# A container is started fresh for every command, so the class-data-sharing archive bin/rivet would
# record at the end of each run would never be used; the runtime's own (jlink) archive still is.
ENV RIVET_CDS=off
USER 10001:10001
WORKDIR /out
# /config holds rivet.yaml (read-only is fine); /out is a local destination. Keep state in
# PostgreSQL (RIVET_STATE_URL, RIVET_STATE_PASSWORD): a state file inside the container dies with it.
VOLUME ["/config", "/out"]
ENTRYPOINT ["rivet"]
CMD ["--help"]
