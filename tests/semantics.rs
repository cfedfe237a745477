//! Behaviours found by running programs against GNU SETL 8.13 (the
//! expected outputs are its outputs). Each case is a program, its exact
//! stdout, and whether it must stop with an error.

mod common;

fn run(code: &str) -> (String, bool) {
    let (out, _, ok) = common::run_code(code);
    (out, ok)
}

fn check(cases: &[(&str, &str, bool)]) {
    for (code, want, ok) in cases {
        let (got, success) = run(code);
        assert_eq!(got, *want, "stdout of: {code}");
        assert_eq!(success, *ok, "exit status of: {code}");
    }
}

#[test]
fn short_circuit_operators_return_the_deciding_operand() {
    check(&[
        (
            "print(true and 1, false or 'x', true and om);",
            "1 x *\n",
            true,
        ),
        (
            "z := 1; z ?:= p(); print(z); proc p; print('called'); return 2; end proc;",
            "1\n",
            true,
        ),
        (
            "z := false; z and:= p(); print(z); proc p; print('called'); return true; end proc;",
            "#F\n",
            true,
        ),
    ]);
}

#[test]
fn accumulation_starts_from_om_only_for_plus() {
    check(&[
        ("n +:= 1; s +:= 'a'; print(n, s);", "1 a\n", true),
        ("z := om; print('before'); z -:= 1;", "before\n", false),
        ("i := 3; print('before'); i +:= 'ab';", "before\n", false),
        ("s := 'id'; s +:= 7; print(s);", "id7\n", true),
    ]);
}

#[test]
fn reductions_ranges_and_patterns_at_the_edges() {
    check(&[
        ("print(om +/ [1,2], om +/ ['a','b']);", "3 ab\n", true),
        ("print([1,1..5], {3,3..1});", "[] {}\n", true),
        ("[u, z] := om; print(u, z);", "* *\n", true),
        ("print(is_map {[1,2],[om,1]});", "#F\n", true),
    ]);
}

#[test]
fn nan_compares_false_and_prints_like_glibc() {
    check(&[
        (
            "x := (-0.125)**0.5; print(x < 0.5, x > 1.0, x <= x);",
            "#F #F #F\n",
            true,
        ),
        (
            "n := 0.0/0.0; print(fixed(n,0,2), floating(-n,0,2), whole(-n,6));",
            "-nan nan    nan\n",
            true,
        ),
    ]);
}

#[test]
fn formatting_of_reals() {
    check(&[
        (
            "print(whole(2.0**70,0), whole(-0.125,5), whole(2.5, 0));",
            "1180591620717411303424     0 3\n",
            true,
        ),
        ("print(pretty 5, pretty [1,'a']);", "'5' '[1 a]'\n", true),
        (
            "print(float 9007199254740995, round float 9007199254740995);",
            "9.00719925474099e+15 9007199254740994\n",
            true,
        ),
    ]);
}

#[test]
fn domain_and_argument_errors_stop_the_program() {
    check(&[
        (
            "f := {[1,2]}; print('before'); print(f(om));",
            "before\n",
            false,
        ),
        ("print('before'); print({1,2} lessf 1);", "before\n", false),
        ("print('before'); print(val '1 2');", "before\n", false),
        ("print('before'); print(sqrt -1);", "before\n", false),
        ("print('before'); print(lpad('ab', -2));", "before\n", false),
        ("print(span('abc', 'a'));", "", false),
    ]);
}

#[test]
fn set_magic_returns_the_old_value() {
    check(&[(
        "print(set_magic(false), magic, set_magic(true), magic);",
        "#T #F #F #T\n",
        true,
    )]);
}

#[test]
fn cims_loop_headers_with_clauses() {
    let program = r#"loop init i := 0; doing print('doing', i); while i < 3 step i +:= 1; until i > 5 term print('term', i); do print('body', i); end loop;
loop init j := 0; while j < 10 step j +:= 1; until j >= 2 do print('j', j); end loop;
loop for x in [1, 2, 3] init n := 0; step n +:= x; term print('n', n); do print('x', x); end;
(for k in [1..3]) nprint(k, ''); end;
print();
(while k = om) print('k om'); quit; end;
m := 0;
(until m >= 2) m +:= 1; end;
print('m', m);
loop init q := 0; step q +:= 1; do if q = 3 then quit; end if; end loop;
print('q', q);
"#;
    check(&[(
        program,
        r#"doing 0
body 0
doing 1
body 1
doing 2
body 2
doing 3
term 3
j 0
j 1
x 1
x 2
x 3
n 6
1 2 3 
k om
m 2
q 3
"#,
        true,
    )]);
}

