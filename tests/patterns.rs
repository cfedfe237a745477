//! String pattern subscripts and the regex routines, checked against the
//! output of GNU SETL 8.13 for the same programs.

mod common;

use common::run_code as run;

#[track_caller]
fn check(code: &str, expected: &str) {
    let (out, err, ok) = run(code);
    assert!(ok, "program failed: {code}\n{err}");
    assert_eq!(out, expected, "program: {code}");
}

#[track_caller]
fn fails(code: &str, message: &str) {
    let (_, err, ok) = run(code);
    assert!(!ok, "program should fail: {code}");
    assert!(err.contains(message), "program: {code}\nstderr: {err}");
}

#[test]
fn pattern_subscripts_and_slices() {
    check(
        "s := 'abcabc'; print(s('b.'), s('z'), s(1..'c'), s('c'..), s(..'b'));",
        "bc * abc cabc ab\n",
    );
    check(
        "s := 'abcabc'; print(s('b'..'b'), s('a'..'c'), s('c'..'a'), s('z'..), s(..'z'), \
         s(2..'a'), s(5..'b'), s('b'..3), s('b'..1), s(3..'ab'));",
        "bcab abc ca * * bca b bc  cab\n",
    );
    check(
        "s := 'xabab'; print(s('ab'..'b'), s('ab'..'a'), s('a'..'x*'), s(2..'x*'), \
         s(..'x*'), s('x*'..'x*'), s('b'..'^a'), s('b'..'a$'));",
        "abab aba a  x x ba *\n",
    );
    check("s := 'abc'; print(s(5..'c'), s('a'..7));", "* abc\n");
}

#[test]
fn pattern_subscript_assignment() {
    check(
        "s := 'hello world'; s('o') := '0'; print(s); \
         s := 'hello world'; s('world') := 'there'; print(s); \
         s := 'hello world'; s('z') := '0'; print(s);",
        "hell0 world\nhello there\nhello world\n",
    );
    check(
        "s := 'hello world'; s('l'..'o') := 'X'; print(s); \
         s := 'hello world'; s(..'o') := 'X'; print(s); \
         s := 'hello world'; s('o'..) := 'X'; print(s); \
         s := 'hello world'; s(2..'o') := 'X'; print(s); \
         s := 'hello world'; s('w'..3) := 'X'; print(s); \
         s := 'hello world'; s('z'..) := 'X'; s(..'z') := 'X'; print(s);",
        "heX world\nX world\nhellX\nhX world\nhello Xworld\nhello world\n",
    );
    check(
        "s := 'abc'; s('b'..7) := 'Z'; print(s); s(7..'x') := 'Q'; print(s); \
         s := 'abc'; s('b') +:= 'Z'; print(s);",
        "aZ\naZ\nabZc\n",
    );
    // The new text is a replacement pattern: & is the match.
    check(
        "s := 'hello'; s('l+') := '<&>'; print(s); \
         s := 'hello'; s(2..'o') := '[&]'; print(s);",
        "he<ll>o\nh[ello]\n",
    );
}

#[test]
fn magic_off_means_literal_text() {
    check(
        "s := 'xab.ab'; print(set_magic(false)); print(s('.'), s('.'..'b'), s(..'.'), \
         set_magic(true), magic); s('.') := '!'; print(s);",
        "#T\n. .ab xab. #F #T\n!ab.ab\n",
    );
    check(
        "s := 'a.b.c'; set_magic(false); print(gsub(s, '.', '&!'), s, split('a.b.c', '.'), \
         mark('a.b', '.'), gmark('a.b.', '.'));",
        "['.' '.'] a&!b&!c [a b c] [2 2] [[2 2] [4 4]]\n",
    );
}

