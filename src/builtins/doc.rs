//! One line of documentation and an example for every name a program can
//! use without defining it: the built-ins of every `TABLE`, the library
//! values, variables and constants, the routines of the SETL library and
//! the keywords.
//!
//! This table is the only source: the REPL's `:help NAME`, `setl --doc
//! NAME` and the README's library list come from it, and tests/docs.rs
//! checks that every name has an entry, that no entry is stale, that the
//! examples print what they say and that the README matches.

/// The documentation of one name.
pub struct Doc {
    pub name: &'static str,
    /// How a call is written (`abs x`, `split(s [, sep])`).
    pub signature: &'static str,
    /// One line saying what it does.
    pub what: &'static str,
    /// A short example. `EXPR  -- VALUE` means EXPR prints as VALUE (the
    /// tests check it); anything else is a fragment to read.
    pub example: &'static str,
    /// Where the README lists it: a library theme, or `None` for keywords.
    pub theme: Option<&'static str>,
}

const fn d(
    name: &'static str,
    signature: &'static str,
    what: &'static str,
    example: &'static str,
    theme: &'static str,
) -> Doc {
    Doc {
        theme: Some(theme),
        ..kw(name, signature, what, example)
    }
}

const fn kw(
    name: &'static str,
    signature: &'static str,
    what: &'static str,
    example: &'static str,
) -> Doc {
    Doc {
        name,
        signature,
        what,
        example,
        theme: None,
    }
}

const NUM: &str = "Numbers";
const STR: &str = "Strings";
const PAT: &str = "Patterns";
const CONV: &str = "Conversion";
const COLL: &str = "Sets, tuples and maps";
const TYPE: &str = "Types";
const IO: &str = "Input and output";
const STREAM: &str = "Streams";
const FS: &str = "File system";
const LOCK: &str = "Locks";
const OS: &str = "Processes and environment";
const NET: &str = "Sockets";
const VAL: &str = "Library values";
const BIN: &str = "Binary data";

