#!/usr/bin/env bash
# Fuzz with libFuzzer + AddressSanitizer, each target in turn:
#   dl3     the FITS and DL3/IRF readers, seeds from $GAMMAPY_DATA
#   config  YAML -> AnalysisConfig -> memory estimate -> reduction plan (no data read), seeds from
#           the reference scenarios' configs
#   scripts/fuzz.sh                          both, 5 minutes each (FUZZ_SECONDS=300)
#   FUZZ_SECONDS=60 FUZZ_TARGETS=config scripts/fuzz.sh
# cfitsio is rebuilt from Debian's 4.2.0 source with coverage instrumentation (once, ~30 s) so the
# fuzzer sees inside it; crashes are written to .build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/.build-fuzz
seconds=${FUZZ_SECONDS:-300}
data=${GAMMAPY_DATA:-$(cd .. && pwd)/shared/gammapy-data}
mkdir -p "$root"

clang=$(command -v clang)
prefix=$root/cfitsio-prefix
if [[ ! -f $prefix/lib/libcfitsio-fuzz.a ]]; then
  tarball=$root/cfitsio_4.2.0.orig.tar.gz
  if [[ ! -f $tarball ]]; then
    curl -sSfL -o "$tarball" http://deb.debian.org/debian/pool/main/c/cfitsio/cfitsio_4.2.0.orig.tar.gz
  fi
  echo "eba53d1b3f6e345632bb09a7b752ec7ced3d63ec5153a848380f3880c5d61889  $tarball" | sha256sum -c --quiet
  rm -rf "$root/cfitsio-src" && mkdir -p "$root/cfitsio-src"
  tar -xzf "$tarball" -C "$root/cfitsio-src" --strip-components=1
  (cd "$root/cfitsio-src" &&
    CC=$clang CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address" ./configure --prefix="$prefix" --disable-shared --enable-reentrant >/dev/null &&
    make -j"$(nproc)" >/dev/null && make install >/dev/null)
  # Static only: a shared copy would share the system library's soname, and the loader would
  # then pick Debian's uninstrumented cfitsio at run time.
  rm -f "$prefix"/lib/libcfitsio.so*
  mv "$prefix/lib/libcfitsio.a" "$prefix/lib/libcfitsio-fuzz.a"
fi
# pkg-config file for the instrumented build: headers from the prefix; the archive itself is given to
# the linker after the object files (-Xlinker below), since a -lcfitsio would find Debian's shared
# library first and an archive named in pkg-config's Libs comes before the objects that need it.
mkdir -p "$prefix/lib/pkgconfig"
cat > "$prefix/lib/pkgconfig/cfitsio.pc" <<PC
prefix=$prefix
Name: cfitsio
Description: cfitsio with fuzzing instrumentation
Version: 4.2.0
Libs: -lz -lm -lpthread
Cflags: -I\${prefix}/include
PC

export GAMMAKIT_FUZZ=1 PKG_CONFIG_PATH=$prefix/lib/pkgconfig
targets=${FUZZ_TARGETS:-dl3 config}
bin=$(swift build -c debug --build-path "$root/swift" --show-bin-path)
for target in $targets; do
  rm -f "$bin/fuzz-$target"  # relink against the archive
  swift build -c debug --build-path "$root/swift" -Xswiftc -sanitize=fuzzer,address \
    -Xlinker "$prefix/lib/libcfitsio-fuzz.a" --product "fuzz-$target"
  if ldd "$bin/fuzz-$target" | grep -q libcfitsio; then
    echo "fuzz: $bin/fuzz-$target links a shared cfitsio, not the instrumented static one" >&2
    exit 1
  fi
done

seeds=$root/seeds
mkdir -p "$seeds/dl3" "$seeds/config" "$root/artifacts"
# dl3 seeds: small real DL3 files (plain and gzip) from gammapy-data.
for f in tests/irf/bkg_2d_full_example.fits tests/irf/bkg_3d_full_example.fits tests/hess_psf_king_023523.fits.gz \
         magic/rad_max/data/20131004_05029747_DL3_CrabNebula-W0.40+035.fits \
         veritas/crab-point-like-ED/64080.fits.gz hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz \
         hess-dl3-dr1/hdu-index.fits.gz hess-dl3-dr1/obs-index.fits.gz; do
  [[ -f $data/$f ]] && cp -f "$data/$f" "$seeds/dl3/"
done
# config seeds: Gammapy AnalysisConfig files of the reference scenarios.
for f in "$(cd .. && pwd)"/shared/reference/scenarios/*/config.yaml "$(cd .. && pwd)"/shared/reference/scenarios/*/*/config.yaml; do
  [[ -f $f ]] && cp -f "$f" "$seeds/config/$(basename "$(dirname "$f")").yaml"
done

status=0
for target in $targets; do
  case $target in dl3) max_len=2000000 ;; *) max_len=8192 ;; esac
  mkdir -p "$root/corpus/$target"
  echo "fuzz: $target for $seconds s"
  SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0 \
    "$bin/fuzz-$target" -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=$max_len -timeout=20 \
    -artifact_prefix="$root/artifacts/$target-" "$root/corpus/$target" "$seeds/$target" || status=$?
done
exit $status
