# Multi-stage build: a static binary on a minimal image, run as a non-root user.
FROM golang:1.26.8-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The embedded store's SQLite driver is pure Go (modernc.org/sqlite), so the binary
# is static without cgo.
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/chanjiao ./cmd/server \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/chanjiao /chanjiao
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV PORT=8080 DATA_DIR=/data
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/chanjiao"]
