# syntax=docker/dockerfile:1
# Verbatim: multi-stage release build, slim non-root runtime.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, so that source edits reuse the cached dependency layer.
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
COPY proto ./proto
COPY seeds ./seeds
COPY tests ./tests
RUN cargo build --release --locked -p verbatim-server \
 && cp target/release/verbatim /usr/local/bin/verbatim

FROM debian:bookworm-slim AS runtime
# The binary needs only glibc: SQLite is bundled and no system protoc or
# OpenSSL is used.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin verbatim \
 && mkdir -p /data && chown verbatim /data
COPY --from=build /usr/local/bin/verbatim /usr/local/bin/verbatim
USER verbatim
VOLUME ["/data"]
# A non-loopback address: the server refuses to start without access tokens
# (VERBATIM_TOKENS or VERBATIM_TOKENS_FILE) unless
# VERBATIM_ALLOW_UNAUTHENTICATED=true is set explicitly.
ENV VERBATIM_LISTEN=0.0.0.0:50051 \
    VERBATIM_METRICS_LISTEN=0.0.0.0:9464 \
    VERBATIM_DATA_DIR=/data \
    VERBATIM_LOG_FORMAT=json
EXPOSE 50051 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/verbatim", "healthcheck"]
# Exec form: the server is PID 1 and receives SIGTERM directly.
ENTRYPOINT ["/usr/local/bin/verbatim"]
CMD ["serve"]
