#!/usr/bin/env bash
# Regenerates docs/errors.md from the catalog (ErrorCodes), through the test that checks it is current.
set -euo pipefail
cd "$(dirname "$0")/.."
ERRORMIDDLEWARE_UPDATE_DOCS=1 dotnet test tests/ErrorMiddleware.Tests --filter "FullyQualifiedName~ErrorsDocumentTests" "$@"
echo "docs/errors.md regenerated"
