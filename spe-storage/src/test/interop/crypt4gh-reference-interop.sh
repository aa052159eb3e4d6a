#!/usr/bin/env bash
# Byte-level interoperability of spe-storage's Crypt4GH with the GA4GH reference implementation
# (EGA-archive/crypt4gh, Python), in both directions: files of 0 B to 200 kB, key files (scrypt,
# unprotected, UTF-8 passphrases; ssh-ed25519 with ssh-keygen), several recipients, edit lists,
# ranges, header re-encryption, tampering.
#
#   spe-storage/src/test/interop/crypt4gh-reference-interop.sh [REFERENCE]
#
# REFERENCE (or $C4GH_REFERENCE) is a checkout of https://github.com/EGA-archive/crypt4gh, or a
# bare clone of it. The reference needs python3 with cryptography, bcrypt and docopt (Debian:
# python3-cryptography python3-bcrypt python3-docopt) and, for its C extension crypt4gh.sodium,
# libsodium-dev and a C compiler; the script builds the extension in a copy when the checkout
# has none. Our side runs Crypt4ghInteropMain from spe-storage's test classes.
#
# Environment:
#   C4GH_PYTHON          the python to run the reference (default /usr/bin/python3, else python3)
#   SPE_TEST_CLASSPATH   spe-storage's test class path; without it the script runs
#                        $MVN -pl spe-storage -am test -Dtest=Crypt4ghReferenceVectorsTest
#                        and takes the class path from that test's surefire report
#   MVN                  the Maven command (default: ./mvnw -B -q in the project root)
#   JAVA_HOME            a JDK 21 or newer (default: java on PATH, else one in /usr/lib/jvm)
#   KEEP_WORK=1          keep the work directory
#
# Exit code 0 when every check passed, 1 when one failed, 2 when the setup is incomplete.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
ref_in=${1:-${C4GH_REFERENCE:-}}
if [ -z "$ref_in" ] || [ ! -d "$ref_in" ]; then
  echo "usage: $0 REFERENCE   (or C4GH_REFERENCE=...): a checkout of EGA-archive/crypt4gh" >&2
  exit 2
