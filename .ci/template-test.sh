#!/usr/bin/env bash
# The template test: what a new user does, from packed packages.
#
# Packs the packages into a local folder feed, creates apps from `dotnet new web`, `dotnet new webapi` and
# `dotnet new webapi --use-controllers` in a temporary folder (with a NuGet.config of its own: the local feed for
# ErrorMiddleware*, the configured registry for everything else, and a package cache of its own, so nothing global is
# touched), adds ErrorMiddleware the way README's quick start says, builds each with -warnaserror, runs the `web` one
# on 127.0.0.1 (a port the OS picks; the app is killed at the end whatever happens) and checks with curl that a
# thrown QuotaExceededException is answered 402 with code 402000. It also checks the packed DLL for paths of this
# machine and that each package has its .snupkg.
#
# Prints "template-test: N passed, M failed" and exits non-zero on any failure. Bounded: every step has a timeout.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/errormiddleware-template.XXXXXX")
app_pid=""
passed=0
failed=0

cleanup() {
  if [ -n "$app_pid" ]; then
    kill -TERM -- "-$app_pid" 2>/dev/null || kill -TERM "$app_pid" 2>/dev/null
    sleep 1
    kill -KILL -- "-$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "template-test PASS (${SECONDS}s): $1"; passed=$((passed + 1)); }
fail() { echo "template-test FAIL (${SECONDS}s): $1"; failed=$((failed + 1)); }
finish() { echo "template-test: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

# 1. Pack into a local folder feed.
feed="$work/feed"
for project in src/ErrorMiddleware src/ErrorMiddleware.OpenApi; do
  if ! timeout -k 20 300 dotnet pack "$project" -c Release -o "$feed" --disable-build-servers > "$work/pack.log" 2>&1; then
    cat "$work/pack.log"; fail "dotnet pack $project"; finish
  fi
done
for id in ErrorMiddleware ErrorMiddleware.OpenApi; do
  if ls "$feed/$id".[0-9]*.snupkg > /dev/null 2>&1; then pass "$id has a .snupkg"; else fail "$id has no .snupkg"; fi
done

# No path of this machine in the packed DLL (deterministic build: PathMap / ContinuousIntegrationBuild in pack).
nupkg=$(ls "$feed"/ErrorMiddleware.[0-9]*.nupkg | head -n 1)
mkdir -p "$work/unzipped"
dll="$work/unzipped/lib/net10.0/ErrorMiddleware.dll"
if ! (cd "$work/unzipped" && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(members=[n for n in zipfile.ZipFile(sys.argv[1]).namelist() if n.startswith("lib/")])' "$nupkg") || [ ! -s "$dll" ]; then
  fail "could not extract ErrorMiddleware.dll from $nupkg"
elif grep -a -F -q "$repo" "$dll"; then
  fail "the packed ErrorMiddleware.dll contains the build path $repo"
else
  pass "the packed ErrorMiddleware.dll contains no build path"
fi

# 2. A NuGet.config of the temporary folder: ErrorMiddleware* only from the local feed, the rest from the configured
#    registry, packages extracted into a folder of its own.
registry=$(dotnet nuget list source --format short 2>/dev/null | awk '$1 == "E" { print $2; exit }')
registry=${registry:-https://api.nuget.org/v3/index.json}
cat > "$work/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="registry" value="$registry" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="ErrorMiddleware" />
      <package pattern="ErrorMiddleware.*" />
    </packageSource>
    <packageSource key="registry">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF

# README's quick start, the two lines: AddApiErrors() after CreateBuilder, UseApiErrors() right after Build().
# (The templates' files end their lines with CRLF.)
add_two_lines() {
  local program=$1
  sed -i '1i using ErrorMiddleware;\n' "$program"
  sed -i 's|^var builder = WebApplication.CreateBuilder(args);\r\?$|&\nbuilder.Services.AddApiErrors();|' "$program"
  sed -i 's|^var app = builder.Build();\r\?$|&\napp.UseApiErrors();|' "$program"
  grep -q 'AddApiErrors();' "$program" && grep -q 'app.UseApiErrors();' "$program"
}

# NU1603 is silenced in the builds: the registry here lacks Microsoft.OpenApi 2.12.0, which the webapi template's
# own Microsoft.AspNetCore.OpenApi 10.0.12 asks for, so the bare template raises it without ErrorMiddleware too.
build_app() {
  local name=$1
  timeout -k 20 300 dotnet build "$work/$name" -c Release -warnaserror -p:NoWarn=NU1603 --disable-build-servers > "$work/$name.build.log" 2>&1
}

create_app() {
  local name=$1; shift
  (cd "$work" && timeout -k 20 120 dotnet new "$@" --no-restore -o "$name" > "$work/$name.new.log" 2>&1) || { cat "$work/$name.new.log"; return 1; }
  (cd "$work/$name" && timeout -k 20 300 dotnet add package ErrorMiddleware > "$work/$name.add.log" 2>&1) || { cat "$work/$name.add.log"; return 1; }
}

# 3. `dotnet new web`: README's quick start word for word (its Program.cs replaced by README's).
if create_app QuickStart web; then
  cat > "$work/QuickStart/Program.cs" <<'EOF'
using ErrorMiddleware;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddApiErrors();          // binds the "ApiErrors" configuration section
var app = builder.Build();
app.UseApiErrors();                        // first in the pipeline

app.MapPost("/tasks", () => { throw new QuotaExceededException(); });
app.Run();
EOF
  if build_app QuickStart; then pass "dotnet new web + ErrorMiddleware builds with -warnaserror"; else cat "$work/QuickStart.build.log"; fail "dotnet new web + ErrorMiddleware build"; fi
else
  fail "dotnet new web + dotnet add package ErrorMiddleware"
fi

# 4. `dotnet new webapi` (minimal APIs, Microsoft.AspNetCore.OpenApi pinned by the template) with ErrorMiddleware and
#    ErrorMiddleware.OpenApi documenting the errors.
if create_app WebApi webapi \
  && (cd "$work/WebApi" && timeout -k 20 300 dotnet add package ErrorMiddleware.OpenApi > "$work/WebApi.add2.log" 2>&1) \
  && add_two_lines "$work/WebApi/Program.cs" \
  && sed -i 's|^builder.Services.AddOpenApi();\(\r\?\)$|builder.Services.AddOpenApi(o => o.AddApiErrorResponses());\1|' "$work/WebApi/Program.cs" \
  && grep -q 'AddApiErrorResponses' "$work/WebApi/Program.cs"; then
  if build_app WebApi; then pass "dotnet new webapi + ErrorMiddleware + ErrorMiddleware.OpenApi builds with -warnaserror"; else cat "$work/WebApi.build.log"; fail "dotnet new webapi build"; fi
else
  fail "dotnet new webapi + packages"
fi

# 5. `dotnet new webapi --use-controllers` with ErrorMiddleware.
if create_app Controllers webapi --use-controllers && add_two_lines "$work/Controllers/Program.cs"; then
  if build_app Controllers; then pass "dotnet new webapi --use-controllers + ErrorMiddleware builds with -warnaserror"; else cat "$work/Controllers.build.log"; fail "dotnet new webapi --use-controllers build"; fi
else
  fail "dotnet new webapi --use-controllers + ErrorMiddleware"
fi

# 6. Run the quick start on 127.0.0.1 (port 0: the OS picks a free one) and ask it what README shows.
if [ -f "$work/QuickStart/bin/Release/net10.0/QuickStart.dll" ]; then
  (cd "$work/QuickStart" && exec setsid dotnet run --no-build -c Release --urls http://127.0.0.1:0 > "$work/QuickStart.run.log" 2>&1) &
  app_pid=$!
  url=""
  for _ in $(seq 1 60); do
    url=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$work/QuickStart.run.log" 2>/dev/null | head -n 1 | sed 's/Now listening on: //')
    [ -n "$url" ] && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$url" ]; then
    cat "$work/QuickStart.run.log"; fail "the quick start app did not start"
  else
    status=$(curl -s -o "$work/body.json" -w '%{http_code}' --max-time 10 -X POST "$url/tasks")
    body=$(cat "$work/body.json" 2>/dev/null)
    if [ "$status" = "402" ] && echo "$body" | grep -q '"code":402000'; then
      pass "POST /tasks throwing QuotaExceededException answers 402 $body"
    else
      fail "POST /tasks answered $status $body (expected 402 with code 402000)"
    fi
  fi
fi

finish
