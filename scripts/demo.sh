#!/bin/sh
# demo.sh starts Chanjiao with the demo school, for a first look:
#
#   scripts/demo.sh            # data in ./demo-data
#   DATA_DIR=/tmp/cj scripts/demo.sh
#
# On an empty data directory the server fills the embedded store with a
# fictional school, 天津市红星职业中等专业学校 (its Mali and Switzerland Luban
# Workshops), a small second school (东丽职教中心, Indonesia's), and the
# statistical years 2023–2025 of their records: students, teachers, partner
# enterprises, 1+X and skill assessments, placements, apprenticeships, order
# classes, teachers' enterprise practice, 双师型 recognitions, Luban activities.
# The same records every time (DEMO_SEED, default 1). The log names the demo
# users (office1, office2, admin2, auditor, ent1) and their password
# (DEMO_PASSWORD, default chanjiao-demo1). A data directory that already has
# a school is started as it is. Any other flag is passed on, e.g. -port 9090.
set -eu
cd "$(dirname "$0")/.."
exec go run ./cmd/server -demo -data-dir "${DATA_DIR:-./demo-data}" "$@"
