# The cfsign command in an image that holds nothing else: the static binary `make dist` builds.
#
#   docker build -t cfsign .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/keys:/keys:ro" cfsign sign --url https://d111111abcdef8.cloudfront.net/a.mp4 \
#     --key-pair-id K2JCJMDEHXQW5F --private-key /keys/private_key.pem --date-less-than +2h
#
# The build stage runs scripts/dist.sh, the same script as `make dist`, so the image's binary is
# the release archive's (target/dist/ in the build stage has the archive and its .sha256).
ARG RUST_VERSION=1.95
FROM rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN scripts/dist.sh && cp target/dist/cfsign-*/cfsign /cfsign

FROM scratch
COPY --from=build /cfsign /cfsign
# Live mode's TLS trust roots (rustls reads the system's, as the AWS CLI does).
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
# No shell, no libc, no passwd file: a numeric unprivileged user. A key written by `cfsign keygen`
# is readable by its owner only, so run as that owner (--user "$(id -u):$(id -g)", as above).
USER 65532:65532
ENTRYPOINT ["/cfsign"]
CMD ["--help"]
