#!/usr/bin/env bash
# Builds optimizer/target/image-runtime, the extra directory of TAP's image for a `scratch` base
# (where eclipse-temurin:17-jre cannot be pulled): a jlink'd Java 17 runtime at /opt/java/openjdk
# (temurin's path), the shared libraries it links against copied from this glibc host at the same
# paths, the CA certificates, and /tmp and /tap. Then:
#   ./mvnw -pl optimizer -am -Pimage package -DskipTests \
#       -Dtap.image.base=scratch -Dtap.image.extraDirectory=target/image-runtime
set -euo pipefail
optimizer="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$optimizer/target/image-runtime"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
# `jdeps --print-module-deps --recursive` of the jar and its classpath, plus the providers jdeps cannot
# see: EC and TLS ciphers (jdk.crypto.ec), zip file systems, charsets, JMX
modules="${TAP_IMAGE_MODULES:-java.base,java.desktop,java.naming,java.net.http,java.security.jgss,java.sql,java.xml.crypto,jdk.jfr,jdk.unsupported,jdk.crypto.ec,jdk.zipfs,jdk.charsets,java.management,java.logging}"

rm -rf "$out"
mkdir -p "$out/opt/java" "$out/tmp" "$out/tap" "$out/etc"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$out/opt/java/openjdk"
# Debian's JDK links its cacerts to /etc/ssl: put the file itself in the runtime
rm -f "$out/opt/java/openjdk/lib/security/cacerts"
cp -L "$java_home/lib/security/cacerts" "$out/opt/java/openjdk/lib/security/cacerts"
find "$out/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | grep -oE '/[^ ]+\.so[.0-9]*' | sort -u | while read -r lib; do
    case "$lib" in "$out"*) continue ;; esac
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done
printf 'root:x:0:0:root:/root:/sbin/nologin\n' > "$out/etc/passwd"
echo "image runtime: $out ($(du -sh "$out" | cut -f1), modules $modules)"