/// Every documented name, in the order the README lists them.
#[rustfmt::skip]
pub const DOCS: &[Doc] = &[
    // Numbers
    d("abs", "abs x", "absolute value of a number (for a string of one character, its code)", "abs -3  -- 3", NUM),
    d("sign", "sign x", "-1, 0 or 1 by the sign of a number", "sign -2.5  -- -1", NUM),
    d("floor", "floor x", "the greatest integer not above x", "floor 2.7  -- 2", NUM),
    d("ceil", "ceil x", "the least integer not below x", "ceil 2.1  -- 3", NUM),
    d("round", "round x", "the nearest integer, halves away from zero", "round 2.5  -- 3", NUM),
    d("fix", "fix x", "x truncated toward zero, as an integer", "fix -2.7  -- -2", NUM),
    d("float", "float n", "an integer as a real", "type float 3  -- REAL", NUM),
    d("sqrt", "sqrt x", "square root, a real", "sqrt 2  -- 1.4142135623731", NUM),
    d("exp", "exp x", "e to the power x", "exp 1  -- 2.71828182845905", NUM),
    d("log", "log x", "natural logarithm", "log 1  -- 0", NUM),
    d("sin", "sin x", "sine of x radians", "sin 0  -- 0", NUM),
    d("cos", "cos x", "cosine of x radians", "cos 0  -- 1", NUM),
    d("tan", "tan x", "tangent of x radians", "tan 0  -- 0", NUM),
    d("asin", "asin x", "arc sine, in radians", "asin 0  -- 0", NUM),
    d("acos", "acos x", "arc cosine, in radians", "acos 1  -- 0", NUM),
    d("atan", "atan x", "arc tangent, in radians", "atan 0  -- 0", NUM),
    d("sinh", "sinh x", "hyperbolic sine", "sinh 0  -- 0", NUM),
    d("cosh", "cosh x", "hyperbolic cosine", "cosh 0  -- 1", NUM),
    d("tanh", "tanh x", "hyperbolic tangent", "tanh 0  -- 0", NUM),
    d("bit_not", "bit_not n", "bitwise complement of an integer", "bit_not 0  -- -1", NUM),
    d("set_intslash", "set_intslash(b)", "sets `intslash` (whether `/` on integers gives an integer); gives the old value", "set_intslash(false)  -- #F", NUM),
    d("random", "random x", "a random integer in 0..n, real in [0, x), or element of a set or tuple", "random {7}  -- 7", NUM),
    d("setrandom", "setrandom(n)", "seeds `random`; 0 seeds from the clock", "setrandom(42);", NUM),
    d("even", "even n", "whether an integer is even", "even 4  -- #T", NUM),
    d("odd", "odd n", "whether an integer is odd", "odd 4  -- #F", NUM),
    // Strings
    d("char", "char n", "the one-character string with code n", "char 65  -- A", STR),
    d("ichar", "ichar c", "the code of a one-character string", "ichar 'A'  -- 65", STR),
    d("to_upper", "to_upper s", "s with ASCII letters in upper case", "to_upper 'abc'  -- ABC", STR),
    d("to_lower", "to_lower s", "s with ASCII letters in lower case", "to_lower 'ABC'  -- abc", STR),
    d("hex", "hex s", "each byte of s as two upper-case hex digits", "hex 'AB'  -- 4142", STR),
    d("unhex", "unhex s", "the bytes written in hex by s; om if malformed", "unhex '4142'  -- AB", STR),
    d("lpad", "lpad(s, n)", "s padded on the left with blanks to length n", "lpad('7', 3) = '  7'  -- #T", STR),
    d("rpad", "rpad(s, n)", "s padded on the right with blanks to length n", "rpad('7', 3) = '7  '  -- #T", STR),
    d("join", "join(t, sep)", "the strings of tuple t joined by sep", "join(['a', 'b'], '-')  -- a-b", STR),
    d("any", "any(rw s, cs)", "removes and gives the first character of s if it is in cs, else ''", "s := 'abc'; [any(s, 'a'), s]  -- [a bc]", STR),
    d("notany", "notany(rw s, cs)", "removes and gives the first character of s if it is not in cs", "s := 'abc'; [notany(s, 'x'), s]  -- [a bc]", STR),
    d("span", "span(rw s, cs)", "removes and gives the longest prefix of s made of characters in cs", "s := '123abc'; [span(s, '0123456789'), s]  -- ['123' abc]", STR),
    d("break", "break(rw s, cs)", "removes and gives the prefix of s up to the first character in cs", "s := 'key=val'; [break(s, '='), s]  -- [key '=val']", STR),
    d("len", "len(rw s, n)", "removes and gives the first n characters of s", "s := 'abcdef'; [len(s, 2), s]  -- [ab cdef]", STR),
    d("match", "match(rw s, p)", "removes and gives p if s starts with it, else ''", "s := 'if x'; [match(s, 'if'), s]  -- [if ' x']", STR),
    d("rany", "rany(rw s, cs)", "like `any`, at the end of s", "s := 'abc'; [rany(s, 'c'), s]  -- [c ab]", STR),
    d("rnotany", "rnotany(rw s, cs)", "like `notany`, at the end of s", "s := 'abc'; [rnotany(s, 'x'), s]  -- [c ab]", STR),
    d("rspan", "rspan(rw s, cs)", "like `span`, at the end of s", "s := 'abc123'; [rspan(s, '0123456789'), s]  -- ['123' abc]", STR),
    d("rbreak", "rbreak(rw s, cs)", "like `break`, at the end of s", "s := 'a/b/c'; [rbreak(s, '/'), s]  -- [c 'a/b/']", STR),
    d("rlen", "rlen(rw s, n)", "like `len`, at the end of s", "s := 'abcdef'; [rlen(s, 2), s]  -- [ef abcd]", STR),
    d("rmatch", "rmatch(rw s, p)", "like `match`, at the end of s", "s := 'file.c'; [rmatch(s, '.c'), s]  -- ['.c' file]", STR),
    // Patterns
    d("split", "split(s [, sep])", "the fields of s between matches of pattern sep (default: runs of white space)", "split('a,b,c', ',')  -- [a b c]", PAT),
    d("sub", "sub(rw s, p [, r])", "replaces the first match of pattern p in s by r; gives the matched text or om", "s := 'cat'; [sub(s, 'c', 'b'), s]  -- [c bat]", PAT),
    d("gsub", "gsub(rw s, p [, r])", "replaces every match of pattern p in s by r; gives the tuple of matched texts", "s := 'aXbXc'; [gsub(s, 'X', '-'), s]  -- [[X X] 'a-b-c']", PAT),
    d("mark", "mark(s, p)", "[i, j], the position of the first match of pattern p in s, or om", "mark('hello', 'l+')  -- [3 4]", PAT),
    d("gmark", "gmark(s, p)", "the positions of every match of pattern p in s", "gmark('a1b22', '[0-9]+')  -- [[2 2] [4 5]]", PAT),
    d("set_magic", "set_magic(b)", "sets `magic` (whether patterns are regular expressions); gives the old value", "set_magic(true)  -- #T", PAT),
    // Conversion
    d("str", "str x", "x as a string, as `print` shows it", "str [1, 'a']  -- [1 a]", CONV),
    d("unstr", "unstr s", "reads the value a string denotes; an error if it denotes none", "unstr '[1, 2]'  -- [1 2]", CONV),
    d("val", "val s", "reads a number from a string; om if it is not one", "val '42' + 1  -- 43", CONV),
    d("denotype", "denotype s", "the type `unstr s` would give, or om", "denotype '{1}'  -- SET", CONV),
    d("pretty", "pretty s", "s as a quoted literal, with escapes for unprintable bytes", "pretty 'it''s'  -- 'it''s'", CONV),
    d("unpretty", "unpretty s", "the string a quoted literal denotes", "unpretty '''ab'''  -- ab", CONV),
    d("whole", "whole(x, w)", "x rounded to an integer, right-aligned in w columns (negative w: left)", "whole(42, 5) = '   42'  -- #T", CONV),
    d("fixed", "fixed(x, w, aft)", "x with aft decimals, right-aligned in w columns", "fixed(3.14159, 0, 2)  -- 3.14", CONV),
    d("floating", "floating(x, w, aft)", "x in exponent notation with aft decimals, in w columns", "floating(12345.678, 0, 3)  -- 1.235e+04", CONV),
    d("strad", "strad(n, radix)", "integer n written in a radix from 2 to 36", "strad(255, 16)  -- 16#ff", CONV),
    // Binary data
    d("pack_short", "pack_short n", "n as the bytes of a C short of this machine; an error if it does not fit", "hex pack_short 1  -- 0100", BIN),
    d("unpack_short", "unpack_short s", "the integer whose bytes as a C short are s (which must have that many)", "unpack_short pack_short 1  -- 1", BIN),
    d("pack_unsigned_short", "pack_unsigned_short n", "n as the bytes of a C unsigned short of this machine; an error if it does not fit", "unpack_unsigned_short pack_unsigned_short 65535  -- 65535", BIN),
    d("unpack_unsigned_short", "unpack_unsigned_short s", "the integer whose bytes as a C unsigned short are s (which must have that many)", "unpack_unsigned_short pack_unsigned_short 1  -- 1", BIN),
    d("pack_int", "pack_int n", "n as the bytes of a C int of this machine; an error if it does not fit", "#pack_int 0  -- 4", BIN),
    d("unpack_int", "unpack_int s", "the integer whose bytes as a C int are s (which must have that many)", "unpack_int pack_int 1  -- 1", BIN),
    d("pack_unsigned_int", "pack_unsigned_int n", "n as the bytes of a C unsigned int of this machine; an error if it does not fit", "hex pack_unsigned_int 1  -- 01000000", BIN),
    d("unpack_unsigned_int", "unpack_unsigned_int s", "the integer whose bytes as a C unsigned int are s (which must have that many)", "unpack_unsigned_int pack_unsigned_int 1  -- 1", BIN),
    d("pack_long", "pack_long n", "n as the bytes of a C long of this machine; an error if it does not fit", "unpack_long pack_long (-5)  -- -5", BIN),
    d("unpack_long", "unpack_long s", "the integer whose bytes as a C long are s (which must have that many)", "unpack_long pack_long 1  -- 1", BIN),
    d("pack_unsigned_long", "pack_unsigned_long n", "n as the bytes of a C unsigned long of this machine; an error if it does not fit", "#pack_unsigned_long 0  -- 8", BIN),
    d("unpack_unsigned_long", "unpack_unsigned_long s", "the integer whose bytes as a C unsigned long are s (which must have that many)", "unpack_unsigned_long pack_unsigned_long 1  -- 1", BIN),
    d("pack_long_long", "pack_long_long n", "n as the bytes of a C long long of this machine; an error if it does not fit", "unpack_long_long pack_long_long 7  -- 7", BIN),
    d("unpack_long_long", "unpack_long_long s", "the integer whose bytes as a C long long are s (which must have that many)", "unpack_long_long pack_long_long 1  -- 1", BIN),
    d("pack_unsigned_long_long", "pack_unsigned_long_long n", "n as the bytes of a C unsigned long long of this machine; an error if it does not fit", "hex pack_unsigned_long_long 255  -- FF00000000000000", BIN),
    d("unpack_unsigned_long_long", "unpack_unsigned_long_long s", "the integer whose bytes as a C unsigned long long are s (which must have that many)", "unpack_unsigned_long_long pack_unsigned_long_long 1  -- 1", BIN),
    d("pack_integer", "pack_integer n", "any integer as GMP holds it: a signed 64-bit limb count, then the 64-bit limbs, least significant first", "#pack_integer (2**64)  -- 24", BIN),
    d("unpack_integer", "unpack_integer s", "the integer `pack_integer` packed into s", "unpack_integer pack_integer (-(3**50))  -- -717897987691852588770249", BIN),
    d("pack_double", "pack_double x", "a number as the 8 bytes of a C double", "hex pack_double 1  -- 000000000000F03F", BIN),
    d("unpack_double", "unpack_double s", "the real whose C double bytes are s", "unpack_double pack_double 0.5  -- 0.5", BIN),
    d("pack_real", "pack_real x", "the same as `pack_double`", "#pack_real 1.5  -- 8", BIN),
    d("unpack_real", "unpack_real s", "the same as `unpack_double`", "unpack_real pack_real 2.5  -- 2.5", BIN),
    d("pack_float", "pack_float x", "a number as the 4 bytes of a C float (precision and range are lost as in C)", "hex pack_float 1.5  -- 0000C03F", BIN),
    d("unpack_float", "unpack_float s", "the real whose C float bytes are s", "unpack_float pack_float 0.25  -- 0.25", BIN),
    d("mem_alloc", "mem_alloc(n)", "the address (an integer) of a new block of n zero bytes; here a simulated block: an access outside a live block stops the program", "p := mem_alloc(16);", BIN),
    d("mem_free", "mem_free(p)", "releases the block at address p (0: nothing)", "mem_free(p);", BIN),
    d("mem_realloc", "mem_realloc(p, n)", "the address of a block of n bytes that replaces the one at p, keeping its contents (from 0: a new block)", "p := mem_realloc(p, 32);", BIN),
    d("mem_copy", "mem_copy(dst, src, n)", "copies n bytes from address src to address dst (they may overlap)", "mem_copy(p, p + 8, 4);", BIN),
    d("mem_fetch_string", "mem_fetch_string(p, n)", "the n bytes at address p, as a string", "s := mem_fetch_string(p, 5);", BIN),
    d("mem_fetch_c_string", "mem_fetch_c_string(p)", "the bytes at address p before the first NUL", "s := mem_fetch_c_string(p);", BIN),
    d("mem_store_string", "mem_store_string(s, p)", "writes the bytes of string s at address p", "mem_store_string('hello', p);", BIN),
    d("mem_store_c_string", "mem_store_c_string(s, p)", "writes the bytes of s before its first NUL, then a NUL, at address p", "mem_store_c_string('abc', p);", BIN),
    // Sets, tuples and maps
    d("#", "#x", "the number of elements of a set, tuple or string", "#[1, 2, 3]  -- 3", COLL),
    d("arb", "arb s", "an element of a set (the first in canonical order), or om if empty", "arb {3, 1, 2}  -- 1", COLL),
    d("domain", "domain f", "the set of first components of a map", "domain {[1, 'a'], [2, 'b']}  -- {1 2}", COLL),
    d("range", "range f", "the set of second components of a map", "range {[1, 'a'], [2, 'b']}  -- {a b}", COLL),
    d("pow", "pow s", "the set of all subsets of s", "pow {1, 2}  -- {{} {1} {2} {1 2}}", COLL),
    d("reverse", "reverse x", "a tuple or string in reverse order", "reverse 'abc'  -- cba", COLL),
    d("newat", "newat", "a new atom, unequal to every other value", "newat /= newat  -- #T", COLL),
    // Types
    d("type", "type x", "the name of x's type", "type [1]  -- TUPLE", TYPE),
    d("is_atom", "is_atom x", "whether x is an atom", "is_atom newat  -- #T", TYPE),
    d("is_boolean", "is_boolean x", "whether x is true or false", "is_boolean false  -- #T", TYPE),
    d("is_integer", "is_integer x", "whether x is an integer", "is_integer 3  -- #T", TYPE),
    d("is_int", "is_int x", "the same as `is_integer`", "is_int 3  -- #T", TYPE),
    d("is_real", "is_real x", "whether x is a real", "is_real 3.0  -- #T", TYPE),
    d("is_numeric", "is_numeric x", "whether x is an integer or a real", "is_numeric 3  -- #T", TYPE),
    d("is_string", "is_string x", "whether x is a string", "is_string 'a'  -- #T", TYPE),
    d("is_set", "is_set x", "whether x is a set", "is_set {}  -- #T", TYPE),
    d("is_tuple", "is_tuple x", "whether x is a tuple", "is_tuple []  -- #T", TYPE),
    d("is_map", "is_map x", "whether x is a set of pairs", "is_map {[1, 2]}  -- #T", TYPE),
    d("is_mmap", "is_mmap x", "the same as `is_map`", "is_mmap {[1, 2], [1, 3]}  -- #T", TYPE),
    d("is_smap", "is_smap x", "whether x is a single-valued map", "is_smap {[1, 2], [1, 3]}  -- #F", TYPE),
    d("is_om", "is_om x", "whether x is om", "is_om om  -- #T", TYPE),
    d("is_routine", "is_routine x", "whether x is a routine value (`routine f`)", "is_routine 1  -- #F", TYPE),
    d("is_proc", "is_proc x", "the same as `is_routine` (GNU SETL 8.13 refuses it as retired)", "is_proc 1  -- #F", TYPE),
    d("is_procedure", "is_procedure x", "the same as `is_routine` (GNU SETL 8.13 refuses it as retired)", "is_procedure 1  -- #F", TYPE),
    // Input and output
    d("print", "print(x, ...)", "writes the values to standard output, separated by blanks, and a newline", "print('n =', 3);", IO),
    d("nprint", "nprint(x, ...)", "like `print`, without the newline", "nprint('no newline');", IO),
    d("write", "write(x, ...)", "the same as `print`", "write(1, 2);", IO),
    d("printa", "printa(f, x, ...)", "like `print`, to stream f", "printa(stderr, 'warning');", IO),
    d("nprinta", "nprinta(f, x, ...)", "like `nprint`, to stream f", "nprinta(f, 'no newline');", IO),
    d("writea", "writea(f, x, ...)", "the same as `printa`", "writea(f, 1, 2);", IO),
    d("put", "put(s, ...)", "writes each string on a line of its own to standard output", "put('line 1', 'line 2');", IO),
    d("puta", "puta(f, s, ...)", "writes each string on a line of its own to stream f", "puta(f, 'a line');", IO),
    d("putline", "putline(f, s, ...)", "the same as `puta`", "putline(f, 'a line');", IO),
    d("putc", "putc(f, s)", "writes the characters of s to stream f, as they are", "putc(f, 'raw');", IO),
    d("putchar", "putchar(s)", "writes the characters of s to standard output", "putchar('raw');", IO),
    d("putfile", "putfile(name, s)", "writes s as the whole content of a file", "putfile('out.txt', 'hello\\n');", IO),
    d("read", "read(wr x, ...)", "reads values written as SETL denotations from standard input into the variables", "read(n, t);", IO),
    d("reada", "reada(f, wr x, ...)", "like `read`, from stream f", "reada(f, n);", IO),
    d("get", "get(wr s, ...)", "reads lines from standard input into the variables", "get(line);", IO),
    d("geta", "geta(f, wr s, ...)", "reads lines from stream f into the variables", "geta(f, line);", IO),
    d("getline", "getline f", "the next line of stream f, without its newline, or om at the end", "while (l := getline f) /= om loop print(l); end loop;", IO),
    d("getfile", "getfile name", "the whole content of a file, or om if it cannot be read", "text := getfile 'notes.txt';", IO),
    d("getc", "getc f", "the next character of stream f, or om at the end", "c := getc stdin;", IO),
    d("peekc", "peekc f", "the next character of stream f without taking it, or om", "c := peekc stdin;", IO),
    d("getchar", "getchar", "the next character of standard input, or om", "c := getchar;", IO),
    d("peekchar", "peekchar", "the next character of standard input without taking it", "c := peekchar;", IO),
    d("getn", "getn(f, n)", "the next n characters of stream f (fewer at the end)", "header := getn(f, 4);", IO),
    d("getb", "getb(f, wr x, ...)", "like `reada`, but leaves the rest of the last line read to be read next", "getb(f, n);", IO),
    d("putb", "putb(f, x, ...)", "the same as `writea`", "putb(f, 1, [2]);", IO),
    d("gets", "gets(f, i, n, wr s)", "reads the n characters of stream f from index i (1 is the first) into s", "gets(f, 1, 4, header);", IO),
    d("puts", "puts(f, i, s)", "writes s over stream f from index i (1 is the first)", "puts(f, 1, 'MAGIC');", IO),
    d("ungetc", "ungetc(f, s)", "pushes the characters of s back onto input stream f, to be read next", "ungetc(f, c);", IO),
    d("ungetchar", "ungetchar(s)", "pushes the characters of s back onto standard input", "ungetchar(c);", IO),
    d("reads", "reads(s, wr x, ...)", "reads values written as SETL denotations from string s into the variables", "reads('1 [2]', a, b); [a, b]  -- [1 [2]]", IO),
    // Streams
    d("open", "open(name, mode)", "opens a file (modes r w a n r+ w+ a+ n+ rw), command, signal, timer or socket (tcp-client, tcp-server, udp-client, unix-server, ...); gives the fd, or om with `last_error` set", "f := open('data.txt', 'r');", STREAM),
    d("close", "close(f [, how])", "closes stream f", "close(f);", STREAM),
    d("is_open", "is_open f", "whether f is an open stream", "is_open stdout  -- #T", STREAM),
    d("filename", "filename f", "the name stream f was opened with", "filename stdin  -- 0", STREAM),
    d("fileno", "fileno f", "the file descriptor of stream f", "fileno stdout  -- 1", STREAM),
    d("eof", "eof [(f)]", "whether the last read (of f, or of any stream) hit the end", "if eof then print('done'); end if;", STREAM),
    d("flush", "flush(f)", "writes out what stream f has buffered", "flush(stdout);", STREAM),
    d("seek", "seek(f, offset [, whence])", "moves stream f's position (whence: seek_set, seek_cur or seek_end); gives the new position", "seek(f, 0, seek_end);", STREAM),
    d("rewind", "rewind(f)", "moves stream f back to its start", "rewind(f);", STREAM),
    d("filepos", "filepos f", "the current position in stream f", "n := filepos f;", STREAM),
    d("ftrunc", "ftrunc(f, n)", "cuts or pads (with NULs) a file to n bytes", "ftrunc(f, 0);", STREAM),
    d("tie", "tie(f, g)", "links an input and an output stream: a read from either first writes out what the other has buffered", "tie(from_child, to_child);", STREAM),
    // File system
    d("link", "link(old, new)", "makes a hard link; om, with `last_error` set on failure", "link('a', 'b');", FS),
    d("symlink", "symlink(target, name)", "makes a symbolic link", "symlink('a', 'b');", FS),
    d("readlink", "readlink name", "the target of a symbolic link, or om", "t := readlink 'b';", FS),
    d("unlink", "unlink(name)", "removes a file", "unlink('old.txt');", FS),
    d("rename", "rename(old, new)", "renames a file", "rename('a.tmp', 'a');", FS),
    d("fexists", "fexists name", "whether a file exists (following symbolic links)", "fexists '/'  -- #T", FS),
    d("lexists", "lexists name", "whether a name exists, a dangling symbolic link included", "lexists '/'  -- #T", FS),
    d("fsize", "fsize f", "the size in bytes of a file or open stream", "n := fsize 'data.txt';", FS),
    d("tmpnam", "tmpnam", "a name for a temporary file that does not exist yet", "name := tmpnam;", FS),
    d("mkstemp", "mkstemp(rw template)", "creates a unique file from a template ending in XXXXXX; gives its fd and sets template to its name", "t := '/tmp/runXXXXXX'; f := mkstemp(t);", FS),
    d("getwd", "getwd", "the current directory", "dir := getwd;", FS),
    d("chdir", "chdir [(dir)]", "changes the current directory (home without an argument)", "chdir('/tmp');", FS),
    d("glob", "glob pattern", "the tuple of file names matching a shell pattern", "files := glob '*.setl';", FS),
    d("clear_error", "clear_error", "resets `last_error` to `no_error`", "clear_error;", FS),
    d("mkdir", "mkdir(path [, mode])", "makes a directory (extension)", "mkdir('out');", FS),
    d("rmdir", "rmdir(path)", "removes an empty directory (extension)", "rmdir('out');", FS),
    d("readdir", "readdir(path)", "the set of names in a directory, without . and .. (extension)", "names := readdir('.');", FS),
    d("stat", "stat(path)", "a map of size, mode, type, nlink, ino, dev, uid, gid, mtime (extension)", "stat('/')('type')  -- dir", FS),
    d("lstat", "lstat(path)", "like `stat`, describing a symbolic link itself (extension)", "lstat('/')('type')  -- dir", FS),
    // Locks
    d("lock", "lock(f, how [, len [, start [, whence]]])", "a record lock on stream f: how is r, w or u, with | to wait and ? to query (extension)", "lock(f, 'w|');", LOCK),
    d("flock", "flock(f, how)", "a whole-file BSD lock on stream f: r, w or u, with | to wait (extension)", "flock(f, 'r');", LOCK),
    d("copyfile", "copyfile(src, new)", "copies a file to a new file created exclusively (extension)", "copyfile('a', 'a.bak');", LOCK),
    d("atomic_putfile", "atomic_putfile(name, s)", "replaces a file's content with s all at once (extension)", "atomic_putfile('state', str counts);", LOCK),
    d("lockfile_take", "lockfile_take(name)", "takes a named lock file recording PID HOST; true if taken (SETL library)", "if lockfile_take('job.lock') then print('mine'); end if;", LOCK),
    d("lockfile_release", "lockfile_release(name)", "removes a lock file this process took (SETL library)", "lockfile_release('job.lock');", LOCK),
    d("lockfile_holder", "lockfile_holder(name)", "[pid, host] of a lock file's holder, or om (SETL library)", "h := lockfile_holder('job.lock');", LOCK),
    d("lockfile_break_stale", "lockfile_break_stale(name)", "removes a lock whose holder, a process of this host, is gone (SETL library)", "lockfile_break_stale('job.lock');", LOCK),
    // Processes and environment
    d("system", "system(cmd)", "runs a shell command; gives its exit status", "system('true')  -- 0", OS),
    d("getenv", "getenv name", "an environment variable's value, or om", "getenv 'NO_SUCH_VARIABLE'  -- *", OS),
    d("setenv", "setenv(name [, value])", "sets an environment variable", "setenv('LANG', 'C');", OS),
    d("unsetenv", "unsetenv(name)", "removes an environment variable", "unsetenv('LANG');", OS),
    d("time", "time", "CPU time used so far, in milliseconds", "t0 := time;", OS),
    d("clock", "clock", "wall-clock milliseconds since the program started", "t0 := clock;", OS),
    d("tod", "tod", "milliseconds since 1970 UTC", "now := tod;", OS),
    d("fdate", "fdate(ms [, fmt])", "milliseconds since 1970 as local date and time, by a strftime format (default `%a %b %e %H:%M:%S.%s %Z %Y`) where `%s` is the milliseconds", "fdate(1500, '%s')  -- 500", OS),
    d("getpid", "getpid", "this process's id (extension)", "pid := getpid;", OS),
    d("pexists", "pexists pid", "whether a process exists", "pexists getpid  -- #T", OS),
    d("tcgetpgrp", "tcgetpgrp(f)", "the foreground process group of the terminal stream f is on; om with `last_error` if none", "fg := tcgetpgrp(stdin);", OS),
    d("tcsetpgrp", "tcsetpgrp(f, p)", "makes process group p the foreground one of f's terminal", "tcsetpgrp(stdin, getpgrp);", OS),
    d("setctty", "setctty(f)", "makes the terminal stream f is on the controlling terminal of this process (a session leader with none); om with `last_error` on failure", "setsid(); setctty(open('/dev/tty1', 'r+'));", OS),
    d("unsetctty", "unsetctty(f)", "gives up the controlling terminal stream f is on; om with `last_error` on failure", "unsetctty(stdin);", OS),
    d("callout", "callout(n, om, args)", "GNU SETL's call into linked-in C code: with none linked in, reports the call on standard error and gives om", "callout(1, om, ['a']);", OS),
    d("filter", "filter(cmd [, input])", "runs a shell command on input (a string) and gives its output", "filter('tr a-z A-Z', 'abc')  -- ABC", OS),
    d("fork", "fork", "starts a copy of this process: the child's pid in the parent, 0 in the child, om on failure", "if fork = 0 then print('child'); stop; end if;", OS),
    d("exec", "exec(file [, argv [, envp]])", "replaces this process by a program (searched on PATH without envp); returns only on failure", "exec('ls', ['ls', '-l']);", OS),
    d("pipe_from_child", "pipe_from_child", "forks; gives the parent a stream reading what the child writes on its stdout (-1 in the child)", "f := pipe_from_child; if f = -1 then print('hi'); stop; end if;", OS),
    d("pipe_to_child", "pipe_to_child", "forks; gives the parent a stream writing to the child's stdin (-1 in the child)", "f := pipe_to_child;", OS),
    d("pump", "pump", "forks; gives the parent a two-way stream to the child's stdin and stdout (-1 in the child)", "f := pump;", OS),
    d("tty_pump", "tty_pump", "as pump, over a pseudo-terminal", "f := tty_pump;", OS),
    d("pid", "pid [f]", "the pid of the last child started, or of stream f's child", "f := open('sleep 1', 'pipe-from'); print(pid(f));", OS),
    d("waitpid", "waitpid(p [, block])", "waits for child p (-1: any child); gives its pid, 0 if none is done and block is false; sets `status`", "waitpid(pid(f));", OS),
    d("wait", "wait [block]", "waits for any child; as waitpid(-1, block)", "p := wait;", OS),
    d("kill", "kill(p [, sig])", "sends a signal (a number or a name such as 'TERM'; TERM by default) to process p", "kill(pid(f), 'KILL');", OS),
    d("getppid", "getppid", "the parent process's id", "print(getppid);", OS),
    d("getpgrp", "getpgrp", "this process's group id", "print(getpgrp);", OS),
    d("getpgid", "getpgid(p)", "process p's group id", "print(getpgid(0));", OS),
    d("setpgid", "setpgid(p, g)", "moves process p into group g", "setpgid(0, 0);", OS),
    d("setpgrp", "setpgrp", "puts this process in a group of its own", "setpgrp;", OS),
    d("getsid", "getsid(p)", "process p's session id", "print(getsid(0));", OS),
    d("setsid", "setsid", "starts a new session with this process as its leader", "setsid;", OS),
    d("getuid", "getuid", "the real user id", "print(getuid);", OS),
    d("geteuid", "geteuid", "the effective user id", "print(geteuid);", OS),
    d("getgid", "getgid", "the real group id", "print(getgid);", OS),
    d("getegid", "getegid", "the effective group id", "print(getegid);", OS),
    d("setuid", "setuid(u)", "sets the user id", "setuid(1000);", OS),
    d("seteuid", "seteuid(u)", "sets the effective user id", "seteuid(1000);", OS),
    d("setgid", "setgid(g)", "sets the group id", "setgid(1000);", OS),
    d("setegid", "setegid(g)", "sets the effective group id", "setegid(1000);", OS),
    d("umask", "umask [mask]", "the file-creation mask; with an argument, sets it and gives the old one", "old := umask(8#022);", OS),
    d("putenv", "putenv('NAME=value')", "sets an environment variable from one string", "putenv('LANG=C');", OS),
    d("select", "select([rs, ws, es] [, ms])", "waits until a stream is ready (at most one is reported) or ms milliseconds pass; select(om, ms) sleeps", "[ready] := select([{f}], 1000);", STREAM),
    d("pipe", "pipe", "a new pipe as [read fd, write fd]", "[r, w] := pipe;", STREAM),
    d("socketpair", "socketpair", "two connected Unix-domain sockets, as [fd1, fd2]", "[a, b] := socketpair;", STREAM),
    d("dup", "dup(fd)", "a new fd for the same open file", "g := dup(1);", STREAM),
    d("dup2", "dup2(fd, fd2)", "makes fd2 another fd for fd's open file", "dup2(f, 1);", STREAM),
    d("sys_read", "sys_read(fd, n)", "one read(2) of at most n bytes, unbuffered; '' at end of file", "s := sys_read(0, 100);", STREAM),
    d("sys_write", "sys_write(fd, s)", "one write(2) of s, unbuffered; gives the number of bytes written", "sys_write(1, 'hi\\n');", STREAM),
    d("send_fd", "send_fd(sock, fd)", "passes an open fd to another process over a Unix-domain socket", "send_fd(s, f);", STREAM),
    d("recv_fd", "recv_fd(sock)", "receives an fd sent with send_fd", "f := recv_fd(s);", STREAM),
    // Sockets
    d("accept", "accept(f)", "the fd of the next connection to server socket f (a tcp-peer or unix-peer stream), or om", "p := accept(open([om, 8000], 'tcp-server'));", NET),
    d("send", "send(f, s)", "sends datagram s on a UDP or Unix-domain datagram client socket", "send(open(['127.0.0.1', 9], 'udp-client'), 'ping');", NET),
    d("recv", "recv f", "the next datagram on UDP client socket f, or om", "reply := recv f;", NET),
    d("sendto", "sendto(f, dest, s)", "sends datagram s from a datagram server socket to [host, port] (UDP) or a path (Unix-domain)", "sendto(f, ['127.0.0.1', 9], 'ping');", NET),
    d("recvfrom", "recvfrom f", "[source, datagram] from a datagram server socket; source is [address, port] or a path", "[from, s] := recvfrom f;", NET),
    d("sockaddr", "sockaddr f", "[address, port] of socket f's own end, or om", "print(sockaddr open(['127.0.0.1', 0], 'tcp-server'));", NET),
    d("port", "port f", "the port number of socket f's own end (the one chosen for port 0)", "print(port open([om, 0], 'tcp-server'));", NET),
    d("peer_address", "peer_address f", "the address of a connected socket's other end, or om", "print(peer_address p);", NET),
    d("peer_name", "peer_name f", "the host name of a connected socket's other end, or om", "print(peer_name p);", NET),
    d("peer_port", "peer_port f", "the port of a connected socket's other end, or om", "print(peer_port p);", NET),
    d("peer_sockaddr", "peer_sockaddr f", "[address, port] of a connected socket's other end, or om", "print(peer_sockaddr p);", NET),
    d("ip_addresses", "ip_addresses(host)", "the set of IPv4 and IPv6 addresses of a host name or address ({} and last_error if unknown)", "ip_addresses('127.0.0.1')  -- {'127.0.0.1'}", NET),
    d("ip_names", "ip_names(host)", "the set of names of a host name or address", "print(ip_names('127.0.0.1'));", NET),
    d("shutdown", "shutdown(f, how)", "ends reading (shut_rd), writing (shut_wr) or both (shut_rdwr) on a connected socket, leaving it open", "shutdown(f, shut_wr);", NET),
    d("hostaddr", "hostaddr", "an IP address of this host, or om", "print(hostaddr);", NET),
    d("shut_rd", "shut_rd", "`shutdown` of reading", "shut_rd  -- 0", NET),
    d("shut_wr", "shut_wr", "`shutdown` of writing", "shut_wr  -- 1", NET),
    d("shut_rdwr", "shut_rdwr", "`shutdown` of reading and writing", "shut_rdwr  -- 2", NET),
    // Library values, variables and constants
    d("command_line", "command_line", "the program's arguments, a tuple of strings", "#command_line  -- 0", VAL),
    d("command_name", "command_name", "the program's name", "print(command_name);", VAL),
    d("date", "date", "the date and time, as a string", "print(date);", VAL),
    d("last_error", "last_error", "the message of the last failed library call, or `no_error`", "if last_error /= no_error then print(last_error); end if;", VAL),
    d("last_errno", "last_errno", "the C library's error number of the last failed call", "print(last_errno);", VAL),
    d("nargs", "nargs", "inside a routine with (*), the number of arguments passed", "proc f(a(*)); return nargs; end proc;", VAL),
    d("hostname", "hostname", "the name of this host", "print(hostname);", VAL),
    d("status", "status", "the exit status of the last child waited for", "print(status);", VAL),
    d("magic", "magic", "assignable: whether patterns are regular expressions (default true)", "magic := false;", VAL),
    d("intslash", "intslash", "assignable: whether / on integers divides to an integer (default false)", "intslash := true;", VAL),
    d("om", "om", "the undefined value", "[1, om]  -- [1]", VAL),
    d("true", "true", "the boolean true", "true  -- #T", VAL),
    d("false", "false", "the boolean false", "false  -- #F", VAL),
    d("stdin", "stdin", "standard input's fd", "stdin  -- 0", VAL),
    d("stdout", "stdout", "standard output's fd", "stdout  -- 1", VAL),
    d("stderr", "stderr", "standard error's fd", "stderr  -- 2", VAL),
    d("seek_set", "seek_set", "`seek` from the start of the file", "seek_set  -- 0", VAL),
    d("seek_cur", "seek_cur", "`seek` from the current position", "seek_cur  -- 1", VAL),
    d("seek_end", "seek_end", "`seek` from the end of the file", "seek_end  -- 2", VAL),
    d("close_await", "close_await", "`close` waits for a child process", "close_await  -- 0", VAL),
    d("close_autoreap", "close_autoreap", "`close` leaves a child to be reaped automatically", "close_autoreap  -- 1", VAL),
    d("close_zombie", "close_zombie", "`close` leaves a child as a zombie", "close_zombie  -- 2", VAL),
    d("no_error", "no_error", "the value of `last_error` when nothing failed", "no_error  -- Success", VAL),
    // Keywords
    kw("program", "program NAME; ... end NAME;", "names a program (optional)", "program hello; print('hi'); end hello;"),
    kw("proc", "proc NAME(params); ... end proc;", "defines a procedure", "proc sq(n); return n * n; end proc;"),
    kw("package", "package NAME; decls, proc specs end NAME;  package body NAME; ... end NAME;", "a package specification (what it makes public) or its body (how)", "package stack; proc push(rw s, x); end stack;"),
    kw("body", "package body NAME; [use ...;] decls routines end NAME;", "the implementation of a package", "package body stack; proc push(rw s, x); s with:= x; end proc; end stack;"),
    kw("use", "use p1, p2;", "makes the public names of packages visible (also `p.x`)", "use stack;"),
    kw("sel", "sel NAME(k);", "declares a selector: `t.NAME` then means `t(k)`", "sel age(2); t := ['ann', 30]; t.age := 31;"),
    kw("command", "command NAME(params); ... end NAME;", "a routine called without parentheses: `NAME arg1 arg2;`", "command eat(what); print('eating', what); end eat;"),
    kw("procedure", "procedure NAME(params); ... end procedure;", "the same as `proc`", "procedure sq(n); return n * n; end procedure;"),
    kw("op", "op NAME(a, b); ... end op;", "defines a binary or unary operator", "op .plus(a, b); return a + b; end op;"),
    kw("operator", "operator NAME(a, b); ... end operator;", "the same as `op`", "operator .plus(a, b); return a + b; end operator;"),
    kw("var", "var x, y := 0;", "declares variables (global at program level, local in a routine)", "var count := 0;"),
    kw("const", "const NAME = expr;", "declares a constant", "const limit = 100;"),
    kw("init", "init x := e;", "a variable initialised once per program run", "init calls := 0;"),
    kw("end", "end KEYWORD;", "closes a block (`end if`, `end loop`, `end proc`, ...)", "if x then y; end if;"),
    kw("if", "if c then ... [elseif c then ...] [else ...] end if;", "a conditional statement, or expression `if c then a else b end`", "if 2 > 1 then 'yes' else 'no' end  -- yes"),
    kw("then", "if c then ...", "starts the branch of an `if`", "if x > 0 then print('positive'); end if;"),
    kw("elseif", "elseif c then ...", "a further condition of an `if`", "if x < 0 then s := -1; elseif x > 0 then s := 1; end if;"),
    kw("else", "else ...", "the branch taken when no condition held", "if x then a; else b; end if;"),
    kw("case", "case e of (v): ... otherwise ... end case;", "chooses a branch by value (or, without `of`, by condition)", "case n of (1): print('one'); otherwise print('many'); end case;"),
    kw("of", "case e of ...", "introduces the branches of a `case` on a value", "case c of ('a', 'e'): print('vowel'); end case;"),
    kw("when", "when c => ...", "a branch of a `case` (alternative spelling)", "case when x > 0 => print('pos'); end case;"),
    kw("otherwise", "otherwise ...", "the branch of a `case` taken when none matched", "case n of (1): a; otherwise b; end case;"),
    kw("loop", "[for ... | while ... | until ...] loop ... end loop;", "a loop; bare `loop` runs until `quit`", "for i in [1..3] loop print(i); end loop;"),
    kw("for", "for x in s [| c] loop ... end loop;", "iterates over a set, tuple, string or range", "for x in {1, 2} loop print(x); end loop;"),
    kw("forall", "forall x in s | c", "whether c holds for every element", "forall x in [2, 4] | even x  -- #T"),
    kw("while", "while c loop ... end loop;", "loops while c holds (tested first)", "while n > 0 loop n -:= 1; end loop;"),
    kw("until", "until c loop ... end loop;", "loops until c holds (tested after each pass)", "until n = 0 loop n -:= 1; end loop;"),
    kw("do", "loop init ... doing ... while ... step ... until ... term ... do ... end loop;", "introduces the body of a CIMS loop header", "loop init i := 0; while i < 3 step i +:= 1; do print(i); end loop;"),
    kw("doing", "loop doing ...", "statements run before each pass of a CIMS loop", "loop init i := 0; doing i +:= 1; while i < 3 do print(i); end loop;"),
    kw("step", "loop step ...", "statements run after each pass of a CIMS loop", "loop init i := 0; while i < 3 step i +:= 1; do print(i); end loop;"),
    kw("term", "loop term ...", "statements run when a CIMS loop ends", "loop init i := 0; while i < 3 step i +:= 1; term print('done'); do pass; end loop;"),
    kw("exists", "exists x in s | c", "whether c holds for some element; x keeps the witness", "exists x in [1, 4] | x > 2  -- #T"),
    kw("notexists", "notexists x in s | c", "whether c holds for no element", "notexists x in [1, 2] | x > 2  -- #T"),
    kw("from", "x from s;", "takes an element out of a set (the first in canonical order) into x", "s := {3, 1}; x from s; [x, s]  -- [1 {3}]"),
    kw("fromb", "x fromb t;", "takes the first element of a tuple or string into x", "t := [5, 6]; x fromb t; [x, t]  -- [5 [6]]"),
    kw("frome", "x frome t;", "takes the last element of a tuple or string into x", "t := [5, 6]; x frome t; [x, t]  -- [6 [5]]"),
    kw("quit", "quit [loop];", "leaves the innermost loop", "loop quit; end loop;"),
    kw("exit", "exit;", "the same as `quit`", "loop exit; end loop;"),
    kw("continue", "continue [loop];", "goes on with the next pass of the innermost loop", "for i in [1..3] loop if i = 2 then continue; end if; print(i); end loop;"),
    kw("return", "return [e];", "leaves a routine, giving e (om without)", "proc one(); return 1; end proc;"),
    kw("stop", "stop [n];", "ends the program with exit status n (default 0)", "stop 1;"),
    kw("assert", "assert c;", "stops the program with a diagnostic if c is false", "assert 1 + 1 = 2;"),
    kw("pass", "pass;", "a statement that does nothing", "if x then pass; else y; end if;"),
    kw("null", "null;", "the same as `pass`", "if x then null; end if;"),
    kw("goto", "goto LABEL;", "jumps to a statement labelled `LABEL:`", "goto done; print('skipped'); done: print('here');"),
    kw("yield", "yield e;", "gives the value of an `expr ... end expr` block", "expr yield 6 * 7; end  -- 42"),
    kw("expr", "expr ... yield e; ... end", "an expression made of statements", "expr x := 2; yield x * x; end  -- 4"),
    kw("call", "call(f, args...)", "calls a routine value", "f := routine sq; call(f, 3);"),
    kw("routine", "routine f", "the value of a procedure, to pass around and `call`", "f := routine sq; call(f, 3);"),
    kw("rd", "proc f(rd x)", "a parameter that is only read (the default)", "proc f(rd x); print(x); end proc;"),
    kw("rw", "proc f(rw x)", "a parameter whose final value is copied back to the caller", "proc inc(rw x); x +:= 1; end proc;"),
    kw("wr", "proc f(wr x)", "a parameter that is only written, copied back to the caller", "proc get_two(wr x); x := 2; end proc;"),
    kw("impl", "a impl b", "logical implication", "false impl false  -- #T"),
    kw("or", "a or b", "logical or (b is evaluated only if a is false)", "false or true  -- #T"),
    kw("and", "a and b", "logical and (b is evaluated only if a is true)", "true and false  -- #F"),
    kw("not", "not b", "logical negation", "not true  -- #F"),
    kw("in", "x in s", "membership in a set, tuple or string; also the iteration of `for`", "2 in {1, 2}  -- #T"),
    kw("notin", "x notin s", "non-membership", "3 notin {1, 2}  -- #T"),
    kw("subset", "a subset b", "whether every element of set a is in b", "{1} subset {1, 2}  -- #T"),
    kw("incs", "a incs b", "whether set a includes b", "{1, 2} incs {1}  -- #T"),
    kw("npow", "n npow s", "the set of subsets of s with n elements", "2 npow {1, 2, 3}  -- {{1 2} {1 3} {2 3}}"),
    kw("with", "s with x", "s with x added (at the end of a tuple)", "[1] with 2  -- [1 2]"),
    kw("less", "s less x", "set s without x", "{1, 2} less 1  -- {2}"),
    kw("lessf", "f lessf x", "map f without its pairs whose first component is x", "{[1, 2], [3, 4]} lessf 1  -- {[3 4]}"),
    kw("lessb", "t lessb x", "reserved by GNU SETL, which stops with \"Not yet implemented\"; so does setl", "t lessb x"),
    kw("lesse", "t lesse x", "reserved by GNU SETL, which stops with \"Not yet implemented\"; so does setl", "t lesse x"),
    kw("withb", "t withb x", "reserved by GNU SETL, which stops with \"Not yet implemented\"; so does setl", "t withb x"),
    kw("withe", "t withe x", "reserved by GNU SETL, which stops with \"Not yet implemented\"; so does setl", "t withe x"),
    kw("max", "a max b", "the larger of two values (`max/ t` for a tuple)", "3 max 5  -- 5"),
    kw("min", "a min b", "the smaller of two values", "3 min 5  -- 3"),
    kw("bit_or", "a bit_or b", "bitwise or of integers", "5 bit_or 2  -- 7"),
    kw("bit_xor", "a bit_xor b", "bitwise exclusive or of integers", "6 bit_xor 3  -- 5"),
    kw("bit_and", "a bit_and b", "bitwise and of integers", "6 bit_and 3  -- 2"),
    kw("div", "a div b", "integer division, rounding toward zero", "7 div 2  -- 3"),
    kw("mod", "a mod b", "remainder with the sign of b (a set's symmetric difference for sets)", "-7 mod 3  -- 2"),
    kw("rem", "a rem b", "remainder with the sign of a", "-7 rem 3  -- -1"),
    kw("atan2", "y atan2 x", "the angle of point (x, y), in radians", "0 atan2 1  -- 0"),
    kw("st", "{x in s st c}", "the same as `|` in formers and quantifiers", "{x in {1, 2, 3} st x > 1}  -- {2 3}"),
    kw("where", "{x in s where c}", "the same as `|` in formers and quantifiers", "{x in {1, 2, 3} where x > 1}  -- {2 3}"),
];