/// The evaluator computes small-integer expressions, tuple elements and
/// conditions in place; these cases sit on the edges where it must hand
/// over to the general path (overflow, past the end, reals, errors).
#[test]
fn fast_paths_agree_with_the_general_path() {
    check(&[
        (
            "x := 9223372036854775807; y := -x;
             print(x + 1, x * 2, y - 2, x - (y - 1), (x + 1) - 1);",
            "9223372036854775808 18446744073709551614 -9223372036854775809 \
             18446744073709551615 9223372036854775807\n",
            true,
        ),
        (
            "t := [10, 20, 30]; i := 5; j := 3;
             print(t(i), t(j - 2), t(j) + t(1) * 2, t(4), #t);",
            "* 10 50 * 3\n",
            true,
        ),
        (
            "t := [10, 20, 30];
             print(exists k in [1..3] | t(k) = 20 and t(k) > 10,
                   forall k in [1..3] | t(k) > 10 or k = 1);",
            "#T #T\n",
            true,
        ),
        (
            "n := 2; n +:= 3; n *:= 4; n -:= 1; print(n);
             m := 9223372036854775807; m +:= 1; print(m);",
            "19\n9223372036854775808\n",
            true,
        ),
        (
            "print(-7 mod 3, -7 div 2, 7 mod 3, 7 div -2);
             print(1 < 2.5, 3 = 3.0, 2 > 1); r := 1.5; print(r + 1, 2 * r);",
            "2 -3 1 -3\n#T #T #T\n2.5 3\n",
            true,
        ),
        ("t := [1, 2]; print('a'); print(t(0));", "a\n", false),
        (
            "print('a'); if 1 and true then print(1); end if;",
            "a\n",
            false,
        ),
        (
            "print('a'); if true and 1 then print(1); end if;",
            "a\n",
            false,
        ),
        (
            "if false and 1 then print(1); end if; print('b');",
            "b\n",
            true,
        ),
        ("print('a'); print(1 div 0);", "a\n", false),
    ]);
}

/// Frames live on one value stack: arguments left half-pushed by a `quit`
/// or `continue` inside an argument must not pile up or shift frames, and
/// variadic and rw/wr parameters still work.
#[test]
fn calls_on_the_value_stack() {
    check(&[
        (
            "program q;
               for i in [1..5] loop
                 x := f(10, expr if i = 3 then quit; end if; yield i; end expr);
                 print(x);
               end loop;
               print(g(1, 2, 3, 4), g(1));
               a := 1; b := 2; h(a, b); print(a, b);
               proc f(u, v); return u + v; end proc;
               proc g(p, rest(*)); return [p, rest]; end proc;
               proc h(rw p, wr q); p +:= 10; q := p * 2; end proc;
             end program;",
            "11\n12\n[1 [2 3 4]] [1 []]\n11 22\n",
            true,
        ),
        (
            "program q;
               n := 0;
               for i in [1..200000] loop
                 n +:= f(10, expr if i mod 2 = 0 then continue; end if; yield i; end expr);
               end loop;
               print(n, k(3));
               proc f(u, v); return u + v; end proc;
               proc k(d); return if d = 0 then 0 else 1 + k(d - 1) + f(d, d) end; end proc;
             end program;",
            "10001000000 15\n",
            true,
        ),
    ]);
}

#[test]
fn join_shows_members_as_str_does() {
    check(&[
        (
            "print(join(['a', 1, [2], 2.5, 'x y', {1}], '-'));",
            "a-1-[2]-2.5-x y-{1}\n",
            true,
        ),
        ("print(join([], ','), join(['a'], ''));", " a\n", true),
        ("print(join(['a', om, 'b'], ','));", "a,*,b\n", true),
        ("print('a'); print(join('abc', ','));", "a\n", false),
        ("print('a'); print(join(['a', 'b'], 5));", "a\n", false),
    ]);
}

/// `[x : x in t | c]` runs on a fast path of its own; it must bind, filter
/// and clear the variable as the general former does.
#[test]
fn filter_formers() {
    check(&[
        (
            "t := [5, 1, 4, 2, 3];
             print([x : x in t | x > 2], {x : x in t | x < 3}, x);
             print([c : c in 'hello world' | c /= 'o'], [y : y in {3, 1, 2}]);
             print([x : x in t | (x := x * 10) > 20], x);
             print([x : x in [] | x > 1], {x : x in {} });",
            "[5 4 3] {1 2} *\n[h e l l ' ' w r l d] [1 2 3]\n[50 40 30] *\n[] {}\n",
            true,
        ),
        (
            "n := 5; print('a'); print([x : x in n | true]);",
            "a\n",
            false,
        ),
    ]);
}