fi
ref_in=$(cd "$ref_in" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/c4gh-interop.XXXXXX")
if [ "${KEEP_WORK:-}" = 1 ]; then
  echo "work directory: $work"
else
  trap 'rm -rf "$work"' EXIT
fi
die() { echo "setup: $*" >&2; exit 2; }

# --- the reference -------------------------------------------------------------------------
if [ -n "${C4GH_PYTHON:-}" ]; then py=$C4GH_PYTHON
elif [ -x /usr/bin/python3 ]; then py=/usr/bin/python3
else py=python3; fi

if [ -f "$ref_in/HEAD" ] && [ -d "$ref_in/objects" ]; then          # a bare clone
  ref_commit=$(git --git-dir="$ref_in" rev-parse HEAD) || die "cannot read $ref_in"
  mkdir "$work/reference"
  git --git-dir="$ref_in" archive HEAD | tar -x -C "$work/reference" || die "git archive failed"
  ref=$work/reference
else
  ref_commit=$(git -C "$ref_in" rev-parse HEAD 2>/dev/null || echo unknown)
  ref=$ref_in
fi
[ -d "$ref/crypt4gh" ] || die "$ref_in holds no crypt4gh package"
if ! PYTHONPATH=$ref "$py" -c 'import crypt4gh.sodium' 2>/dev/null; then
  if [ "$ref" = "$ref_in" ]; then                  # build in a copy, leave the checkout alone
    mkdir -p "$work/reference"
    cp -r "$ref_in/." "$work/reference/"
    ref=$work/reference
  fi
  echo "building the reference's C extension against the system libsodium ..."
  (cd "$ref" && SODIUM_INSTALL=system LDFLAGS="-Wl,--no-as-needed -lsodium" \
      "$py" setup.py -q build_ext --inplace) > "$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "could not build crypt4gh.sodium (libsodium-dev, gcc, python3-dev?)"; }
  PYTHONPATH=$ref "$py" -c 'import crypt4gh.sodium' || die "crypt4gh.sodium does not import"
fi
ref_version=$(PYTHONPATH=$ref "$py" -m crypt4gh --version 2>&1) \
  || die "the reference does not run: $ref_version"
ref_c4gh()   { PYTHONPATH=$ref "$py" -m crypt4gh "$@" 2>>"$work/ref.err"; }
ref_keygen() { PYTHONPATH=$ref "$py" -m crypt4gh.keys "$@" >>"$work/ref.err" 2>&1; }

# --- our side --------------------------------------------------------------------------------
if [ -n "${JAVA_HOME:-}" ]; then java=$JAVA_HOME/bin/java; else java=java; fi
java_major() { "$1" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
v=$(java_major "$java" 2>/dev/null)
if [ "${v:-0}" -lt 21 ]; then
  java=
  for j in /usr/lib/jvm/*/bin/java; do
    v=$(java_major "$j" 2>/dev/null)
    if [ "${v:-0}" -ge 21 ]; then java=$j; break; fi
  done
  [ -n "$java" ] || die "no JDK 21 or newer (set JAVA_HOME)"
fi
cp_=${SPE_TEST_CLASSPATH:-}
if [ -z "$cp_" ]; then
  echo "building spe-storage's test classes ..."
  (cd "$root" && ${MVN:-./mvnw -B -q} -pl spe-storage -am test -Dtest=Crypt4ghReferenceVectorsTest \
      -Dsurefire.failIfNoSpecifiedTests=false) || die "the Maven build failed"
  report=$root/spe-storage/target/surefire-reports/TEST-de.denbi.spe.storage.crypt4gh.Crypt4ghReferenceVectorsTest.xml
  cp_=$(sed -n 's/.*name="surefire.test.class.path" value="\([^"]*\)".*/\1/p' "$report" | head -n 1)
  [ -n "$cp_" ] || die "no class path in $report"
fi
spe() { "$java" -cp "$cp_" de.denbi.spe.storage.crypt4gh.Crypt4ghInteropMain "$@"; }
spe pattern 1 > /dev/null || die "Crypt4ghInteropMain does not run"

echo "reference: $ref_version, commit $ref_commit"
echo "ours:      spe-storage test classes, $("$java" -version 2>&1 | head -n 1)"

# --- checks --------------------------------------------------------------------------------
cd "$work" || exit 2
export LC_ALL=C.UTF-8                      # the JVM decodes C4GH_PASSPHRASE with the locale
passed=0
failed=0
# check NAME WANT-FILE COMMAND...: COMMAND's stdout must equal WANT-FILE byte for byte
check() {
  local name=$1 want=$2
  shift 2
  if "$@" > out.bin 2>> "$work/cmd.err" && cmp -s out.bin "$want"; then
    passed=$((passed + 1)); echo "ok    $name"
  else
    failed=$((failed + 1)); echo "FAIL  $name"
  fi
}
# refuse NAME COMMAND...: COMMAND must fail
refuse() {
  local name=$1
  shift
  if "$@" > /dev/null 2>> "$work/cmd.err"; then
    failed=$((failed + 1)); echo "FAIL  $name (it succeeded)"
  else
    passed=$((passed + 1)); echo "ok    $name"
  fi
}
# part FILE OFFSET LENGTH: LENGTH bytes of FILE from OFFSET (LENGTH empty: to the end)
part() { if [ -n "${3:-}" ]; then tail -c +$(($2 + 1)) "$1" | head -c "$3"; else tail -c +$(($2 + 1)) "$1"; fi; }
with() { local p=$1; shift; C4GH_PASSPHRASE=$p "$@"; }

utf8_pass='Grüße-€-密码'
# reference keys: alice scrypt (its default KDF), bob unprotected, carol scrypt (UTF-8 passphrase)
printf 'alice-pass\nalice-pass\n' | ref_keygen --sk alice.sec --pk alice.pub -C alice -f
ref_keygen --nocrypt --sk bob.sec --pk bob.pub -C bob -f < /dev/null
printf '%s\n%s\n' "$utf8_pass" "$utf8_pass" | ref_keygen --sk carol.sec --pk carol.pub -C carol -f
# our keys: erin scrypt, frank unprotected, gina scrypt (UTF-8 passphrase)
with erin-pass spe keygen --sk erin.sec --pk erin.pub -C erin || die "keygen failed"
spe keygen --nocrypt --sk frank.sec --pk frank.pub -C frank || die "keygen failed"
with "$utf8_pass" spe keygen --sk gina.sec --pk gina.pub -C gina || die "keygen failed"
for f in alice bob carol; do
  if [ ! -s $f.sec ] || [ ! -s $f.pub ]; then die "the reference wrote no $f key"; fi
done

sizes="0 1 65535 65536 65537 200000"
for n in $sizes; do spe pattern "$n" > plain-"$n".bin; done
big=plain-200000.bin

echo "== reference -> spe-storage"
for n in $sizes; do
  ref_c4gh encrypt --recipient_pk alice.pub < plain-"$n".bin > r1-"$n".c4gh
  ref_c4gh encrypt --sk bob.sec --recipient_pk alice.pub --recipient_pk erin.pub < plain-"$n".bin > r2-"$n".c4gh
  check "$n bytes, 1 recipient (reference scrypt key)" plain-"$n".bin with alice-pass spe decrypt --sk alice.sec < r1-"$n".c4gh
  check "$n bytes, 2 recipients, reader 1 (reference key)" plain-"$n".bin with alice-pass spe decrypt --sk alice.sec < r2-"$n".c4gh
  check "$n bytes, 2 recipients, reader 2 (our key, our public key file read by the reference)" plain-"$n".bin with erin-pass spe decrypt --sk erin.sec < r2-"$n".c4gh
done
ref_c4gh encrypt --recipient_pk bob.pub --recipient_pk carol.pub < plain-65537.bin > r-bc.c4gh
check "unprotected reference key" plain-65537.bin spe decrypt --sk bob.sec < r-bc.c4gh
check "reference key with a UTF-8 passphrase" plain-65537.bin with "$utf8_pass" spe decrypt --sk carol.sec < r-bc.c4gh
refuse "a reference file not for us" with erin-pass spe decrypt --sk erin.sec < r-bc.c4gh
refuse "a wrong passphrase" with alice-pas spe decrypt --sk alice.sec < r1-1.c4gh
# an edit list: reference rearrange (it keeps end - start - 1 bytes of a range)
with alice-pass ref_c4gh rearrange --sk alice.sec --range 131000-131100 < r1-200000.c4gh > r-edit.c4gh
part $big 131000 99 > want-edit.bin
check "reference edit list (rearrange, first segment dropped)" want-edit.bin with alice-pass spe decrypt --sk alice.sec < r-edit.c4gh
with alice-pass ref_c4gh rearrange --sk alice.sec --range 1000-140000 < r1-200000.c4gh > r-edit2.c4gh
part $big 1000 138999 > want-edit2.bin
check "reference edit list over three segments" want-edit2.bin with alice-pass spe decrypt --sk alice.sec < r-edit2.c4gh
# a range given at encryption (the reference encrypts only that part, no edit list)
ref_c4gh encrypt --recipient_pk alice.pub --range 1000-70000 < $big > r-range.c4gh
part $big 1000 68999 > want-range.bin
check "reference encrypt --range" want-range.bin with alice-pass spe decrypt --sk alice.sec < r-range.c4gh
# header re-encryption by the reference
with alice-pass ref_c4gh reencrypt --sk alice.sec --recipient_pk frank.pub < r2-65537.c4gh > r-re.c4gh
with alice-pass ref_c4gh reencrypt --sk alice.sec --recipient_pk frank.pub --trim < r2-65537.c4gh > r-re-trim.c4gh
with alice-pass ref_c4gh reencrypt --sk alice.sec --recipient_pk frank.pub --trim < r-edit.c4gh > r-re-edit.c4gh
check "reference reencrypt, new recipient" plain-65537.bin spe decrypt --sk frank.sec < r-re.c4gh
check "reference reencrypt, kept packet" plain-65537.bin with erin-pass spe decrypt --sk erin.sec < r-re.c4gh
check "reference reencrypt --trim" plain-65537.bin spe decrypt --sk frank.sec < r-re-trim.c4gh
refuse "reference reencrypt --trim dropped the others" with erin-pass spe decrypt --sk erin.sec < r-re-trim.c4gh
check "reference reencrypt of an edit list" want-edit.bin spe decrypt --sk frank.sec < r-re-edit.c4gh
# ranged reads agree (the reference's decrypt --range is used only within the first segment)
with alice-pass ref_c4gh decrypt --sk alice.sec --range 1000-2000 < r1-200000.c4gh > want-r.bin
check "decryptRange = reference decrypt --range" want-r.bin with alice-pass spe decrypt --sk alice.sec --offset 1000 --length 999 < r1-200000.c4gh
# tampering: one bit of the second segment
cp r1-200000.c4gh r-bad.c4gh
printf '\x01' | dd of=r-bad.c4gh bs=1 seek=70000 conv=notrunc status=none
refuse "a tampered reference file" with alice-pass spe decrypt --sk alice.sec < r-bad.c4gh
refuse "(the reference refuses it too)" with alice-pass ref_c4gh decrypt --sk alice.sec < r-bad.c4gh

echo "== spe-storage -> reference"
for n in $sizes; do
  spe encrypt --recipient_pk erin.pub < plain-"$n".bin > s1-"$n".c4gh
  spe encrypt --sk frank.sec --recipient_pk erin.pub --recipient_pk alice.pub < plain-"$n".bin > s2-"$n".c4gh
  check "$n bytes, 1 recipient (our scrypt key file)" plain-"$n".bin with erin-pass ref_c4gh decrypt --sk erin.sec < s1-"$n".c4gh
  check "$n bytes, 2 recipients, reader 1 (our key, --sender_pk our public key)" plain-"$n".bin with erin-pass ref_c4gh decrypt --sk erin.sec --sender_pk frank.pub < s2-"$n".c4gh
  check "$n bytes, 2 recipients, reader 2 (reference key and public key file)" plain-"$n".bin with alice-pass ref_c4gh decrypt --sk alice.sec < s2-"$n".c4gh
done
spe encrypt --recipient_pk frank.pub --recipient_pk gina.pub < plain-65537.bin > s-fg.c4gh
check "our unprotected key file" plain-65537.bin ref_c4gh decrypt --sk frank.sec < s-fg.c4gh
check "our key file with a UTF-8 passphrase" plain-65537.bin with "$utf8_pass" ref_c4gh decrypt --sk gina.sec < s-fg.c4gh
refuse "a file not for the reader" with alice-pass ref_c4gh decrypt --sk alice.sec < s-fg.c4gh
# edit lists written by us
spe encrypt --recipient_pk erin.pub --edit-list 3,70000,1,2 < $big > s-edit.c4gh
{ part $big 3 70000; part $big 70004 2; } > want-s-edit.bin
check "our edit list [3,70000,1,2]" want-s-edit.bin with erin-pass ref_c4gh decrypt --sk erin.sec < s-edit.c4gh
spe encrypt --recipient_pk erin.pub --edit-list 131077 < $big > s-edit2.c4gh
part $big 131077 > want-s-edit2.bin
check "our edit list [131077] (odd: keep the rest)" want-s-edit2.bin with erin-pass ref_c4gh decrypt --sk erin.sec < s-edit2.c4gh
with alice-pass spe edit-list --sk alice.sec --recipient_pk frank.pub --edit-list 100,65500,36,50 < r1-200000.c4gh > s-wedit.c4gh
{ part $big 100 65500; part $big 65636 50; } > want-s-wedit.bin
check "our withEditList of a reference file" want-s-wedit.bin ref_c4gh decrypt --sk frank.sec < s-wedit.c4gh
# header re-encryption by us
with alice-pass spe reencrypt --sk alice.sec --recipient_pk frank.pub < r2-65537.c4gh > s-re.c4gh
check "our reencryptHeader of a reference file" plain-65537.bin ref_c4gh decrypt --sk frank.sec < s-re.c4gh
refuse "our reencryptHeader dropped the others" with erin-pass ref_c4gh decrypt --sk erin.sec < s-re.c4gh
with alice-pass spe add-recipients --sk alice.sec --recipient_pk frank.pub < r2-65537.c4gh > s-add.c4gh
check "our addRecipients, new recipient" plain-65537.bin ref_c4gh decrypt --sk frank.sec < s-add.c4gh
check "our addRecipients, kept packet" plain-65537.bin with erin-pass ref_c4gh decrypt --sk erin.sec < s-add.c4gh
with alice-pass spe reencrypt --sk alice.sec --recipient_pk frank.pub < r-edit.c4gh > s-re-edit.c4gh
check "our reencryptHeader keeps a reference edit list" want-edit.bin ref_c4gh decrypt --sk frank.sec < s-re-edit.c4gh
# the reference re-encrypting our files
with erin-pass ref_c4gh reencrypt --sk erin.sec --recipient_pk carol.pub < s2-65537.c4gh > s-rre.c4gh
check "reference reencrypt of our file, read by the reference" plain-65537.bin with "$utf8_pass" ref_c4gh decrypt --sk carol.sec < s-rre.c4gh
check "reference reencrypt of our file, read by us" plain-65537.bin with "$utf8_pass" spe decrypt --sk carol.sec < s-rre.c4gh
with erin-pass ref_c4gh reencrypt --sk erin.sec --recipient_pk carol.pub --trim < s-edit.c4gh > s-rre-edit.c4gh
check "reference reencrypt of our edit list, read by the reference" want-s-edit.bin with "$utf8_pass" ref_c4gh decrypt --sk carol.sec < s-rre-edit.c4gh
check "reference reencrypt of our edit list, read by us" want-s-edit.bin with "$utf8_pass" spe decrypt --sk carol.sec < s-rre-edit.c4gh
with erin-pass ref_c4gh rearrange --sk erin.sec --range 70000-140000 < s1-200000.c4gh > s-rear.c4gh
part $big 70000 69999 > want-s-rear.bin
check "reference rearrange of our file, read by us" want-s-rear.bin with erin-pass spe decrypt --sk erin.sec < s-rear.c4gh
cp s1-200000.c4gh s-bad.c4gh
printf '\x01' | dd of=s-bad.c4gh bs=1 seek=150000 conv=notrunc status=none
refuse "the reference refuses our file tampered" with erin-pass ref_c4gh decrypt --sk erin.sec < s-bad.c4gh

if command -v ssh-keygen > /dev/null; then
  echo "== OpenSSH ssh-ed25519 keys (ssh-keygen), both ways"
  ssh-keygen -q -t ed25519 -N '' -C interop -f ssh1 || die "ssh-keygen failed"
  ssh-keygen -q -t ed25519 -N 'ssh-pass' -C interop -f ssh2 || die "ssh-keygen failed"
  ref_c4gh encrypt --recipient_pk ssh1.pub --recipient_pk ssh2.pub < plain-65537.bin > r-ssh.c4gh
  spe encrypt --recipient_pk ssh1.pub --recipient_pk ssh2.pub < plain-65537.bin > s-ssh.c4gh
  check "reference file for ssh-ed25519 keys, our unprotected ssh key" plain-65537.bin spe decrypt --sk ssh1 < r-ssh.c4gh
  check "reference file for ssh-ed25519 keys, our protected ssh key" plain-65537.bin with ssh-pass spe decrypt --sk ssh2 < r-ssh.c4gh
  check "our file for ssh-ed25519 keys, reference unprotected ssh key" plain-65537.bin ref_c4gh decrypt --sk ssh1 < s-ssh.c4gh
  check "our file for ssh-ed25519 keys, reference protected ssh key" plain-65537.bin with ssh-pass ref_c4gh decrypt --sk ssh2 < s-ssh.c4gh
else
  echo "== (no ssh-keygen: the ssh-ed25519 checks are skipped)"
fi

echo "== $passed passed, $failed failed (reference commit $ref_commit)"
if [ "$failed" -gt 0 ]; then
  echo "-- the last lines the commands wrote to stderr (KEEP_WORK=1 keeps all files):" >&2
  tail -n 20 "$work/cmd.err" "$work/ref.err" >&2
  exit 1
fi
exit 0