/// The entry for a name (any case).
pub fn lookup(name: &str) -> Option<&'static Doc> {
    let name = name.to_ascii_lowercase();
    DOCS.iter().find(|d| d.name == name)
}

/// What `:help NAME` and `setl --doc NAME` print: the signature, what it
/// does and the example.
pub fn describe(name: &str) -> Option<String> {
    let d = lookup(name)?;
    Some(format!(
        "{}\n  {}\n  example: {}\n",
        d.signature, d.what, d.example
    ))
}

/// `setl --doc NAME`: prints the description; gives the exit status.
pub fn command(name: Option<&std::ffi::OsString>) -> i32 {
    match name.and_then(|n| describe(&n.to_string_lossy())) {
        Some(text) => {
            print!("{text}");
            0
        }
        None => {
            eprintln!("setl: --doc needs the name of a built-in, keyword or library routine");
            1
        }
    }
}

/// The README's library list: a table per theme, in `DOCS` order.
pub fn readme_list() -> String {
    let mut out = String::new();
    let mut theme = None;
    for d in DOCS {
        let Some(t) = d.theme else { continue };
        if theme != Some(t) {
            if theme.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("**{t}**\n\n| name | does |\n|---|---|\n"));
            theme = Some(t);
        }
        out.push_str(&format!(
            "| `{}` | {} |\n",
            d.signature.replace('|', "\\|"),
            d.what.replace('|', "\\|")
        ));
    }
    out
}
