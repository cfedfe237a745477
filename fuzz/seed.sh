#!/bin/sh
# Seeds the fuzz corpora from the conformance cases and the examples.
# Run from anywhere; writes fuzz/corpus/TARGET/ (not committed).
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus=$here/corpus
mkdir -p "$corpus/front_end" "$corpus/run_program" "$corpus/read_values" \
         "$corpus/match_pattern" "$corpus/typed_program"
# Programs: every conformance case and example.
for f in $(find "$root/tests/conformance" "$root/examples" -name '*.setl'); do
    name=$(echo "${f#$root/}" | tr / _)
    cp "$f" "$corpus/front_end/$name"
    cp "$f" "$corpus/run_program/$name"
done
# Denotations: the expected outputs of the conformance cases, one line each.
i=0
for f in $(find "$root/tests/conformance" -name '*.out' | head -200); do
    head -c 400 "$f" | head -n 3 > "$corpus/read_values/out$i"
    i=$((i + 1))
done
printf '\003[1, {2, 3}, "a"] 4.5e3 {[1, 2]} om\n' > "$corpus/read_values/mixed"
printf '\001-123456789012345678901234567890\n' > "$corpus/read_values/big"
# Patterns: FLAGS PATTERN \0 SUBJECT \0 REPLACEMENT (bit 0 of FLAGS: magic).
printf '\001a(b*)c\000xabbbcyac\000<\\1&>' > "$corpus/match_pattern/group"
printf '\001^[0-9]+|[a-z]{2,3}$\00012ab cdef\000-' > "$corpus/match_pattern/anchors"
printf '\000a.b\000xa.bya+b\000!' > "$corpus/match_pattern/literal"
printf '\001(a|ab)(c|bcd)(d*)\000abcd\000[\\2]' > "$corpus/match_pattern/posix"
printf '\001[[:alpha:]]+\000 hello, world \000\\&' > "$corpus/match_pattern/class"
echo "seeded $corpus"