#[test]
fn split_with_a_pattern() {
    check(
        "print(split(',a,', ',+'), split('bb','b+'), split('a b','b+'), split(',a,','[,]'));",
        "[a] [] ['a '] ['' a '']\n",
    );
    check(
        "print(split(':ab::c', ':'), split('', ':'), split('a', ':'), split(':', ':'), \
         split('::', ':'), split('a:', ':'), split(':a', ':'));",
        "['' ab '' c] [] [a] ['' ''] ['' '' ''] [a ''] ['' a]\n",
    );
    check(
        "print(split('abba','b'), split('b','b'), split('bab','b'), split('xbb','b+'), \
         split('bbx','b+'));",
        "[a '' a] ['' ''] ['' a ''] [x] [x]\n",
    );
    check(
        "print(split('a b  c'), split('  a b '), split(''));",
        "[a b c] [a b] []\n",
    );
}

#[test]
fn anchors_match_at_each_restart() {
    check(
        "s := 'hello'; print(gsub(s,'^.','Z'), s, gmark('aaa','^a'), split('aXb','^.'));",
        "[h e l l o] ZZZZZ [[1 1] [2 2] [3 3]] ['' '' '' '']\n",
    );
}

#[test]
fn leftmost_longest() {
    check(
        "s := 'aaa'; print(sub(s,'a|aa','X'), s); \
         t := 'xabcx'; print(sub(t,'(a|ab)(c|bcd)?','[&]'), t);",
        "aa Xa\nabc x[abc]x\n",
    );
    check(
        "t := 'xabcdx'; print(sub(t,'(a|ab)(c|bcd)?','[\\\\1|\\\\2]'), t);",
        "abcd x[a|bcd]x\n",
    );
    check("s := 'aaa'; print(gsub(s, 'a*', 'X'), s);", "[aaa] X\n");
}

#[test]
fn pairs_and_integers_as_patterns() {
    check(
        "s := 'a1b2c3'; print(gsub(s,['[a-z]','[0-9]'],'<&>'), s, mark('abcabc',['b','a']));",
        "[a1 b2 c3] <a1><b2><c3> [2 4]\n",
    );
    check("s := 'hello'; print(sub(s, 2, 'X'), s);", "e hXllo\n");
    check(
        "s := 'hello'; print(sub(s, 2, '&&'), s, mark('abc', 2), mark('abc', 4), mark('abc', 9));",
        "e h&&llo [2 2] [4 3] [9 8]\n",
    );
    check(
        "print(mark('abc', [1, 'q']), mark('abc', ['b', 2]), gmark('abcabc', ['a', 'c']), \
         gmark('abab', ['a', 'a']));",
        "* [2 2] [[1 3] [4 6]] [[1 3]]\n",
    );
    check(
        "s := 'hello'; print(sub(s,[2,'l'],'<&>'), s); \
         s := 'hello'; print(sub(s,['h',4],'<&>'), s); \
         s := 'hello'; print(sub(s,[2,3],'<&>'), s);",
        "el h<el>lo\nhell <hell>o\nel h<&>lo\n",
    );
}

#[test]
fn replacement_escapes() {
    check("s := 'hello'; print(sub(s,'l','\\\\'), s);", "l helo\n");
    check(
        "s := 'hello'; print(sub(s,'l','[\\\\\\\\|&|\\\\0|\\\\1|\\\\-|\\\\n|\\\\x|\\\\&]'), s);",
        "l he[\\|l|l||-|n|x|&]lo\n",
    );
    check(
        "s := 'hello'; print(sub(s,'(l)(l)','[\\\\2\\\\1\\\\3\\\\9]'), s);",
        "ll he[ll]o\n",
    );
    check(
        "s := 'a1b2'; print(gsub(s,['([a-z])','([0-9])'],'<\\\\2\\\\1>'), s);",
        "[a1 b2] <1a><2b>\n",
    );
}

#[test]
fn empty_matches_that_would_repeat_forever_are_errors() {
    for code in [
        "s := 'xyz'; print(gsub(s,'x*','-'));",
        "print(gmark('hello','l*'));",
        "print(split('abc',''));",
        "print(split('abc', 'x*'));",
    ] {
        fails(code, "Infinitely many occurrences of the empty string");
    }
}

#[test]
fn pattern_errors() {
    fails("print('abc'('('));", "Unmatched ( or \\(");
    fails(
        "s := 'abc'; print(s(0..'c'));",
        "string slice lower index (0) is out of range",
    );
    fails("print(set_magic(1));", "set_magic needs a boolean");
}
